// Set-based current levels for SQL queries (profiles, team matrix, coverage reports, assignment
// checks, exports), read from the table of current levels (drizzle/0010, 0011, 0015): the
// database keeps it in step with the evidence, as a step function of level and expiry per person
// and competence whose rows each say when they are the level ([valid_from, valid_until)), so a
// read is one row per person and competence picked by a filter, with no aggregation: "the
// highest level not yet expired at `at`" (docs/decisions/015).
import { sql, type SQL } from "drizzle-orm";

/** Limits the people considered: one person, or the members of one unit. */
export type LevelScope = { personId: string } | { unitId: string };

/**
 * The condition that picks, for each person and competence, the one row of `current_levels cl`
 * that holds at `at` (the windows [valid_from, valid_until) of its rows follow each other; none
 * holds when every level has expired). For queries that read the table directly.
 */
export function levelHoldsSql(at: Date): SQL {
  const instant = sql`${at.toISOString()}::timestamptz`;
  return sql`(cl.valid_until is null or cl.valid_until > ${instant})
      and (cl.valid_from is null or cl.valid_from <= ${instant})`;
}

/**
 * `select person_id, competence_id, level` of every person's current level at `at`, limited
 * to one authority (and optionally one person or unit). Use it as a subquery:
 * sql`... join (${currentLevelsSql(a, now)}) cl on ...`. Same rule as `currentLevel` in levels.ts.
 */
export function currentLevelsSql(authorityId: string, at: Date, scope?: LevelScope): SQL {
  const holds = sql`cl.authority_id = ${authorityId} and ${levelHoldsSql(at)}`;
  if (scope && "unitId" in scope)
    // A lateral lookup per member through the primary key (authority, person, …): the planner
    // otherwise hashes the authority's whole table on large authorities. `offset 0` keeps the
    // subquery from being flattened into a join.
    return sql`
      select p.id as person_id, x.competence_id, x.level
      from people p
      cross join lateral (
        select cl.competence_id, cl.level::int as level
        from current_levels cl
        where cl.person_id = p.id and ${holds}
        offset 0) x
      where p.authority_id = ${authorityId} and p.unit_id = ${scope.unitId}`;
  const limit = scope && "personId" in scope ? sql`and cl.person_id = ${scope.personId}` : sql``;
  return sql`
    select cl.person_id, cl.competence_id, cl.level::int as level
    from current_levels cl
    where ${holds}
      ${limit}`;
}
