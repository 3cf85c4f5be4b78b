// The team page's figures for one unit: its members with every member × competence requirement
// and current level, in one set-based query (no query per member or per competence).
import { sql } from "drizzle-orm";
import { rowsOf, type Queryable } from "~/db/client.server";
import type { currentLevels, people } from "~/db/schema";
import { openAssignmentsOfUnit } from "./assignments.server";
import { framework } from "./framework";
import { levelHoldsSql } from "./levels.server";
import { countedPeople } from "~/privacy/suppression";
import { buildMatrix, type MatrixColumn, type TeamCell, type TeamMember, type TeamQuery } from "./team";

type Person = typeof people.$inferSelect;
type CurrentLevel = typeof currentLevels.$inferSelect;

/**
 * The unit's active members (without `excludePersonId`, the viewer) in name order, each with the
 * requirement and current level of every competence either names, in one query: per member
 * the role's requirements and the one row of the table of current levels per competence that
 * holds at `at` (an index lookup by authority and person), folded into one JSON array.
 */
export async function teamMembersWithCells(db: Queryable, authorityId: string, unitId: string, at: Date, excludePersonId?: string): Promise<{ members: TeamMember[]; cells: TeamCell[] }> {
  // Raw SQL: the hot path of the team page, tuned and measured as it is (docs/benchmarks.md, team
  // page); the row's types come from the schema, the cells are [competence id, required, current].
  type Row = {
    id: Person["id"];
    given_name: Person["givenName"];
    family_name: Person["familyName"];
    role_id: Person["roleDescriptionId"];
    cells: [CurrentLevel["competenceId"], number, number][] | string | null;
  };
  const rows = rowsOf<Row>(
    await db.execute(sql`
      select p.id, p.given_name, p.family_name, p.role_description_id as role_id, x.cells
      from people p
      cross join lateral (
        select json_agg(json_build_array(c.competence_id, c.required, c.current)) as cells
        from (
          select competence_id, max(required) as required, max(current) as current
          from (
            select rr.competence_id, rr.level as required, 0 as current
            from role_requirements rr where rr.role_description_id = p.role_description_id
            union all
            select cl.competence_id, 0, cl.level
            from current_levels cl
            where cl.authority_id = ${authorityId} and cl.person_id = p.id and ${levelHoldsSql(at)}
          ) named
          group by competence_id
        ) c
      ) x
      where p.authority_id = ${authorityId} and p.unit_id = ${unitId} and p.active
        and p.id is distinct from ${excludePersonId ?? null}::uuid
      order by p.family_name, p.given_name`),
  );
  const members: TeamMember[] = [];
  const cells: TeamCell[] = [];
  for (const r of rows) {
    members.push({ id: r.id, givenName: r.given_name, familyName: r.family_name, hasRole: r.role_id !== null, roleId: r.role_id ?? null });
    const named = typeof r.cells === "string" ? (JSON.parse(r.cells) as [string, number, number][]) : (r.cells ?? []);
    for (const [competenceId, required, current] of named) cells.push({ personId: r.id, competenceId, required: Number(required), current: Number(current) });
  }
  return { members, cells };
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
  const [{ members, cells }, open] = await Promise.all([
    teamMembersWithCells(db, input.authorityId, input.unitId, input.at, input.viewerId),
    openAssignmentsOfUnit(db, input.authorityId, input.unitId, input.at),
  ]);
  const memberIds = new Set(members.map((m) => m.id));
  const matrix = buildMatrix({ framework, members, cells, query: input.query, locale: input.locale });
  const mine = open.filter((a) => memberIds.has(a.personId));
  return { members, matrix, cells, open: mine, overdue: mine.filter((a) => a.overdue) };
}

/**
 * What a lead sees while "leads see individual profiles" is off: per competence how many members
 * the requirement applies to, how many meet it and how many hold level 3+, counted only over
 * members who share their role with at least the minimum group size of the team (the one
 * suppression rule, see ~/privacy/suppression). `counted` says how many members the figures cover.
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
