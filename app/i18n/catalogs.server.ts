// Both catalogs for the server, which answers in either language. The browser loads only the
// page's own language (app/entry.client.tsx): a `.server` module never reaches the client build.
import de from "./locales/de";
import en from "./locales/en";

export const serverCatalogs = { de, en };
