// Set-based current levels for SQL queries (profiles, team matrix, coverage reports, assignment
// checks, exports), read from the table of current levels (drizzle/0010, 0011): the database
// keeps it in step with the evidence, as a step function of level and expiry per person and
// competence, so a read is "the highest level not yet expired at `at`" (docs/decisions/015).
import { sql, type SQL } from "drizzle-orm";

/** Limits the people considered: one person, or the members of one unit. */
export type LevelScope = { personId: string } | { unitId: string };

/**
 * `select person_id, competence_id, level` of every person's current level at `at`, limited
 * to one authority (and optionally one person or unit). Use it as a subquery:
 * sql`... join (${currentLevelsSql(a, now)}) cl on ...`. Same rule as `currentLevel` in levels.ts.
 */
export function currentLevelsSql(authorityId: string, at: Date, scope?: LevelScope): SQL {
  const holds = sql`cl.authority_id = ${authorityId}
      and (cl.valid_until is null or cl.valid_until > ${at.toISOString()}::timestamptz)`;
  if (scope && "unitId" in scope)
    // A lateral lookup per member through the primary key (authority, person, …): the planner
    // otherwise hashes the authority's whole table on large authorities.
    return sql`
      select p.id as person_id, x.competence_id, x.level
      from people p
      cross join lateral (
        select cl.competence_id, max(cl.level)::int as level
        from current_levels cl
        where cl.person_id = p.id and ${holds}
        group by cl.competence_id) x
      where p.authority_id = ${authorityId} and p.unit_id = ${scope.unitId}`;
  const limit = scope && "personId" in scope ? sql`and cl.person_id = ${scope.personId}` : sql``;
  return sql`
    select cl.person_id, cl.competence_id, max(cl.level)::int as level
    from current_levels cl
    where ${holds}
      ${limit}
    group by cl.person_id, cl.competence_id`;
}
