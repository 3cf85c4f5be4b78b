// Set-based current levels for SQL queries (profiles, team matrix, coverage reports):
// the same rule as levels.ts, as a subquery of (person_id, competence_id, level).
import { sql, type SQL } from "drizzle-orm";

/**
 * `select person_id, competence_id, level` of every person's current level at `at`, limited
 * to one authority. Use it as a subquery: sql`... join (${currentLevelsSql(a, now)}) cl on ...`.
 */
export function currentLevelsSql(authorityId: string, at: Date): SQL {
  return sql`
    select e.person_id, e.competence_id, max(e.level)::int as level
    from evidence e
    where e.authority_id = ${authorityId}
      and e.source <> 'self'
      and e.revoked_at is null
      and (e.valid_until is null or e.valid_until > ${at.toISOString()}::timestamptz)
    group by e.person_id, e.competence_id`;
}
