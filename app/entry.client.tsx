// Browser entry: loads the page's language catalog (only that one: the server holds both, see
// app/i18n/i18n.ts), then hydrates the server-rendered page with the same i18n settings.
import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { defaultLocale, isLocale } from "~/i18n/i18n";
import { loadCatalog } from "~/i18n/load-catalog";

const lang = document.documentElement.lang;

void loadCatalog(isLocale(lang) ? lang : defaultLocale).then(() => {
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <RemixBrowser />
      </StrictMode>,
    );
  });
});
