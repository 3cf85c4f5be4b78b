// Which language a request gets: the person's choice, else the `lang` cookie, else Accept-Language.
import { createCookie } from "@remix-run/node";
import { defaultLocale, isLocale, locales, type Locale } from "./i18n";

export const langCookie = createCookie("horizont_lang", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

export async function resolveLocale(request: Request, personLocale?: string | null): Promise<Locale> {
  if (isLocale(personLocale)) return personLocale;
  const fromCookie = await langCookie.parse(request.headers.get("Cookie"));
  if (isLocale(fromCookie)) return fromCookie;
  return fromAcceptLanguage(request.headers.get("Accept-Language"));
}

export function fromAcceptLanguage(header: string | null): Locale {
  if (!header) return defaultLocale;
  const ranked = header
    .split(",")
    .map((part) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.find((p) => p.trim().startsWith("q="));
      return { lang: tag.trim().toLowerCase().split("-")[0], q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q);
  const hit = ranked.find((entry) => isLocale(entry.lang));
  return hit && isLocale(hit.lang) ? hit.lang : defaultLocale;
}

export { locales };
