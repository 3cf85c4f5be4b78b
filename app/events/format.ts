// Dates and times of workshop sessions as people in Berlin read them.
const cache = new Map<string, Intl.DateTimeFormat>();

function format(language: string, options: Intl.DateTimeFormatOptions) {
  const key = `${language}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(language.startsWith("en") ? "en-GB" : "de-DE", { ...options, timeZone: "Europe/Berlin" });
    cache.set(key, f);
  }
  return f;
}

export function sessionDate(iso: string, language: string) {
  return format(language, { weekday: "short", day: "numeric", month: "long", year: "numeric" }).format(new Date(iso));
}

export function clockTime(iso: string, language: string) {
  return format(language, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(iso));
}

export function dateTime(iso: string, language: string) {
  return format(language, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
}

export function euros(cents: number, language: string) {
  return new Intl.NumberFormat(language.startsWith("en") ? "en-GB" : "de-DE", { style: "currency", currency: "EUR" }).format(cents / 100);
}
