// Set-based current levels for SQL queries (profiles, team matrix, coverage reports):
// the same rule as levels.ts, as a subquery of (person_id, competence_id, level).
import { sql, type SQL } from "drizzle-orm";

/** Limits the people considered: one person, or the members of one unit. */
export type LevelScope = { personId: string } | { unitId: string };

/**
 * `select person_id, competence_id, level` of every person's current level at `at`, limited
 * to one authority (and optionally one person or unit, so the evidence index does the work).
 * Use it as a subquery: sql`... join (${currentLevelsSql(a, now)}) cl on ...`.
 */
export function currentLevelsSql(authorityId: string, at: Date, scope?: LevelScope): SQL {
  const counting = sql`e.authority_id = ${authorityId}
      and e.source <> 'self'
      and e.revoked_at is null
      and (e.valid_until is null or e.valid_until > ${at.toISOString()}::timestamptz)`;
  if (scope && "unitId" in scope)
    // A lateral lookup per member: the planner cannot fall back to scanning the authority's
    // whole evidence table (which it prefers on large authorities when joining by hash).
    return sql`
      select p.id as person_id, x.competence_id, x.level
      from people p
      cross join lateral (
        select e.competence_id, max(e.level)::int as level
        from evidence e
        where e.person_id = p.id and ${counting}
        group by e.competence_id) x
      where p.authority_id = ${authorityId} and p.unit_id = ${scope.unitId}`;
  const limit = scope && "personId" in scope ? sql`and e.person_id = ${scope.personId}` : sql``;
  return sql`
    select e.person_id, e.competence_id, max(e.level)::int as level
    from evidence e
    where ${counting}
      ${limit}
    group by e.person_id, e.competence_id`;
}
