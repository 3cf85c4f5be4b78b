// Upcoming workshops that certify a competence above a level: named where the quiz result and
// "Mein Lernen" would otherwise only say "a workshop" closes a gap.
import { and, eq, gt, gte, inArray, sql } from "drizzle-orm";
import type { Queryable } from "~/db/client.server";
import { eventCompetences, events, eventSessions } from "~/db/schema";

export interface CertifyingWorkshop {
  eventId: string;
  title: string;
  /** First date (ISO instant). */
  startsAt: string;
  competenceId: string;
  level: number;
}

/** Each event's first date, as a subquery `s` to join on `s.eventId`. */
export function firstSessions(db: Queryable) {
  return db
    // Not null: every group has a session (drizzle's min() would say Date | null).
    .select({ eventId: eventSessions.eventId, firstStart: sql<Date>`min(${eventSessions.startsAt})`.mapWith(eventSessions.startsAt).as("first_start") })
    .from(eventSessions)
    .groupBy(eventSessions.eventId)
    .as("s");
}

/**
 * A workshop of the authority still open for registration and not yet begun: scheduled, its
 * deadline ahead and its first date (`s`, from firstSessions) after `now`.
 */
export function openForRegistration(s: ReturnType<typeof firstSessions>, authorityId: string, now: Date) {
  return and(eq(events.authorityId, authorityId), eq(events.status, "scheduled"), gte(events.registrationDeadline, now), gt(s.firstStart, sql`${now.toISOString()}::timestamptz`));
}

/**
 * Per wanted competence the soonest workshop of the authority that certifies it above `above`
 * (preferring one that reaches `required`), still open for registration and not yet begun.
 * One query for all competences; competences without such a workshop are absent from the map.
 */
export async function workshopsCertifying(
  db: Queryable,
  authorityId: string,
  wanted: readonly { competenceId: string; above: number; required: number }[],
  now: Date,
): Promise<Map<string, CertifyingWorkshop>> {
  const out = new Map<string, CertifyingWorkshop>();
  if (wanted.length === 0) return out;
  const s = firstSessions(db);
  const rows = await db
    .select({ id: events.id, title: events.title, firstStart: s.firstStart, competenceId: eventCompetences.competenceId, level: eventCompetences.level })
    .from(events)
    .innerJoin(eventCompetences, eq(eventCompetences.eventId, events.id))
    .innerJoin(s, eq(s.eventId, events.id))
    .where(
      and(
        openForRegistration(s, authorityId, now),
        inArray(
          eventCompetences.competenceId,
          wanted.map((w) => w.competenceId),
        ),
      ),
    )
    .orderBy(s.firstStart, events.title);
  for (const w of wanted) {
    const fitting = rows.filter((r) => r.competenceId === w.competenceId && r.level > w.above);
    const chosen = fitting.find((r) => r.level >= w.required) ?? fitting[0];
    if (chosen)
      out.set(w.competenceId, {
        eventId: chosen.id,
        title: chosen.title,
        startsAt: chosen.firstStart.toISOString(),
        competenceId: w.competenceId,
        level: chosen.level,
      });
  }
  return out;
}
