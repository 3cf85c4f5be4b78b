// The team page's figures for one unit: members, and every member × competence requirement and
// current level in one set-based query (no query per member or per competence).
import { sql } from "drizzle-orm";
import { rowsOf, type Queryable } from "~/db/client.server";
import { openAssignmentsOfUnit } from "./assignments.server";
import { framework } from "./framework";
import { currentLevelsSql } from "./levels.server";
import { countedPeople } from "~/hr/suppression";
import { buildMatrix, type MatrixColumn, type TeamCell, type TeamMember, type TeamQuery } from "./team";

export async function teamMembers(db: Queryable, authorityId: string, unitId: string, excludePersonId?: string): Promise<TeamMember[]> {
  return rowsOf<{ id: string; given_name: string; family_name: string; has_role: boolean; role_id: string | null }>(
    await db.execute(sql`
      select p.id, p.given_name, p.family_name, p.role_description_id is not null as has_role, p.role_description_id as role_id from people p
      where p.authority_id = ${authorityId} and p.unit_id = ${unitId} and p.active
        and p.id is distinct from ${excludePersonId ?? null}::uuid
      order by p.family_name, p.given_name`),
  ).map((r) => ({ id: r.id, givenName: r.given_name, familyName: r.family_name, hasRole: r.has_role === true || String(r.has_role) === "true", roleId: r.role_id ?? null }));
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
/**
 * Each member's current levels as one digit per framework competence (framework order), for
 * the assignment form's "now level n" beside what a module certifies.
 */
export function compactLevels(members: readonly TeamMember[], cells: readonly TeamCell[]): string[] {
  const order = framework.dimensions.flatMap((d) => d.competences.map((c) => c.id));
  const byPerson = new Map<string, Map<string, number>>();
  for (const c of cells) {
    const m = byPerson.get(c.personId) ?? new Map<string, number>();
    m.set(c.competenceId, c.current);
    byPerson.set(c.personId, m);
  }
  return members.map((m) => order.map((id) => String(byPerson.get(m.id)?.get(id) ?? 0)).join(""));
}

export async function getTeam(db: Queryable, input: { authorityId: string; unitId: string; viewerId: string; query: TeamQuery; at: Date; locale?: string }) {
  const [members, cells, open] = await Promise.all([
    teamMembers(db, input.authorityId, input.unitId, input.viewerId),
    teamCells(db, input.authorityId, input.unitId, input.at),
    openAssignmentsOfUnit(db, input.authorityId, input.unitId, input.at),
  ]);
  const memberIds = new Set(members.map((m) => m.id));
  const matrix = buildMatrix({ framework, members, cells: cells.filter((c) => memberIds.has(c.personId)), query: input.query, locale: input.locale });
  const mine = open.filter((a) => memberIds.has(a.personId));
  return { members, matrix, cells, open: mine, overdue: mine.filter((a) => a.overdue) };
}

/**
 * What a lead sees while "leads see individual profiles" is off: per competence how many members
 * the requirement applies to, how many meet it and how many hold level 3+, counted only over
 * members who share their role with at least the minimum group size of the team (the one
 * suppression rule, see ~/hr/suppression). `counted` says how many members the figures cover.
 */
export function teamAggregates(team: Pick<Awaited<ReturnType<typeof getTeam>>, "members" | "cells">, minGroupSize: number, query: TeamQuery): { counted: number; columns: MatrixColumn[] } {
  const counted = countedPeople(
    team.members.map((m) => ({ ...m, unitId: null, roleId: m.roleId ?? null })),
    minGroupSize,
  );
  const ids = new Set(counted.map((m) => m.id));
  const matrix = buildMatrix({ framework, members: counted, cells: team.cells.filter((c) => ids.has(c.personId)), query });
  return { counted: counted.length, columns: counted.length ? matrix.columns : [] };
}
