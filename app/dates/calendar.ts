// Dates as people in a German office mean them: calendar days in Europe/Berlin (due dates,
// "today", the first day a module was opened), date inputs, and months added for expiry.
// Wall-clock times of workshops build on berlinWallClock (app/events/times.ts).
const zone = "Europe/Berlin";

const parts = new Intl.DateTimeFormat("en-GB", {
  timeZone: zone,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** The Berlin wall-clock reading of an instant as "yyyy-mm-ddTHH:MM". */
export function berlinWallClock(at: Date): string {
  const p = Object.fromEntries(parts.formatToParts(at).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** The calendar day (yyyy-mm-dd) an instant falls on in Berlin: "today" for due dates. */
export function berlinDate(at: Date): string {
  return berlinWallClock(at).slice(0, 10);
}

/** A date input (yyyy-mm-dd) as noon UTC, so it is the same calendar day in every zone. */
export function dateOnly(value: string): Date {
  return new Date(`${value}T12:00:00Z`);
}

/** Adds months in UTC, clamping to the month's last day (31 Jan + 1 month = 28/29 Feb), as PostgreSQL does. */
export function addMonths(date: Date, months: number): Date {
  const d = new Date(date.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}
