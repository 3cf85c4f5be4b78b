// Workshops (Veranstaltungen): creating, moving and cancelling events, registering with a
// waiting list, attendance that writes evidence through the one evidence writer, and the
// calendar file. Every function runs inside the caller's transaction.
import { and, asc, desc, eq, inArray, isNotNull, isNull, ne, sql } from "drizzle-orm";
import ical, { ICalCalendarMethod, ICalEventStatus } from "ical-generator";
import { audit } from "~/audit/audit.server";
import { forbidden, hasPermission, leads, notFound, scopeFor, type Actor } from "~/auth/access.server";
import { recordEvidence, revokeEvidence } from "~/competences/evidence.server";
import { isCompetenceId } from "~/competences/framework";
import type { Queryable } from "~/db/client.server";
import { assignments, eventCompetences, eventRegistrations, events, eventSessions, notifications, people, quizAttempts, roleDescriptions, unitLeads, units } from "~/db/schema";
import { catalogForAuthority } from "~/courses/authority-catalog.server";
import { revokeEventCredential } from "~/badges/credentials.server";
import { attendedKey, queueEventAttended, voidStatements } from "~/xapi/statements.server";
import { mailEventChange, type EventMailKind } from "./event-mails.server";
import { getSettings } from "~/org/settings.server";
import { berlinInstant } from "./times";
import { addMonths, berlinDate } from "~/dates/calendar";

/** The highest level a workshop may certify (modules certify at most 2; level 4 needs more than a workshop). */
export const EVENT_MAX_LEVEL = 3;

/** A field-level problem of an event form or an event action (message key for the form). */
export class EventFormError extends Error {
  constructor(
    readonly field: string,
    readonly messageKey: string,
  ) {
    super(messageKey);
  }
}

export interface SessionInput {
  date: string;
  start: string;
  end: string;
}

export interface EventInput {
  title: string;
  description: string;
  trainerPersonId: string | null;
  trainerName: string | null;
  trainerOrganisation: string | null;
  place: string | null;
  onlineUrl: string | null;
  capacity: number;
  deadlineDate: string;
  deadlineTime: string;
  audienceRoleIds: string[];
  audienceUnitIds: string[];
  costCents: number;
  validMonths: number | null;
  unitId: string | null;
  sessions: SessionInput[];
  competences: { competenceId: string; level: number }[];
  /** "<course>/<module>": a module whose quiz must be passed (after the start) before attendance counts; null: none. */
  postQuiz?: string | null;
}

const wallClockKey = { date: "events.errors.date", time: "events.errors.time", skipped: "events.errors.skipped", ambiguous: "events.errors.ambiguous" } as const;

/** Turns entered sessions into instants, with the field of the first problem (sessions.0.start …). */
export function parseSessions(sessions: SessionInput[]): { startsAt: Date; endsAt: Date }[] {
  if (sessions.length === 0) throw new EventFormError("sessions", "events.errors.noSession");
  return sessions.map((s, i) => {
    const start = berlinInstant(s.date, s.start);
    if (!start.ok) throw new EventFormError(start.error === "date" ? `sessions.${i}.date` : `sessions.${i}.start`, wallClockKey[start.error]);
    const end = berlinInstant(s.date, s.end);
    if (!end.ok) throw new EventFormError(end.error === "date" ? `sessions.${i}.date` : `sessions.${i}.end`, wallClockKey[end.error]);
    if (end.at <= start.at) throw new EventFormError(`sessions.${i}.end`, "events.errors.endBeforeStart");
    return { startsAt: start.at, endsAt: end.at };
  });
}

