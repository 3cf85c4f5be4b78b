// i18next set-up shared by server and browser: both catalogs are bundled (they are small).
import i18next, { type i18n as I18n, type TFunction } from "i18next";
import { initReactI18next } from "react-i18next";
import de from "./locales/de";
import en from "./locales/en";

export const locales = ["de", "en"] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = "de";

export const resources = { de: { translation: de }, en: { translation: en } } as const;

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
    fallbackLng: defaultLocale,
    resources,
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
