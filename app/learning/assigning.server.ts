// Assigning learning: a lead assigns modules or whole courses of the authority's catalog, or a
// workshop (registered through the event itself), to members of their units with a due date; the
// "assigned" mail enters the outbox in the same transaction. The assignment rows (open ones,
// fulfilment, withdrawal) are in app/competences/assignments.server.ts.
import { and, asc, eq, isNull, ne } from "drizzle-orm";
import { audit } from "~/audit/audit.server";
import { requireMembers, type Actor } from "~/auth/access.server";
import { ALREADY_MEETS, certifiedLevels, meetsAlready } from "~/competences/assignment-check";
import { levelsOf } from "~/competences/assignments.server";
import { CompetenceFormError } from "~/competences/form-error";
import { catalogForAuthority, type AuthorityCatalog } from "~/courses/authority-catalog.server";
import type { ModuleInfo } from "~/courses/catalog.server";
import { berlinDate } from "~/dates/calendar";
import type { Queryable } from "~/db/client.server";
import { assignments, eventRegistrations, events, eventSessions } from "~/db/schema";
import { EventFormError, registerForEvent, type RegistrationOutcome } from "~/events/events.server";
import { recipientsOf } from "~/mail/outbox.server";
import { mailAssignmentsCreated } from "./assignment-mails.server";

/** "module:<course>/<module>" or "course:<course>", as the assignment form sends it. */
export function parseTarget(catalog: AuthorityCatalog, target: string): { courseId: string; moduleId: string | null } | null {
  const m = /^module:([a-z0-9-]+)\/([a-z0-9-]+)$/.exec(target);
  if (m) return catalog.module(m[1], m[2]) ? { courseId: m[1], moduleId: m[2] } : null;
  const c = /^course:([a-z0-9-]+)$/.exec(target);
  if (c) return catalog.course(c[1]) ? { courseId: c[1], moduleId: null } : null;
  return null;
}

/** The modules an assignment target stands for (as the authority's people get them): one module, or all modules of a course. */
export function targetModules(catalog: AuthorityCatalog, target: { courseId: string; moduleId: string | null }): readonly ModuleInfo[] {
  if (target.moduleId) {
    const m = catalog.module(target.courseId, target.moduleId);
    return m ? [m] : [];
  }
  return catalog.course(target.courseId)?.modules ?? [];
}

/**
 * Assigns a module or course to one or many members of the lead's units. Everyone named must
 * be the lead's member, or nothing is written. Assigning what someone already has open is a
 * no-op (one open assignment per person and module); returns how many were created.
 *
 * With `checkLevels` (the lead may see individual levels) an assignment to someone who already
 * holds every level the target certifies is refused unless `confirmMet` says the lead means it
 * (e.g. as a refresher): passing could not change that person's level. Without individual
 * profiles the check is skipped, since its answer would disclose a level.
 */
export async function assignLearning(
  db: Queryable,
  viewer: Actor,
  input: { personIds: string[]; target: string; dueOn?: string; confirmMet?: boolean },
  now: Date,
  options: { checkLevels?: boolean } = {},
): Promise<number> {
  const members = await requireMembers(db, viewer, input.personIds);
  const catalog = await catalogForAuthority(db, viewer.authorityId);
  const target = parseTarget(catalog, input.target);
  if (!target) throw new CompetenceFormError("target", "validation.invalidChoice");
  if (!input.dueOn) throw new CompetenceFormError("dueOn", "validation.required");
  const dueOn = input.dueOn;
  if (dueOn < berlinDate(now)) throw new CompetenceFormError("dueOn", "competences.errors.dueInPast");
  if (options.checkLevels && !input.confirmMet) {
    const certified = certifiedLevels(targetModules(catalog, target));
    const levels = await levelsOf(db, viewer.authorityId, members.map((m) => m.id), now);
    const meeting = members
      .filter((m) => meetsAlready(levels.get(m.id), certified))
      .map((m) => `${m.givenName} ${m.familyName}`)
      .sort((a, b) => a.localeCompare(b, "de"));
    if (meeting.length > 0) throw new CompetenceFormError("personIds", `${ALREADY_MEETS}|${JSON.stringify({ names: meeting.join(", "), count: meeting.length })}`);
  }
  return (await createAssignments(db, viewer, members.map((m) => m.id), { courseId: target.courseId, moduleId: target.moduleId, eventId: null, dueOn })).length;
}

/**
 * Writes one open assignment per person for a module, course or workshop (skipping those who
 * already have it open), its "assigned" mail (with an .ics) into the outbox in this same
 * transaction, and an audit entry each. Returns the assignments created.
 */
