// Wall-clock dates and times in Europe/Berlin ⇄ instants, refusing the times the summer-time
// change skips (spring) or repeats (autumn): a session must name one unambiguous instant.
import { berlinWallClock } from "~/dates/calendar";

export type WallClockError = "date" | "time" | "skipped" | "ambiguous";

/**
 * The instant a Berlin date ("yyyy-mm-dd") and time ("HH:MM") name, or the reason there is none:
 * a malformed or impossible date or time, a time the clocks skip (e.g. 02:30 on the last Sunday
 * of March), or one they pass twice (02:30 on the last Sunday of October).
 */
export function berlinInstant(date: string, time: string): { ok: true; at: Date } | { ok: false; error: WallClockError } {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!d) return { ok: false, error: "date" };
  const [year, month, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (year < 2000 || year > 2100 || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return { ok: false, error: "date" };
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!t || Number(t[1]) > 23 || Number(t[2]) > 59) return { ok: false, error: "time" };
  const wanted = `${date}T${time}`;
  const naive = Date.UTC(year, month - 1, day, Number(t[1]), Number(t[2]));
  // Berlin is UTC+1 or UTC+2: the instant, if any, is one of these two.
  const matches = [naive - 3_600_000, naive - 7_200_000].filter((ms) => berlinWallClock(new Date(ms)) === wanted);
  if (matches.length === 0) return { ok: false, error: "skipped" };
  if (matches.length > 1) return { ok: false, error: "ambiguous" };
  return { ok: true, at: new Date(matches[0]) };
}
