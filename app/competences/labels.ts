// Names of competences, dimensions and levels from the framework file, in the page's language.
import { competenceById, framework } from "./framework";

type Lang = "de" | "en";
const lang = (language: string): Lang => (language.startsWith("en") ? "en" : "de");

export function competenceName(id: string, language: string): string {
  return competenceById(id)?.name[lang(language)] ?? id;
}

export function competenceDescriptor(id: string, level: number, language: string): string | null {
  const c = competenceById(id);
  if (!c || level < 1 || level > 4) return null;
  return c.descriptors[String(level) as "1" | "2" | "3" | "4"][lang(language)];
}

export function dimensionName(id: string, language: string): string {
  return framework.dimensions.find((d) => d.id === id)?.name[lang(language)] ?? id;
}

export function levelName(level: number, language: string): string {
  return framework.levels.find((l) => l.level === level)?.name[lang(language)] ?? String(level);
}

// Creating an Intl.DateTimeFormat costs far more than formatting with one: one per language.
const dateFormats = new Map<Lang, Intl.DateTimeFormat>();

export function formatDate(value: string | Date | null | undefined, language: string): string {
  if (!value) return "";
  const date = typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
  const l = lang(language);
  let format = dateFormats.get(l);
  if (!format) {
    format = new Intl.DateTimeFormat(l === "de" ? "de-DE" : "en-GB", { dateStyle: "medium", timeZone: "Europe/Berlin" });
    dateFormats.set(l, format);
  }
  return format.format(date);
}
