// The coverage report's and the team page's queries as they were before issue 15 made them read
// one row per person and competence (drizzle/0015): current levels by grouping the table of
// current levels for max(level), the team's members and cells in two queries. Kept verbatim as
// the reference the new queries are compared with (tests/levels-reads.test.ts) and timed against
// (scripts/bench-coverage.ts); not used by the app.
import { eq, sql, type SQL } from "drizzle-orm";
import { allCompetences } from "~/competences/framework";
import { listModuleRefs } from "~/courses/catalog.server";
import type { TeamCell, TeamMember } from "~/competences/team";
import { rowsOf, type Db, type Queryable } from "~/db/client.server";
import { roleDescriptions, roleRequirements } from "~/db/schema";
import type { CompetenceCoverage, CoverageBy, GroupCoverage } from "~/reports/coverage.server";
import { getSettings } from "~/org/settings.server";
import { smallestCountedAtom } from "~/privacy/suppression";
import { modulesForLevels } from "~/reports/training";

type LevelScope = { personId: string } | { unitId: string };

export function currentLevelsSqlBefore(authorityId: string, at: Date, scope?: LevelScope): SQL {
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

const ALL = "all";

export async function rawCoverageBefore(db: Queryable, authorityId: string, options: { by: CoverageBy; unitId?: string | null; at: Date; minGroupSize?: number }): Promise<{ groups: Map<string, Omit<GroupCoverage, "name" | "suppressed">> }> {
  // Small-group suppression (see suppression.ts): people in a unit × role group below the
  // minimum are left out of every figure and only counted as "not included".
  const minGroupSize = options.minGroupSize ?? (await getSettings(db, authorityId)).minGroupSize;
  const smallest = smallestCountedAtom(minGroupSize);
  const groupColumn = options.by === "unit" ? sql.raw("p.unit_id") : sql.raw("p.role_description_id");
  const choices = new Map(modulesForLevels(listModuleRefs()).map((c) => [`${c.competenceId}@${c.level}`, c]));
  const requirementRows = await db
    .select({ roleId: roleRequirements.roleDescriptionId, competenceId: roleRequirements.competenceId, level: roleRequirements.level })
    .from(roleRequirements)
    .innerJoin(roleDescriptions, eq(roleDescriptions.id, roleRequirements.roleDescriptionId))
    .where(eq(roleDescriptions.authorityId, authorityId));
  const requirementsOf = new Map<string, { competenceId: string; level: number }[]>();
  for (const r of requirementRows) requirementsOf.set(r.roleId, [...(requirementsOf.get(r.roleId) ?? []), r]);
  // Modules chosen for two or more requirements of the same role ("overlap groups").
  const overlap: { key: string; roleId: string; size: number; minutes: number; members: { competenceId: string; level: number }[] }[] = [];
  for (const [roleId, reqs] of requirementsOf) {
    const byModule = new Map<string, { competenceId: string; level: number }[]>();
    for (const r of reqs) {
      const choice = choices.get(`${r.competenceId}@${r.level}`);
      if (choice) byModule.set(`${choice.courseId}/${choice.moduleId}`, [...(byModule.get(`${choice.courseId}/${choice.moduleId}`) ?? []), r]);
    }
    for (const [moduleKey, members] of byModule)
      if (members.length >= 2) {
        const first = choices.get(`${members[0].competenceId}@${members[0].level}`)!;
        overlap.push({ key: `${roleId}|${moduleKey}`, roleId, size: members.length, minutes: first.minutes, members });
      }
  }
  const overlapValues = overlap.length
    ? sql`select * from (values ${sql.join(
        overlap.flatMap((o) => o.members.map((m) => sql`(${o.key}::text, ${o.roleId}::uuid, ${m.competenceId}::text, ${m.level}::int)`)),
        sql`, `,
      )}) as v(group_key, role_id, competence_id, required)`
    : sql`select null::text as group_key, null::uuid as role_id, null::text as competence_id, null::int as required where false`;
  const query = sql`
    with p0 as (
      select p.id, ${groupColumn} as g, p.role_description_id,
             count(*) over (partition by p.unit_id, p.role_description_id) as atom
      from people p
      where p.authority_id = ${authorityId} and p.active and p.role_description_id is not null
        ${options.unitId ? sql`and p.unit_id = ${options.unitId}` : sql``}
    ),
    p as (select id, g, role_description_id from p0 where atom >= ${smallest}),
    cl as (${currentLevelsSqlBefore(authorityId, options.at)}),
    pe as materialized (
      select p.id, p.g, p.role_description_id, cl.competence_id, cl.level
      from cl join p on p.id = cl.person_id
    ),
    ov as (${overlapValues})
    select 'p' as kind, g::text as g, role_description_id::text as k, 0 as x, 0 as y, count(*)::int as n
    from p group by g, role_description_id
    union all
    select 'u', g::text, '', 0, 0, count(*)::int from p0 where atom < ${smallest} group by g
    union all
    select 'e', pe.g::text, pe.competence_id, rr.level, pe.level, count(*)::int
    from pe join role_requirements rr on rr.role_description_id = pe.role_description_id and rr.competence_id = pe.competence_id
    group by pe.g, pe.competence_id, rr.level, pe.level
    union all
    select 'o', g::text, group_key, k, 0, count(*)::int from (
      select pe.g, ov.group_key, count(*)::int as k
      from pe join ov on ov.role_id = pe.role_description_id and ov.competence_id = pe.competence_id and pe.level >= ov.required
      group by pe.g, ov.group_key, pe.id
    ) o group by g, group_key, k`;
  // Hashing some hundred thousand evidence rows wants more than the default 4 MB; the CTEs'
  // row estimates are poor, so the planner is steered from sorting to hashing (this
  // transaction only).
  const result = await inTransaction(db, async (tx) => {
    await tx.execute(sql`set local work_mem = '64MB'`);
    await tx.execute(sql`set local enable_sort = off`);
    await tx.execute(sql`set local enable_mergejoin = off`);
    return tx.execute(query);
  });
  type Row = { kind: string; g: string; k: string; x: number; y: number; n: number };
  const rows = rowsOf<Row>(result).map((r) => ({ ...r, x: Number(r.x), y: Number(r.y), n: Number(r.n) }));

  const groups = new Map<string, Omit<GroupCoverage, "name" | "suppressed">>();
  const group = (key: string) => {
    let g = groups.get(key);
    if (!g) {
      g = { key, people: 0, uncounted: 0, requirements: 0, met: 0, gaps: 0, trainingMinutes: 0, uncoveredGaps: 0, competences: [] };
      groups.set(key, g);
    }
    return g;
  };
  // Per group, competence and required level: how many people, and how many at each level ≥ 1.
  type Cell = { required: number; people: number; levels: number[] };
  const cells = new Map<string, Map<string, Cell>>();
  const cell = (g: string, competenceId: string, required: number) => {
    let byGroup = cells.get(g);
    if (!byGroup) cells.set(g, (byGroup = new Map()));
    const key = `${competenceId}@${required}`;
    let c = byGroup.get(key);
    if (!c) byGroup.set(key, (c = { required, people: 0, levels: [0, 0, 0, 0, 0] }));
    return c;
  };
  for (const r of rows) if (r.kind === "u") group(r.g).uncounted += r.n;
  const peopleByGroupRole = rows.filter((r) => r.kind === "p");
  for (const r of peopleByGroupRole) {
    group(r.g).people += r.n;
    for (const req of requirementsOf.get(r.k) ?? []) cell(r.g, req.competenceId, req.level).people += r.n;
  }
  for (const r of rows) if (r.kind === "e") cell(r.g, r.k, r.x).levels[Math.min(4, r.y)] += r.n;
  for (const [g, byGroup] of cells) {
    const target = group(g);
    const byCompetence = new Map<string, CompetenceCoverage>();
    for (const [key, c] of byGroup) {
      const competenceId = key.slice(0, key.lastIndexOf("@"));
      c.levels[0] = c.people - c.levels.slice(1).reduce((a, b) => a + b, 0);
      const met = c.levels.slice(c.required).reduce((a, b) => a + b, 0);
      const gaps = c.people - met;
      target.requirements += c.people;
      target.met += met;
      target.gaps += gaps;
      const choice = choices.get(key);
      if (choice) target.trainingMinutes += gaps * choice.minutes;
      else target.uncoveredGaps += gaps;
      const cov = byCompetence.get(competenceId) ?? { competenceId, required: 0, met: 0, levels: [0, 0, 0, 0, 0], suppressed: false };
      cov.required += c.people;
      cov.met += met;
      c.levels.forEach((n, l) => (cov.levels[l] += n));
      byCompetence.set(competenceId, cov);
    }
    target.competences = [...byCompetence.values()];
  }
  // A module that closes several gaps of one person counts once: subtract the repeats.
  const metCounts = new Map<string, Map<number, number>>();
  for (const r of rows)
    if (r.kind === "o") {
      const m = metCounts.get(`${r.g}|${r.k}`) ?? new Map<number, number>();
      m.set(r.x, r.n);
      metCounts.set(`${r.g}|${r.k}`, m);
    }
  for (const r of peopleByGroupRole) {
    for (const o of overlap.filter((x) => x.roleId === r.k)) {
      const m = metCounts.get(`${r.g}|${o.key}`) ?? new Map<number, number>();
      let withNone = r.n;
      let repeats = 0;
      for (const [k, n] of m) {
        withNone -= n;
        repeats += n * Math.max(0, o.size - k - 1);
      }
      repeats += withNone * (o.size - 1);
      group(r.g).trainingMinutes -= repeats * o.minutes;
    }
  }
  const all = group(ALL);
  const order = new Map(allCompetences.map((c, i) => [c.id, i]));
  const allCompetencesMap = new Map<string, CompetenceCoverage>();
  for (const g of groups.values()) {
    if (g.key === ALL) continue;
    g.competences.sort((x, y) => (order.get(x.competenceId) ?? 99) - (order.get(y.competenceId) ?? 99));
    for (const f of ["people", "uncounted", "requirements", "met", "gaps", "trainingMinutes", "uncoveredGaps"] as const) all[f] += g[f];
    for (const c of g.competences) {
      const t = allCompetencesMap.get(c.competenceId) ?? { competenceId: c.competenceId, required: 0, met: 0, levels: [0, 0, 0, 0, 0], suppressed: false };
      t.required += c.required;
      t.met += c.met;
      c.levels.forEach((n, l) => (t.levels[l] += n));
      allCompetencesMap.set(c.competenceId, t);
    }
  }
  all.competences = [...allCompetencesMap.values()].sort((x, y) => (order.get(x.competenceId) ?? 99) - (order.get(y.competenceId) ?? 99));
  return { groups };
}

function inTransaction<T>(db: Queryable, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return (db as Db).transaction((tx) => fn(tx));
}

export async function teamMembersBefore(db: Queryable, authorityId: string, unitId: string, excludePersonId?: string): Promise<TeamMember[]> {
  return rowsOf<{ id: string; given_name: string; family_name: string; has_role: boolean; role_id: string | null }>(
    await db.execute(sql`
      select p.id, p.given_name, p.family_name, p.role_description_id is not null as has_role, p.role_description_id as role_id from people p
      where p.authority_id = ${authorityId} and p.unit_id = ${unitId} and p.active
        and p.id is distinct from ${excludePersonId ?? null}::uuid
      order by p.family_name, p.given_name`),
  ).map((r) => ({ id: r.id, givenName: r.given_name, familyName: r.family_name, hasRole: r.has_role === true || String(r.has_role) === "true", roleId: r.role_id ?? null }));
}

export async function teamCellsBefore(db: Queryable, authorityId: string, unitId: string, at: Date): Promise<TeamCell[]> {
  return rowsOf<{ person_id: string; competence_id: string; required: number; current: number }>(
    await db.execute(sql`
      with m as (
        select p.id, p.role_description_id from people p
        where p.authority_id = ${authorityId} and p.unit_id = ${unitId} and p.active
      ), r as (
        select m.id as person_id, rr.competence_id, rr.level
        from m join role_requirements rr on rr.role_description_id = m.role_description_id
      ), l as (${currentLevelsSqlBefore(authorityId, at, { unitId })})
      select coalesce(r.person_id, l.person_id) as person_id,
             coalesce(r.competence_id, l.competence_id) as competence_id,
             coalesce(r.level, 0)::int as required,
             coalesce(l.level, 0)::int as current
      from r full join l on l.person_id = r.person_id and l.competence_id = r.competence_id`),
  ).map((r) => ({ personId: r.person_id, competenceId: r.competence_id, required: Number(r.required), current: Number(r.current) }));
}
