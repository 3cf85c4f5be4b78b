// The browser's way to a language catalog: one chunk per language, loaded once and registered
// before anything renders in that language (see i18n.ts). The server never calls it.
import { registerCatalog, type Locale } from "./i18n";

const loading = new Map<Locale, Promise<void>>();

/** Loads and registers the catalog of `locale` (at most once). */
export function loadCatalog(locale: Locale): Promise<void> {
  let done = loading.get(locale);
  if (!done) {
    done = (locale === "en" ? import("./locales/en") : import("./locales/de")).then(({ default: catalog }) => registerCatalog(locale, catalog));
    loading.set(locale, done);
  }
  return done;
}
