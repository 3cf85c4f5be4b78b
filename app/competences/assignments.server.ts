// Learning assignments as rows: a person's and a unit's open ones, fulfilment (the course engine
// on a pass, fulfilAssignments; events on full attendance) and withdrawal. Assigning, which reads
// the authority's catalog and registers workshops, is in app/learning/assigning.server.ts.
import { and, eq, isNull, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { audit } from "~/audit/audit.server";
import { rowsOf, type Queryable } from "~/db/client.server";
import { assignments, events, eventSessions, people, type currentLevels } from "~/db/schema";
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

type CurrentLevel = typeof currentLevels.$inferSelect;

/** Current levels (competence → level) of the given people, in one query. */
export async function levelsOf(db: Queryable, authorityId: string, personIds: readonly string[], at: Date): Promise<Map<string, Record<string, number>>> {
  const out = new Map<string, Record<string, number>>();
  if (personIds.length === 0) return out;
  // Raw SQL: the levels read (currentLevelsSql, tuned: docs/decisions/015) is a raw fragment; the
  // row's types come from the table of current levels.
  const rows = rowsOf<{ person_id: CurrentLevel["personId"]; competence_id: CurrentLevel["competenceId"]; level: CurrentLevel["level"] }>(
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

/** Who assigned it (a second join to people). */
const assigner = alias(people, "b");

/** The columns of an open assignment, for a query joining assignments, people (p), assigner (b) and events. */
const openAssignmentFields = {
  id: assignments.id,
  personId: assignments.personId,
  givenName: people.givenName,
  familyName: people.familyName,
  courseId: assignments.courseId,
  moduleId: assignments.moduleId,
  eventId: assignments.eventId,
  dueOn: assignments.dueOn,
  eventTitle: events.title,
  eventStartsAt: sql<Date | null>`(select min(${eventSessions.startsAt}) from ${eventSessions} where ${eventSessions.eventId} = ${events.id})`.mapWith(eventSessions.startsAt),
  assignedByName: sql<string | null>`case when ${assigner.id} is null then null else ${assigner.givenName} || ' ' || ${assigner.familyName} end`,
};

type OpenAssignmentRow = Omit<OpenAssignment, "eventStartsAt" | "overdue"> & { eventStartsAt: Date | null };

function mapAssignments(rows: OpenAssignmentRow[], today: string): OpenAssignment[] {
  return rows.map((r) => ({ ...r, eventStartsAt: r.eventStartsAt?.toISOString() ?? null, overdue: r.dueOn < today }));
}

/** A person's open assignments, overdue first, then by due date. */
export async function openAssignmentsOf(db: Queryable, authorityId: string, personId: string, now: Date): Promise<OpenAssignment[]> {
  const today = berlinDate(now);
  const rows = await db
    .select(openAssignmentFields)
    .from(assignments)
    .innerJoin(people, eq(people.id, assignments.personId))
    .leftJoin(assigner, eq(assigner.id, assignments.assignedBy))
    .leftJoin(events, eq(events.id, assignments.eventId))
    .where(and(eq(assignments.authorityId, authorityId), eq(assignments.personId, personId), isNull(assignments.fulfilledAt)))
    .orderBy(assignments.dueOn, assignments.createdAt);
  return mapAssignments(rows, today);
}

/** Open assignments of a unit's active members, overdue first (one query for the whole unit). */
export async function openAssignmentsOfUnit(db: Queryable, authorityId: string, unitId: string, now: Date): Promise<OpenAssignment[]> {
  const today = berlinDate(now);
  const rows = await db
    .select(openAssignmentFields)
    .from(people)
    .innerJoin(assignments, and(eq(assignments.personId, people.id), isNull(assignments.fulfilledAt)))
    .leftJoin(assigner, eq(assigner.id, assignments.assignedBy))
    .leftJoin(events, eq(events.id, assignments.eventId))
    .where(and(eq(people.authorityId, authorityId), eq(people.unitId, unitId), sql`${people.active}`))
    .orderBy(assignments.dueOn, people.familyName, people.givenName);
  return mapAssignments(rows, today);
}
