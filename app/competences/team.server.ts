// The team page's figures for one unit: members, and every member × competence requirement and
// current level in one set-based query (no query per member or per competence).
import { sql } from "drizzle-orm";
import { rowsOf, type Queryable } from "~/db/client.server";
import { overdueAssignmentsOfUnit } from "./assignments.server";
import { framework } from "./framework";
import { currentLevelsSql } from "./levels.server";
import { buildMatrix, type TeamCell, type TeamMember, type TeamQuery } from "./team";

export async function teamMembers(db: Queryable, authorityId: string, unitId: string, excludePersonId?: string): Promise<TeamMember[]> {
  return rowsOf<{ id: string; given_name: string; family_name: string }>(
    await db.execute(sql`
      select p.id, p.given_name, p.family_name from people p
      where p.authority_id = ${authorityId} and p.unit_id = ${unitId} and p.active
        and p.id is distinct from ${excludePersonId ?? null}::uuid
      order by p.family_name, p.given_name`),
  ).map((r) => ({ id: r.id, givenName: r.given_name, familyName: r.family_name }));
}

/** Requirement and current level of every active member for every competence either names. */
export async function teamCells(db: Queryable, authorityId: string, unitId: string, at: Date): Promise<TeamCell[]> {
  return rowsOf<{ person_id: string; competence_id: string; required: number; current: number }>(
    await db.execute(sql`
      with m as (
        select p.id, p.role_description_id from people p
        where p.authority_id = ${authorityId} and p.unit_id = ${unitId} and p.active
      ), r as (
        select m.id as person_id, rr.competence_id, rr.level
        from m join role_requirements rr on rr.role_description_id = m.role_description_id
      ), l as (${currentLevelsSql(authorityId, at, { unitId })})
      select coalesce(r.person_id, l.person_id) as person_id,
             coalesce(r.competence_id, l.competence_id) as competence_id,
             coalesce(r.level, 0)::int as required,
             coalesce(l.level, 0)::int as current
      from r full join l on l.person_id = r.person_id and l.competence_id = r.competence_id`),
  ).map((r) => ({ personId: r.person_id, competenceId: r.competence_id, required: Number(r.required), current: Number(r.current) }));
}

/** Everything the team page shows for one unit the viewer leads (access is checked by the caller). */
export async function getTeam(db: Queryable, input: { authorityId: string; unitId: string; viewerId: string; query: TeamQuery; at: Date; locale?: string }) {
  const [members, cells, overdue] = await Promise.all([
    teamMembers(db, input.authorityId, input.unitId, input.viewerId),
    teamCells(db, input.authorityId, input.unitId, input.at),
    overdueAssignmentsOfUnit(db, input.authorityId, input.unitId, input.at),
  ]);
  const memberIds = new Set(members.map((m) => m.id));
  const matrix = buildMatrix({ framework, members, cells: cells.filter((c) => memberIds.has(c.personId)), query: input.query, locale: input.locale });
  return { members, matrix, overdue: overdue.filter((a) => memberIds.has(a.personId)) };
}
