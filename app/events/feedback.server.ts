// Anonymous feedback after a workshop: a person who attended (fully or partly) answers once;
// the answer row carries no person, no registration and no time, only the event. Results are
// shown to HR, the managing lead and the trainer only as aggregates, and only from the
// authority's minimum group size on (the same rule as every other aggregate: app/privacy/suppression.ts).
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { forbidden, notFound, type Actor } from "~/auth/access.server";
import type { Queryable } from "~/db/client.server";
import { eventFeedback, eventRegistrations, events, eventSessions } from "~/db/schema";
import { mustSuppress } from "~/privacy/suppression";
import { getSettings } from "~/org/settings.server";
import { EventFormError } from "./events.server";

export interface FeedbackAnswers {
  rating: number;
  usefulness: number;
}

async function eventOf(db: Queryable, viewer: Actor, eventId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(eventId)) throw notFound();
  const [event] = await db.select().from(events).where(and(eq(events.id, eventId), eq(events.authorityId, viewer.authorityId)));
  if (!event) throw notFound();
  const [last] = await db.select({ endsAt: eventSessions.endsAt }).from(eventSessions).where(eq(eventSessions.eventId, eventId)).orderBy(desc(eventSessions.endsAt)).limit(1);
  return { event, endsAt: last?.endsAt ?? null };
}

/** Whether the viewer may give feedback now ("open"), already did ("given"), or cannot ("none"). */
export async function feedbackState(db: Queryable, viewer: Actor, eventId: string, now: Date): Promise<"open" | "given" | "none"> {
  const { event, endsAt } = await eventOf(db, viewer, eventId);
  if (event.status !== "scheduled" || !endsAt || endsAt > now) return "none";
  const [reg] = await db
    .select({ attendance: eventRegistrations.attendance, given: eventRegistrations.feedbackGiven })
    .from(eventRegistrations)
    .where(and(eq(eventRegistrations.eventId, eventId), eq(eventRegistrations.personId, viewer.id), eq(eventRegistrations.status, "registered")));
  if (!reg || !(reg.attendance === "full" || reg.attendance === "partial")) return "none";
  return reg.given ? "given" : "open";
}

/**
 * Records one anonymous answer. Only after the event ended, only for those marked as attending,
 * only once: the registration's flag is set in the same statement that checks it, so a double
 * submit or a second tab adds nothing.
 */
export async function giveFeedback(db: Queryable, viewer: Actor, eventId: string, answers: FeedbackAnswers, now: Date): Promise<void> {
  for (const key of ["rating", "usefulness"] as const)
    if (!Number.isInteger(answers[key]) || answers[key] < 1 || answers[key] > 5) throw new EventFormError(key, "events.feedback.errors.scale");
  const { event, endsAt } = await eventOf(db, viewer, eventId);
  if (event.status !== "scheduled") throw new EventFormError("form", "events.errors.cancelled");
  if (!endsAt || endsAt > now) throw new EventFormError("form", "events.feedback.errors.notEnded");
  const flagged = await db
    .update(eventRegistrations)
    .set({ feedbackGiven: true })
    .where(
      and(
        eq(eventRegistrations.eventId, eventId),
        eq(eventRegistrations.personId, viewer.id),
        eq(eventRegistrations.status, "registered"),
        inArray(eventRegistrations.attendance, ["full", "partial"]),
        eq(eventRegistrations.feedbackGiven, false),
      ),
    )
    .returning({ id: eventRegistrations.id });
  if (flagged.length === 0) {
    const state = await feedbackState(db, viewer, eventId, now);
    throw new EventFormError("form", state === "given" ? "events.feedback.errors.given" : "events.feedback.errors.notAttended");
  }
  // No person, no time: the row cannot be tied back to the registration (and no audit entry names it).
  await db.insert(eventFeedback).values({ eventId, rating: answers.rating, usefulness: answers.usefulness });
}

export type FeedbackSummary =
  | { shown: true; answers: number; rating: number; usefulness: number; ratingCounts: number[]; usefulnessCounts: number[] }
  | { shown: false; minimum: number };

/** The aggregate for HR, the managing lead or the trainer; hidden below the minimum group size. */
export async function feedbackSummary(db: Queryable, viewer: Actor, eventId: string): Promise<FeedbackSummary> {
  const { event } = await eventOf(db, viewer, eventId);
  const manages = viewer.roles.includes("hr") || (!!event.unitId && viewer.roles.includes("lead") && viewer.ledUnitIds.includes(event.unitId)) || event.trainerPersonId === viewer.id;
  if (!manages) throw forbidden();
  const { minGroupSize } = await getSettings(db, viewer.authorityId);
  const rows = await db
    .select({ rating: eventFeedback.rating, usefulness: eventFeedback.usefulness, n: sql<number>`count(*)::int` })
    .from(eventFeedback)
    .where(eq(eventFeedback.eventId, eventId))
    .groupBy(eventFeedback.rating, eventFeedback.usefulness)
    .orderBy(asc(eventFeedback.rating));
  const answers = rows.reduce((sum, r) => sum + r.n, 0);
  if (answers === 0 || mustSuppress(answers, minGroupSize)) return { shown: false, minimum: minGroupSize };
  const ratingCounts = [0, 0, 0, 0, 0];
  const usefulnessCounts = [0, 0, 0, 0, 0];
  let rating = 0;
  let usefulness = 0;
  for (const r of rows) {
    ratingCounts[r.rating - 1] += r.n;
    usefulnessCounts[r.usefulness - 1] += r.n;
    rating += r.rating * r.n;
    usefulness += r.usefulness * r.n;
  }
  return { shown: true, answers, rating: Math.round((rating / answers) * 10) / 10, usefulness: Math.round((usefulness / answers) * 10) / 10, ratingCounts, usefulnessCounts };
}
