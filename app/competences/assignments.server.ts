// Learning assignments: a lead assigns modules or whole courses with a due date; the course
// engine fulfils them when the person passes (fulfilAssignments).
import { and, eq, isNull, or, sql } from "drizzle-orm";
import { audit } from "~/audit/audit.server";
import { rowsOf, type Queryable } from "~/db/client.server";
import { assignments } from "~/db/schema";
import { requireMembers, CompetenceFormError, type CompetenceViewer } from "./access.server";
import { getCourse, getModule } from "~/courses/catalog.server";

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
export function parseTarget(target: string): { courseId: string; moduleId: string | null } | null {
  const m = /^module:([a-z0-9-]+)\/([a-z0-9-]+)$/.exec(target);
  if (m) return getModule(m[1], m[2]) ? { courseId: m[1], moduleId: m[2] } : null;
  const c = /^course:([a-z0-9-]+)$/.exec(target);
  if (c) return getCourse(c[1]) ? { courseId: c[1], moduleId: null } : null;
  return null;
}

/** Local calendar date (yyyy-mm-dd) in Germany, which is where due dates are meant. */
export function berlinDate(at: Date): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin", year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

/**
 * Assigns a module or course to one or many members of the lead's units. Everyone named must
 * be the lead's member, or nothing is written. Assigning what someone already has open is a
 * no-op (one open assignment per person and module); returns how many were created.
 */
export async function assignLearning(
  db: Queryable,
  viewer: CompetenceViewer,
  input: { personIds: string[]; target: string; dueOn: string },
  now: Date,
): Promise<number> {
  const members = await requireMembers(db, viewer, input.personIds);
  const target = parseTarget(input.target);
  if (!target) throw new CompetenceFormError("target", "validation.invalidChoice");
  if (input.dueOn < berlinDate(now)) throw new CompetenceFormError("dueOn", "competences.errors.dueInPast");
  const created = await db
    .insert(assignments)
    .values(
      members.map((m) => ({
        authorityId: viewer.authorityId,
        personId: m.id,
        courseId: target.courseId,
        moduleId: target.moduleId,
        dueOn: input.dueOn,
        assignedBy: viewer.id,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: assignments.id, personId: assignments.personId });
  for (const row of created)
    await audit(db, {
      authorityId: viewer.authorityId,
      actorId: viewer.id,
      action: "assignment.create",
      subjectPersonId: row.personId,
      details: { assignmentId: row.id, courseId: target.courseId, moduleId: target.moduleId, dueOn: input.dueOn },
    });
  return created.length;
}

export interface OpenAssignment {
  id: string;
  personId: string;
  givenName: string;
  familyName: string;
  courseId: string;
  moduleId: string | null;
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
    courseId: String(r.course_id),
    moduleId: (r.module_id as string | null) ?? null,
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
      select a.id, a.person_id, p.given_name, p.family_name, a.course_id, a.module_id, a.due_on::text as due_on,
             case when b.id is null then null else b.given_name || ' ' || b.family_name end as assigned_by_name
      from assignments a
      join people p on p.id = a.person_id
      left join people b on b.id = a.assigned_by
      where a.authority_id = ${authorityId} and a.person_id = ${personId} and a.fulfilled_at is null
      order by a.due_on, a.created_at`),
  );
  return mapAssignments(rows, today);
}

/** Overdue open assignments of a unit's active members (one query for the whole unit). */
export async function overdueAssignmentsOfUnit(db: Queryable, authorityId: string, unitId: string, now: Date): Promise<OpenAssignment[]> {
  const today = berlinDate(now);
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select a.id, a.person_id, p.given_name, p.family_name, a.course_id, a.module_id, a.due_on::text as due_on,
             case when b.id is null then null else b.given_name || ' ' || b.family_name end as assigned_by_name
      from people p
      join assignments a on a.person_id = p.id and a.fulfilled_at is null and a.due_on < ${today}::date
      left join people b on b.id = a.assigned_by
      where p.authority_id = ${authorityId} and p.unit_id = ${unitId} and p.active
      order by a.due_on, p.family_name, p.given_name`),
  );
  return mapAssignments(rows, today);
}
