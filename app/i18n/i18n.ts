// i18next set-up shared by server and browser. The server holds both catalogs
// (catalogs.server.ts); the browser loads only the page's language before it hydrates
// (entry.client.tsx, registerCatalog): each catalog is about 24 KB of compressed JavaScript,
// and every page would otherwise carry both (issue 15, ADR 016).
import i18next, { type i18n as I18n, type TFunction } from "i18next";
import { initReactI18next } from "react-i18next";
import { serverCatalogs } from "./catalogs.server";
import type de from "./locales/de";

export const locales = ["de", "en"] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = "de";

type Catalog = typeof de;
// In the browser the `.server` import is an empty module: nothing until registerCatalog.
const catalogs: Partial<Record<Locale, Catalog>> = { ...(serverCatalogs as Record<Locale, Catalog> | undefined) };

/** Makes a catalog available (the browser's entry does this for the page's language). */
export function registerCatalog(locale: Locale, catalog: Catalog) {
  catalogs[locale] = catalog;
}

function loadedResources() {
  const out: Partial<Record<Locale, { translation: Catalog }>> = {};
  for (const locale of locales) {
    const catalog = catalogs[locale];
    if (catalog) out[locale] = { translation: catalog };
  }
  return out;
}

declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "translation";
    resources: { translation: typeof de };
  }
}

/** A message for a whole page that refuses (the error page shows it in the person's language). */
export type ErrorMessageKey = `errors.${keyof (typeof de)["errors"] & string}`;

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (locales as readonly string[]).includes(value);
}

export function createI18n(locale: Locale): I18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    lng: locale,
    // Every catalog has every key (en.ts is typed by de.ts), so the fallback matters only on the
    // server, where both are loaded.
    fallbackLng: defaultLocale,
    resources: loadedResources(),
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  return instance;
}

const shared = new Map<Locale, I18n>();
/**
 * One initialised instance per locale, reused by every render (initialising i18next with both
 * catalogs costs milliseconds per request). Nothing changes an instance's language: switching
 * language reloads the root data, which picks the other instance.
 */
export function i18nFor(locale: Locale): I18n {
  let instance = shared.get(locale);
  if (!instance) {
    instance = createI18n(locale);
    shared.set(locale, instance);
  }
  return instance;
}

const fixed = new Map<Locale, TFunction>();
/** A translation function for server code (form errors, page titles). */
export function translator(locale: Locale): TFunction {
  let t = fixed.get(locale);
  if (!t) {
    t = createI18n(locale).t;
    fixed.set(locale, t);
  }
  return t;
}
