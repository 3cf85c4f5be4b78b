// Page titles in the page's language: "<page> – Horizont".
import type { MetaDescriptor } from "@remix-run/node";
import { defaultLocale, isLocale, translator } from "~/i18n/i18n";

type Matches = { id: string; data: unknown }[];

export function pageTitle(matches: Matches, key: string, params?: Record<string, unknown>): MetaDescriptor[] {
  const rootData = matches.find((m) => m.id === "root")?.data as { locale?: string } | undefined;
  const locale = isLocale(rootData?.locale) ? rootData.locale : defaultLocale;
  const t = translator(locale);
  return [{ title: `${t(key as never, params as never)} – Horizont` }];
}