function isHttpUrl(value: string) {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

/** HR manages every event of the authority; a lead those created for a unit they lead. */
function canManage(viewer: Actor, event: { unitId: string | null }) {
  return scopeFor(viewer, "write", "event", { unitId: event.unitId }) !== null;
}

async function loadEvent(db: Queryable, viewer: Actor, eventId: string, lock = false) {
  if (!/^[0-9a-f-]{36}$/i.test(eventId)) throw notFound();
  const query = db.select().from(events).where(and(eq(events.id, eventId), eq(events.authorityId, viewer.authorityId)));
  // The row lock serialises registrations for one event on the server (PGlite has one connection).
  const [event] = lock ? await query.for("update") : await query;
  if (!event) throw notFound();
  return event;
}

export async function createEvent(db: Queryable, viewer: Actor, input: EventInput, now: Date): Promise<string> {
  if (!canManage(viewer, { unitId: input.unitId })) throw forbidden();
  if (!input.title.trim()) throw new EventFormError("title", "validation.required");
  if (!input.trainerPersonId && !input.trainerName?.trim()) throw new EventFormError("trainerName", "events.errors.trainer");
  if (!input.place?.trim() && !input.onlineUrl?.trim()) throw new EventFormError("place", "events.errors.placeOrLink");
  if (input.onlineUrl && !isHttpUrl(input.onlineUrl)) throw new EventFormError("onlineUrl", "events.errors.url");
  if (!Number.isInteger(input.capacity) || input.capacity < 1 || input.capacity > 1000) throw new EventFormError("capacity", "events.errors.capacity");
  if (!Number.isInteger(input.costCents) || input.costCents < 0) throw new EventFormError("cost", "events.errors.cost");
  const sessions = parseSessions(input.sessions);
  const deadline = berlinInstant(input.deadlineDate, input.deadlineTime);
  if (!deadline.ok) throw new EventFormError(deadline.error === "date" ? "deadlineDate" : "deadlineTime", wallClockKey[deadline.error]);
  const firstStart = sessions.reduce((min, s) => (s.startsAt < min ? s.startsAt : min), sessions[0].startsAt);
  if (deadline.at > firstStart) throw new EventFormError("deadlineDate", "events.errors.deadlineAfterStart");
  if (firstStart <= now) throw new EventFormError("sessions.0.date", "events.errors.inPast");
  for (const c of input.competences) {
    if (!isCompetenceId(c.competenceId)) throw new EventFormError("competences", "validation.invalidChoice");
    if (!Number.isInteger(c.level) || c.level < 1 || c.level > EVENT_MAX_LEVEL) throw new EventFormError("competences", "events.errors.level");
  }
  if (input.unitId) {
    const [unit] = await db.select({ id: units.id }).from(units).where(and(eq(units.id, input.unitId), eq(units.authorityId, viewer.authorityId)));
    if (!unit) throw new EventFormError("unitId", "validation.invalidChoice");
  }
  if (input.audienceUnitIds.length) {
    const found = await db.select({ id: units.id }).from(units).where(and(inArray(units.id, input.audienceUnitIds), eq(units.authorityId, viewer.authorityId)));
    if (found.length !== new Set(input.audienceUnitIds).size) throw new EventFormError("audienceUnitIds", "validation.invalidChoice");
  }
  if (input.audienceRoleIds.length) {
    const found = await db
      .select({ id: roleDescriptions.id })
      .from(roleDescriptions)
      .where(and(inArray(roleDescriptions.id, input.audienceRoleIds), eq(roleDescriptions.authorityId, viewer.authorityId)));
    if (found.length !== new Set(input.audienceRoleIds).size) throw new EventFormError("audienceRoleIds", "validation.invalidChoice");
  }
  if (input.trainerPersonId) {
    const [trainer] = await db
      .select({ id: people.id })
      .from(people)
      .where(and(eq(people.id, input.trainerPersonId), eq(people.authorityId, viewer.authorityId)));
    if (!trainer) throw new EventFormError("trainerPersonId", "validation.invalidChoice");
  }
  let postQuiz: { courseId: string; moduleId: string } | null = null;
  if (input.postQuiz) {
    const m = /^([a-z0-9-]+)\/([a-z0-9-]+)$/.exec(input.postQuiz);
    if (!m || !(await catalogForAuthority(db, viewer.authorityId)).module(m[1], m[2])) throw new EventFormError("postQuiz", "validation.invalidChoice");
    if (input.competences.length === 0) throw new EventFormError("postQuiz", "events.errors.postQuizWithoutCompetences");
    postQuiz = { courseId: m[1], moduleId: m[2] };
  }
  const [row] = await db
    .insert(events)
    .values({
      postQuizCourseId: postQuiz?.courseId ?? null,
      postQuizModuleId: postQuiz?.moduleId ?? null,
      authorityId: viewer.authorityId,
      title: input.title.trim(),
      description: input.description.trim(),
      trainerPersonId: input.trainerPersonId,
      trainerName: input.trainerName?.trim() || null,
      trainerOrganisation: input.trainerOrganisation?.trim() || null,
      place: input.place?.trim() || null,
      onlineUrl: input.onlineUrl?.trim() || null,
      capacity: input.capacity,
      registrationDeadline: deadline.at,
      audienceRoleIds: [...new Set(input.audienceRoleIds)],
      audienceUnitIds: [...new Set(input.audienceUnitIds)],
      costCents: input.costCents,
      validMonths: input.validMonths,
      unitId: input.unitId,
      createdBy: viewer.id,
      createdAt: now,
    })
    .returning({ id: events.id });
  await db.insert(eventSessions).values(sessions.map((s) => ({ eventId: row.id, ...s })));
  // Per framework competence only its highest level counts.
  const levels = new Map<string, number>();
  for (const c of input.competences) levels.set(c.competenceId, Math.max(levels.get(c.competenceId) ?? 0, c.level));
  if (levels.size) await db.insert(eventCompetences).values([...levels].map(([competenceId, level]) => ({ eventId: row.id, competenceId, level })));
  await audit(db, { authorityId: viewer.authorityId, actorId: viewer.id, action: "event.create", details: { eventId: row.id, title: input.title } });
  return row.id;
}

export type RegistrationOutcome = "registered" | "waitlisted" | "pending";

/**
 * Whether a person's own registration waits for their lead: the authority wants it, and the
 * person has a lead (someone else leading their unit).
 */
async function needsApproval(db: Queryable, authorityId: string, personId: string): Promise<boolean> {
  if (!(await getSettings(db, authorityId)).leadApprovesRegistrations) return false;
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(people)
    .innerJoin(unitLeads, eq(unitLeads.unitId, people.unitId))
    .where(and(eq(people.id, personId), ne(unitLeads.personId, personId)));
  return (row?.n ?? 0) > 0;
}

/** Seat or waiting list for a person, by the seats taken now (the event row is locked). */
async function seatFor(db: Queryable, event: { id: string; capacity: number }): Promise<"registered" | "waitlisted"> {
  const [taken] = await db
    .select({ seats: sql<number>`count(*)::int` })
    .from(eventRegistrations)
    .where(and(eq(eventRegistrations.eventId, event.id), eq(eventRegistrations.status, "registered")));
  return taken.seats < event.capacity ? "registered" : "waitlisted";
}

/**
 * Registers a person (the viewer, or a member of a unit the viewer leads) for an event. Takes a
 * seat while one is free, else a place on the waiting list; the event row is locked first, so
 * concurrent registrations never exceed the capacity.
 */
export async function registerForEvent(db: Queryable, viewer: Actor, eventId: string, personId: string, now: Date): Promise<RegistrationOutcome> {
  const event = await loadEvent(db, viewer, eventId, true);
  if (personId !== viewer.id) {
    const [person] = await db
      .select({ unitId: people.unitId })
      .from(people)
      .where(and(eq(people.id, personId), eq(people.authorityId, viewer.authorityId), eq(people.active, true)));
    if (!person) throw notFound();
    if (!leads(viewer, person.unitId)) throw forbidden();
  }
  if (event.status === "cancelled") throw new EventFormError("event", "events.errors.cancelled");
  if (event.registrationDeadline < now) throw new EventFormError("event", "events.errors.deadlinePassed");
  const [taken] = await db
    .select({ mine: sql<number>`count(*)::int` })
    .from(eventRegistrations)
    .where(and(eq(eventRegistrations.eventId, eventId), ne(eventRegistrations.status, "cancelled"), eq(eventRegistrations.personId, personId)));
  if (taken.mine > 0) throw new EventFormError("event", "events.errors.alreadyRegistered");
  // A lead registering a member has approved already; one's own registration may wait for the lead.
  const status: RegistrationOutcome = personId === viewer.id && (await needsApproval(db, viewer.authorityId, personId)) ? "pending" : await seatFor(db, event);
  await db.insert(eventRegistrations).values({ authorityId: viewer.authorityId, eventId, personId, status, registeredBy: viewer.id, createdAt: now });
  if (status === "pending") {
    // The person's leads find the request in their notifications, linked to the event page.
    const leads = await db
      .select({ personId: unitLeads.personId })
      .from(unitLeads)
      .innerJoin(people, eq(people.unitId, unitLeads.unitId))
      .where(and(eq(people.id, personId), ne(unitLeads.personId, personId)));
    if (leads.length)
      await db
        .insert(notifications)
        .values(leads.map((l) => ({ authorityId: viewer.authorityId, personId: l.personId, kind: "event.pending", details: { eventId, title: event.title }, createdAt: now })));
  }
  await audit(db, { authorityId: viewer.authorityId, actorId: viewer.id, action: `event.${status}`, subjectPersonId: personId, details: { eventId } });
  return status;
}

/**
 * A lead approves or refuses a pending registration of a member of a unit they lead. Approval
 * takes a seat while one is free (else the waiting list) at the time of approval; refusal
 * cancels the registration. The person is told in the app and by mail.
 */
export async function decideRegistration(
  db: Queryable,
  viewer: Actor,
  eventId: string,
  personId: string,
  decision: "approve" | "refuse",
  now: Date,
): Promise<RegistrationOutcome | "refused"> {
  const event = await loadEvent(db, viewer, eventId, true);
  const [person] = await db.select({ unitId: people.unitId }).from(people).where(and(eq(people.id, personId), eq(people.authorityId, viewer.authorityId)));
  if (!person) throw notFound();
  if (!(viewer.roles.includes("lead") && person.unitId && viewer.ledUnitIds.includes(person.unitId) && personId !== viewer.id)) throw forbidden();
  const [pending] = await db
    .select({ id: eventRegistrations.id })
    .from(eventRegistrations)
    .where(and(eq(eventRegistrations.eventId, eventId), eq(eventRegistrations.personId, personId), eq(eventRegistrations.status, "pending")));
  if (!pending) throw new EventFormError("event", "events.errors.notPending");
  let outcome: RegistrationOutcome | "refused" = "refused";
  if (decision === "approve") {
    if (event.status === "cancelled") throw new EventFormError("event", "events.errors.cancelled");
    outcome = await seatFor(db, event);
  }
  await db
    .update(eventRegistrations)
    .set(outcome === "refused" ? { status: "cancelled", cancelledAt: now } : { status: outcome, registeredBy: viewer.id })
    .where(eq(eventRegistrations.id, pending.id));
  const kind = decision === "approve" ? "event.approved" : "event.refused";
  await db.insert(notifications).values({ authorityId: event.authorityId, personId, kind, details: { eventId: event.id, title: event.title }, createdAt: now });
  await mailEventChange(db, eventId, kind, [personId], now);
  await audit(db, { authorityId: viewer.authorityId, actorId: viewer.id, action: `event.registration.${decision}`, subjectPersonId: personId, details: { eventId, outcome } });
  return outcome;
}

/** Cancels a person's registration; the first on the waiting list moves up in the same transaction. */
export async function cancelRegistration(db: Queryable, viewer: Actor, eventId: string, personId: string, now: Date): Promise<{ promoted: string | null }> {
  const event = await loadEvent(db, viewer, eventId, true);
  if (personId !== viewer.id && !canManage(viewer, event)) {
    const [person] = await db.select({ unitId: people.unitId }).from(people).where(and(eq(people.id, personId), eq(people.authorityId, viewer.authorityId)));
    if (!leads(viewer, person?.unitId)) throw forbidden();
  }
  const [live] = await db
    .select({ id: eventRegistrations.id })
    .from(eventRegistrations)
    .where(and(eq(eventRegistrations.eventId, eventId), eq(eventRegistrations.personId, personId), ne(eventRegistrations.status, "cancelled")));
  if (!live) throw new EventFormError("event", "events.errors.notRegistered");
  await db.update(eventRegistrations).set({ status: "cancelled", cancelledAt: now }).where(eq(eventRegistrations.id, live.id));
  await audit(db, { authorityId: viewer.authorityId, actorId: viewer.id, action: "event.cancelRegistration", subjectPersonId: personId, details: { eventId } });
  return { promoted: event.status === "scheduled" ? await fillSeats(db, event, now) : null };
}

/** Moves the longest-waiting person up while a seat is free; tells them in the app. */
async function fillSeats(db: Queryable, event: typeof events.$inferSelect, now: Date): Promise<string | null> {
  const [{ seats }] = await db
    .select({ seats: sql<number>`count(*)::int` })
    .from(eventRegistrations)
    .where(and(eq(eventRegistrations.eventId, event.id), eq(eventRegistrations.status, "registered")));
  if (seats >= event.capacity) return null;
  const [next] = await db
    .select({ id: eventRegistrations.id, personId: eventRegistrations.personId })
    .from(eventRegistrations)
    .where(and(eq(eventRegistrations.eventId, event.id), eq(eventRegistrations.status, "waitlisted")))
    .orderBy(asc(eventRegistrations.createdAt), asc(eventRegistrations.id))
    .limit(1);
  if (!next) return null;
  await db.update(eventRegistrations).set({ status: "registered" }).where(eq(eventRegistrations.id, next.id));
  await db.insert(notifications).values({ authorityId: event.authorityId, personId: next.personId, kind: "event.promoted", details: { eventId: event.id, title: event.title }, createdAt: now });
  await mailEventChange(db, event.id, "event.promoted", [next.personId], now);
  return next.personId;
}

/** Tells everyone registered (seat, waiting list or pending) in the app and by mail (with the updated calendar file). */
async function notifyRegistered(db: Queryable, event: typeof events.$inferSelect, kind: Extract<EventMailKind, "event.cancelled" | "event.moved">, now: Date) {
  const rows = await db
    .select({ personId: eventRegistrations.personId })
    .from(eventRegistrations)
    .where(and(eq(eventRegistrations.eventId, event.id), ne(eventRegistrations.status, "cancelled")));
  if (rows.length)
    await db.insert(notifications).values(rows.map((r) => ({ authorityId: event.authorityId, personId: r.personId, kind, details: { eventId: event.id, title: event.title }, createdAt: now })));
  await mailEventChange(db, event.id, kind, rows.map((r) => r.personId), now);
  return rows.length;
}

/** Cancels the event: registrations stay (for the calendar's cancellation), everyone is told. */
export async function cancelEvent(db: Queryable, viewer: Actor, eventId: string, now: Date): Promise<number> {
  const event = await loadEvent(db, viewer, eventId, true);
  if (!canManage(viewer, event)) throw forbidden();
  if (event.status === "cancelled") return 0;
  await db.update(events).set({ status: "cancelled", cancelledAt: now, sequence: event.sequence + 1 }).where(eq(events.id, eventId));
  // Open assignments of the workshop (team page) lapse with it; the lead is told like every registrant.
  await db.delete(assignments).where(and(eq(assignments.eventId, eventId), isNull(assignments.fulfilledAt)));
  await audit(db, { authorityId: viewer.authorityId, actorId: viewer.id, action: "event.cancel", details: { eventId } });
  return notifyRegistered(db, event, "event.cancelled", now);
}

/** Gives the event new dates: the calendar file keeps its UIDs with a higher SEQUENCE, everyone is told. */
export async function moveEvent(db: Queryable, viewer: Actor, eventId: string, sessions: SessionInput[], now: Date): Promise<number> {
  const event = await loadEvent(db, viewer, eventId, true);
  if (!canManage(viewer, event)) throw forbidden();
  if (event.status === "cancelled") throw new EventFormError("event", "events.errors.cancelled");
  const parsed = parseSessions(sessions);
  const firstStart = parsed.reduce((min, s) => (s.startsAt < min ? s.startsAt : min), parsed[0].startsAt);
  if (firstStart <= now) throw new EventFormError("sessions.0.date", "events.errors.inPast");
  if (event.registrationDeadline > firstStart) throw new EventFormError("sessions.0.date", "events.errors.beforeDeadline");
  await db.delete(eventSessions).where(eq(eventSessions.eventId, eventId));
  await db.insert(eventSessions).values(parsed.map((s) => ({ eventId, ...s })));
  await db.update(events).set({ sequence: event.sequence + 1 }).where(eq(events.id, eventId));
  // Open assignments of the workshop stay due on its (new) first date.
  await db
    .update(assignments)
    .set({ dueOn: berlinDate(firstStart) })
    .where(and(eq(assignments.eventId, eventId), isNull(assignments.fulfilledAt)));
  await audit(db, { authorityId: viewer.authorityId, actorId: viewer.id, action: "event.move", details: { eventId, sessions } });
  return notifyRegistered(db, event, "event.moved", now);
}

/** Whether the event's post-quiz (if it names one) has been passed by the person since the event's start. */
async function postQuizDone(db: Queryable, event: typeof events.$inferSelect, personId: string, startsAt: Date): Promise<boolean> {
  if (!event.postQuizCourseId || !event.postQuizModuleId) return true;
  const [row] = await db
    .select({ id: quizAttempts.id })
    .from(quizAttempts)
    .where(
      and(
        eq(quizAttempts.personId, personId),
        eq(quizAttempts.courseId, event.postQuizCourseId),
        eq(quizAttempts.moduleId, event.postQuizModuleId),
        eq(quizAttempts.passed, true),
        sql`${quizAttempts.submittedAt} >= ${startsAt.toISOString()}::timestamptz`,
      ),
    )
    .limit(1);
  return !!row;
}

/** The attendance evidence of one person: each competence the event certifies, through the one evidence writer. */
async function attendanceEvidence(
  db: Queryable,
  input: { authorityId: string; personId: string; recordedBy: string; title: string; certified: { competenceId: string; level: number }[]; achievedAt: Date; validUntil: Date | null },
): Promise<string[]> {
  const ids: string[] = [];
  for (const c of input.certified)
    ids.push(
      await recordEvidence(db, {
        authorityId: input.authorityId,
        personId: input.personId,
        competenceId: c.competenceId,
        level: c.level,
        source: "attendance",
        recordedBy: input.recordedBy,
        note: input.title,
        achievedAt: input.achievedAt,
        validUntil: input.validUntil,
      }),
    );
  return ids;
}

/**
 * Called in the transaction of a passing quiz attempt: attendance in full that waited for this
 * module's quiz (the event names it as post-quiz, began before `at`) now writes its evidence,
 * recorded by whoever confirmed the attendance. Returns how many evidence rows were written.
 */
export async function writeAwaitedAttendanceEvidence(db: Queryable, input: { personId: string; courseId: string; moduleId: string; at: Date }): Promise<number> {
  const waiting = await db
    .select({ registration: eventRegistrations, event: events })
    .from(eventRegistrations)
    .innerJoin(events, eq(events.id, eventRegistrations.eventId))
    .where(
      and(
        eq(eventRegistrations.personId, input.personId),
        eq(eventRegistrations.status, "registered"),
        eq(eventRegistrations.attendance, "full"),
        sql`cardinality(${eventRegistrations.evidenceIds}) = 0`,
        eq(events.postQuizCourseId, input.courseId),
        eq(events.postQuizModuleId, input.moduleId),
        eq(events.status, "scheduled"),
      ),
    )
    .for("update", { of: eventRegistrations });
  let written = 0;
  for (const { registration, event } of waiting) {
    const sessions = await db.select().from(eventSessions).where(eq(eventSessions.eventId, event.id)).orderBy(asc(eventSessions.startsAt));
    if (sessions[0].startsAt > input.at) continue;
    const certified = await db.select().from(eventCompetences).where(eq(eventCompetences.eventId, event.id));
    const achievedAt = sessions[sessions.length - 1].endsAt;
    const evidenceIds = await attendanceEvidence(db, {
      authorityId: event.authorityId,
      personId: input.personId,
      recordedBy: registration.attendanceBy ?? input.personId,
      title: event.title,
      certified,
      achievedAt,
      validUntil: event.validMonths ? addMonths(achievedAt, event.validMonths) : null,
    });
    await db.update(eventRegistrations).set({ evidenceIds }).where(eq(eventRegistrations.id, registration.id));
    written += evidenceIds.length;
  }
  return written;
}

export type Attendance = "full" | "partial" | "absent";

/**
 * Why `viewer` may not record attendance (and so evidence) for a registered person, or null.
 * "self": evidence about oneself is only ever a self-assessment (docs/security.md, T31); another
 * HR person or trainer records it. "lead": with `leadsSeeIndividualProfiles` off, a lead writes
 * no evidence about members of units they lead, since they would watch the team aggregate move
 * person by person (T33); HR records it. The lead rule is the profile rule: the scope under which
 * the viewer would read the person's profile is "team" (HR reads under "any" and may record).
 */
export function attendanceRefusal(viewer: Actor, person: { id: string; unitId: string | null }, leadsSeeIndividualProfiles: boolean): "self" | "lead" | null {
  if (person.id === viewer.id) return "self";
  if (!leadsSeeIndividualProfiles && scopeFor(viewer, "read", "profile", { personId: person.id, unitId: person.unitId }) === "team") return "lead";
  return null;
}

const attendanceRefusalKey = { self: "events.errors.attendanceSelf", lead: "events.errors.attendanceLeadMember" } as const;

/**
 * The trainer (an internal person) or HR records who attended. Full attendance writes evidence
 * (source "attendance") with the event's levels and expiry through the one evidence writer; a
 * later correction revokes that evidence and writes it anew (both audited). A correction away from
 * full attendance also revokes the event's Open Badges credential (status bit set) and voids the
 * "attended" xAPI statement, in the same transaction; confirmed in full again, the person gets a
 * new statement and, on the next download, a new credential. No one records their own
 * attendance, nor a lead their members' while individual profiles are off (`attendanceRefusal`).
 */
export async function recordAttendance(
  db: Queryable,
  viewer: Actor,
  eventId: string,
  entries: { personId: string; attendance: Attendance }[],
  now: Date,
): Promise<{ evidence: number }> {
  const event = await loadEvent(db, viewer, eventId, true);
  if (!(hasPermission(viewer, "write:event:any") || event.trainerPersonId === viewer.id)) throw forbidden();
  if (event.status === "cancelled") throw new EventFormError("event", "events.errors.cancelled");
  const sessions = await db.select().from(eventSessions).where(eq(eventSessions.eventId, eventId)).orderBy(asc(eventSessions.startsAt));
  if (sessions[0].startsAt > now) throw new EventFormError("attendance", "events.errors.notStarted");
  const personIds = entries.map((e) => e.personId);
  const registrations = personIds.length
    ? await db
        .select({ registration: eventRegistrations, unitId: people.unitId })
        .from(eventRegistrations)
        .innerJoin(people, eq(people.id, eventRegistrations.personId))
        .where(and(eq(eventRegistrations.eventId, eventId), eq(eventRegistrations.status, "registered"), inArray(eventRegistrations.personId, personIds)))
    : [];
  const byPerson = new Map(registrations.map((r) => [r.registration.personId, r.registration]));
  const missing = personIds.find((id) => !byPerson.has(id));
  if (missing) throw new EventFormError("attendance", "events.errors.notRegisteredPerson");
  // Nothing is written when one entry is refused (an entry is refused even if unchanged: the
  // form never offers it, and "absent" would revoke evidence as "full" writes it).
  if (registrations.length) {
    const { leadsSeeIndividualProfiles } = await getSettings(db, viewer.authorityId);
    for (const r of registrations) {
      const refusal = attendanceRefusal(viewer, { id: r.registration.personId, unitId: r.unitId }, leadsSeeIndividualProfiles);
      if (refusal) throw new EventFormError("attendance", attendanceRefusalKey[refusal]);
    }
  }
  const certified = await db.select().from(eventCompetences).where(eq(eventCompetences.eventId, eventId));
  const achievedAt = sessions[sessions.length - 1].endsAt;
  const validUntil = event.validMonths ? addMonths(achievedAt, event.validMonths) : null;
  let written = 0;
  for (const entry of entries) {
    const registration = byPerson.get(entry.personId)!;
    if (registration.attendance === entry.attendance) continue;
    if (registration.evidenceIds.length) await revokeEvidence(db, viewer.authorityId, viewer.id, registration.evidenceIds, now, { eventId, reason: "attendance.corrected" });
    if (registration.attendance === "full") {
      await revokeEventCredential(db, { authorityId: viewer.authorityId, actorId: viewer.id, personId: entry.personId, eventId, now });
      await voidStatements(db, { authorityId: viewer.authorityId, personId: entry.personId, dedupeKey: attendedKey(registration.id), now });
    }
    // With a post-quiz, attendance counts once that quiz is passed after the start; if it is not
    // yet, the evidence waits and is written with the passing attempt (writeAwaitedAttendanceEvidence).
    const evidenceIds =
      entry.attendance === "full" && (await postQuizDone(db, event, entry.personId, sessions[0].startsAt))
        ? await attendanceEvidence(db, { authorityId: viewer.authorityId, personId: entry.personId, recordedBy: viewer.id, title: event.title, certified, achievedAt, validUntil })
        : [];
    written += evidenceIds.length;
    if (entry.attendance === "full")
      await queueEventAttended(db, { authorityId: viewer.authorityId, personId: entry.personId, registrationId: registration.id, eventId, title: event.title, now: achievedAt });
    // An assignment of this workshop (team page) is done with attendance in full, open again when corrected away from it.
    if (entry.attendance === "full") await fulfilWorkshopAssignment(db, { personId: entry.personId, eventId, at: now });
    else if (registration.attendance === "full") await fulfilWorkshopAssignment(db, { personId: entry.personId, eventId, at: null });
    await db
      .update(eventRegistrations)
      .set({ attendance: entry.attendance, attendanceBy: viewer.id, attendanceAt: now, evidenceIds })
      .where(eq(eventRegistrations.id, registration.id));
    await audit(db, {
      authorityId: viewer.authorityId,
      actorId: viewer.id,
      action: registration.attendance ? "event.attendance.correct" : "event.attendance",
      subjectPersonId: entry.personId,
      details: { eventId, from: registration.attendance, to: entry.attendance },
    });
  }
  return { evidence: written };
}

/** Fulfils a person's open assignment of a workshop (attendance in full), or reopens it (a correction away from full). */
export async function fulfilWorkshopAssignment(db: Queryable, input: { personId: string; eventId: string; at: Date | null }) {
  if (input.at)
    await db
      .update(assignments)
      .set({ fulfilledAt: input.at })
      .where(and(eq(assignments.personId, input.personId), eq(assignments.eventId, input.eventId), isNull(assignments.fulfilledAt)));
  else {
    // Reopen the latest fulfilled one, unless another is open already (one open per person and event).
    const [openRow] = await db
      .select({ id: assignments.id })
      .from(assignments)
      .where(and(eq(assignments.personId, input.personId), eq(assignments.eventId, input.eventId), isNull(assignments.fulfilledAt)));
    if (openRow) return;
    const latest = db
      .select({ id: assignments.id })
      .from(assignments)
      .where(and(eq(assignments.personId, input.personId), eq(assignments.eventId, input.eventId), isNotNull(assignments.fulfilledAt)))
      .orderBy(desc(assignments.fulfilledAt))
      .limit(1);
    await db.update(assignments).set({ fulfilledAt: null }).where(eq(assignments.id, latest));
  }
}

export interface CalendarEvent {
  id: string;
  title: string;
  description: string;
  place: string | null;
  onlineUrl: string | null;
  status: "scheduled" | "cancelled";
  sequence: number;
  sessions: { startsAt: Date; endsAt: Date }[];
}

/**
 * The `.ics` for one registration: one VEVENT per session with a UID stable across changes
 * (event id and session number), SEQUENCE from the event; METHOD:CANCEL once the event or the
 * registration is cancelled.
 */
export function calendarFile(event: CalendarEvent, cancelled: boolean, host: string, now: Date): string {
  const calendar = ical({ name: event.title, prodId: { company: "Horizont", product: "Veranstaltungen", language: "DE" } });
  calendar.method(cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST);
  event.sessions.forEach((s, i) =>
    calendar.createEvent({
      id: `${event.id}-${i + 1}@${host}`,
      sequence: event.sequence,
      start: s.startsAt,
      end: s.endsAt,
      summary: event.title,
      description: event.description,
      location: event.place ?? event.onlineUrl ?? undefined,
      url: event.onlineUrl ?? undefined,
      status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      stamp: now,
    }),
  );
  return calendar.toString();
}

