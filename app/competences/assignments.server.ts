// Learning assignments as rows: a person's and a unit's open ones, fulfilment (the course engine
// on a pass, fulfilAssignments; events on full attendance) and withdrawal. Assigning, which reads
// the authority's catalog and registers workshops, is in app/learning/assigning.server.ts.
import { and, eq, isNull, or, sql } from "drizzle-orm";
import { audit } from "~/audit/audit.server";
import { rowsOf, type Queryable } from "~/db/client.server";
import { assignments } from "~/db/schema";
import { requireMembers, type Actor } from "~/auth/access.server";
import { currentLevelsSql } from "./levels.server";
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