async function createAssignments(
  db: Queryable,
  viewer: Actor,
  personIds: string[],
  target: { courseId: string | null; moduleId: string | null; eventId: string | null; dueOn: string },
): Promise<{ id: string; personId: string }[]> {
  const created = await db
    .insert(assignments)
    .values(personIds.map((personId) => ({ authorityId: viewer.authorityId, personId, ...target, assignedBy: viewer.id })))
    .onConflictDoNothing()
    .returning({ id: assignments.id, personId: assignments.personId });
  if (created.length > 0) {
    const by = (await recipientsOf(db, [viewer.id])).get(viewer.id)?.name ?? null;
    await mailAssignmentsCreated(db, viewer.authorityId, created.map((c) => ({ ...c, ...target })), by);
  }
  const { courseId, moduleId, eventId, dueOn } = target;
  for (const row of created)
    await audit(db, {
      authorityId: viewer.authorityId,
      actorId: viewer.id,
      action: "assignment.create",
      subjectPersonId: row.personId,
      details: { assignmentId: row.id, ...(eventId ? { eventId } : { courseId, moduleId }), dueOn },
    });
  return created;
}

/** "event:<uuid>", as the assignment form sends a workshop; null for any other target. */
export function eventTarget(target: string): string | null {
  return /^event:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(target)?.[1]?.toLowerCase() ?? null;
}

/**
 * Assigns a workshop like a module: every member named (all of them the lead's, or nothing is
 * written) is registered through the event's own registration (seat while one is free, else the
 * waiting list; a lead's registration needs no approval) unless already registered, and gets an
 * open assignment due on the event's first date. Attendance in full fulfils it (recordAttendance).
 * The event must be the viewer's authority's, not cancelled, its registration still open and its
 * first date ahead. Assigning again is a no-op. Returns how many assignments were created and how
 * many of those people are on the waiting list.
 */
export async function assignWorkshop(
  db: Queryable,
  viewer: Actor,
  input: { personIds: string[]; target: string },
  now: Date,
): Promise<{ created: number; waitlisted: number }> {
  const members = await requireMembers(db, viewer, input.personIds);
  const eventId = eventTarget(input.target);
  if (!eventId) throw new CompetenceFormError("target", "validation.invalidChoice");
  // Locked: registrations for this event queue behind this transaction (capacity holds).
  const [event] = await db
    .select()
    .from(events)
    .where(and(eq(events.id, eventId), eq(events.authorityId, viewer.authorityId)))
    .for("update");
  if (!event) throw new CompetenceFormError("target", "validation.invalidChoice");
  if (event.status === "cancelled") throw new CompetenceFormError("target", "events.errors.cancelled");
  const [first] = await db.select({ startsAt: eventSessions.startsAt }).from(eventSessions).where(eq(eventSessions.eventId, eventId)).orderBy(asc(eventSessions.startsAt)).limit(1);
  if (!first || first.startsAt <= now) throw new CompetenceFormError("target", "competences.errors.eventPast");
  if (event.registrationDeadline < now) throw new CompetenceFormError("target", "events.errors.deadlinePassed");
  const dueOn = berlinDate(first.startsAt);
  const open = await db
    .select({ personId: assignments.personId })
    .from(assignments)
    .where(and(eq(assignments.eventId, eventId), isNull(assignments.fulfilledAt)));
  const alreadyAssigned = new Set(open.map((o) => o.personId));
  const fresh = members.filter((m) => !alreadyAssigned.has(m.id));
  if (fresh.length === 0) return { created: 0, waitlisted: 0 };
  const live = await db
    .select({ personId: eventRegistrations.personId, status: eventRegistrations.status })
    .from(eventRegistrations)
    .where(and(eq(eventRegistrations.eventId, eventId), ne(eventRegistrations.status, "cancelled")));
  const status = new Map<string, string>(live.map((r) => [r.personId, r.status]));
  let waitlisted = 0;
  for (const m of fresh) {
    let outcome: RegistrationOutcome | string | undefined = status.get(m.id);
    if (!outcome) {
      try {
        outcome = await registerForEvent(db, viewer, eventId, m.id, now);
      } catch (error) {
        if (error instanceof EventFormError) throw new CompetenceFormError("target", error.messageKey);
        throw error;
      }
    }
    if (outcome === "waitlisted") waitlisted++;
  }
  const created = await createAssignments(db, viewer, fresh.map((m) => m.id), { courseId: null, moduleId: null, eventId, dueOn });
  return { created: created.length, waitlisted };
}
