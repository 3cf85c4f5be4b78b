// Learning assignments: a lead assigns modules or whole courses with a due date; the course
// engine fulfils them when the person passes (fulfilAssignments).
import { and, asc, eq, isNull, ne, or, sql } from "drizzle-orm";
import { audit } from "~/audit/audit.server";
import { rowsOf, type Queryable } from "~/db/client.server";
import { assignments, eventRegistrations, events, eventSessions } from "~/db/schema";
import { EventFormError, registerForEvent, type RegistrationOutcome } from "~/events/events.server";
import { requireMembers, type Actor } from "~/auth/access.server";
import { CompetenceFormError } from "./form-error";
import type { ModuleInfo } from "~/courses/catalog.server";
import { catalogForAuthority, type AuthorityCatalog } from "~/authoring/learner.server";
import { ALREADY_MEETS, certifiedLevels, meetsAlready } from "./assignment-check";
import { currentLevelsSql } from "./levels.server";
import { mailAssignmentsCreated } from "~/mail/assignment-mails.server";
import { recipientsOf } from "~/mail/outbox.server";
import { berlinDate } from "~/dates/calendar";

export async function fulfilAssignments(
  db: Queryable,
  input: { personId: string; courseId: string; moduleId: string; courseCompleted: boolean; at: Date },
) {
  await db
    .update(assignments)
    .set({ fulfilledAt: input.at })
    .where(
      and(
        eq(assignments.personId, input.personId),
        eq(assignments.courseId, input.courseId),
        isNull(assignments.fulfilledAt),
        input.courseCompleted ? or(eq(assignments.moduleId, input.moduleId), isNull(assignments.moduleId)) : eq(assignments.moduleId, input.moduleId),
      ),
    );
}

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

/** Current levels (competence → level) of the given people, in one query. */
export async function levelsOf(db: Queryable, authorityId: string, personIds: readonly string[], at: Date): Promise<Map<string, Record<string, number>>> {
  const out = new Map<string, Record<string, number>>();
  if (personIds.length === 0) return out;
  const rows = rowsOf<{ person_id: string; competence_id: string; level: number }>(
    await db.execute(sql`
      select l.person_id, l.competence_id, l.level from (${currentLevelsSql(authorityId, at)}) l
      where l.person_id in (${sql.join(personIds.map((id) => sql`${id}::uuid`), sql`, `)})`),
  );
  for (const r of rows) {
    const levels = out.get(r.person_id) ?? {};
    levels[r.competence_id] = Number(r.level);
    out.set(r.person_id, levels);
  }
  return out;
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

/**
 * Withdraws an open assignment of a member of the lead's units (deletes it, with an audit entry
 * that keeps what it was). Withdrawing one that is already gone or fulfilled is a no-op: false.
 */
export async function withdrawAssignment(db: Queryable, viewer: Actor, assignmentId: string): Promise<boolean> {
  const [row] = await db
    .select()
    .from(assignments)
    .where(and(eq(assignments.id, assignmentId), eq(assignments.authorityId, viewer.authorityId)))
    .for("update");
  if (!row) return false;
  await requireMembers(db, viewer, [row.personId]);
  if (row.fulfilledAt) return false;
  await db.delete(assignments).where(and(eq(assignments.id, row.id), isNull(assignments.fulfilledAt)));
  await audit(db, {
    authorityId: viewer.authorityId,
    actorId: viewer.id,
    action: "assignment.withdraw",
    subjectPersonId: row.personId,
    details: { assignmentId: row.id, courseId: row.courseId, moduleId: row.moduleId, eventId: row.eventId, dueOn: row.dueOn },
  });
  return true;
}

export interface OpenAssignment {
  id: string;
  personId: string;
  givenName: string;
  familyName: string;
  courseId: string | null;
  moduleId: string | null;
  /** A workshop assignment: the event, its title and first start. */
  eventId: string | null;
  eventTitle: string | null;
  eventStartsAt: string | null;
  dueOn: string;
  overdue: boolean;
  assignedByName: string | null;
}

function mapAssignments(rows: Record<string, unknown>[], today: string): OpenAssignment[] {
  return rows.map((r) => ({
    id: String(r.id),
    personId: String(r.person_id),
    givenName: String(r.given_name),
    familyName: String(r.family_name),
    courseId: (r.course_id as string | null) ?? null,
    moduleId: (r.module_id as string | null) ?? null,
    eventId: (r.event_id as string | null) ?? null,
    eventTitle: (r.event_title as string | null) ?? null,
    eventStartsAt: r.event_starts_at ? new Date(r.event_starts_at as string).toISOString() : null,
    dueOn: String(r.due_on).slice(0, 10),
    overdue: String(r.due_on).slice(0, 10) < today,
    assignedByName: (r.assigned_by_name as string | null) ?? null,
  }));
}

/** A person's open assignments, overdue first, then by due date. */
export async function openAssignmentsOf(db: Queryable, authorityId: string, personId: string, now: Date): Promise<OpenAssignment[]> {
  const today = berlinDate(now);
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select a.id, a.person_id, p.given_name, p.family_name, a.course_id, a.module_id, a.event_id, a.due_on::text as due_on,
             e.title as event_title, (select min(s.starts_at) from event_sessions s where s.event_id = e.id) as event_starts_at,
             case when b.id is null then null else b.given_name || ' ' || b.family_name end as assigned_by_name
      from assignments a
      join people p on p.id = a.person_id
      left join people b on b.id = a.assigned_by
      left join events e on e.id = a.event_id
      where a.authority_id = ${authorityId} and a.person_id = ${personId} and a.fulfilled_at is null
      order by a.due_on, a.created_at`),
  );
  return mapAssignments(rows, today);
}

/** Open assignments of a unit's active members, overdue first (one query for the whole unit). */
export async function openAssignmentsOfUnit(db: Queryable, authorityId: string, unitId: string, now: Date): Promise<OpenAssignment[]> {
  const today = berlinDate(now);
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select a.id, a.person_id, p.given_name, p.family_name, a.course_id, a.module_id, a.event_id, a.due_on::text as due_on,
             e.title as event_title, (select min(s.starts_at) from event_sessions s where s.event_id = e.id) as event_starts_at,
             case when b.id is null then null else b.given_name || ' ' || b.family_name end as assigned_by_name
      from people p
      join assignments a on a.person_id = p.id and a.fulfilled_at is null
      left join people b on b.id = a.assigned_by
      left join events e on e.id = a.event_id
      where p.authority_id = ${authorityId} and p.unit_id = ${unitId} and p.active
      order by a.due_on, p.family_name, p.given_name`),
  );
  return mapAssignments(rows, today);
}
