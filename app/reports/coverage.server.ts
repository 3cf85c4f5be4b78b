// Coverage and training demand per unit or role (set-based SQL over the whole authority), the
// monthly snapshots behind the trend, and small-group suppression of what is shown.
import { and, asc, eq, gt, gte, min, sql } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import { allCompetences } from "~/competences/framework";
import { catalogForAuthority } from "~/courses/authority-catalog.server";
import { currentLevelsSql } from "~/competences/levels.server";
import { rowsOf, type Db, type Queryable } from "~/db/client.server";
import { authorities, coverageSnapshots, currentLevels, reportVersions, roleDescriptions, roleRequirements, units } from "~/db/schema";
import { getSettings } from "~/org/settings.server";
import { mustSuppress, smallestCountedAtom } from "~/privacy/suppression";
import { modulesForLevels } from "./training";

export type CoverageBy = "unit" | "role";

export interface CompetenceCoverage {
  competenceId: string;
  /** People in the group for whom the competence is required. */
  required: number;
  met: number;
  /** People by current level 0–4 (among those for whom it is required). */
  levels: number[];
  suppressed: boolean;
}

export interface GroupCoverage {
  key: string;
  name: string;
  /** People the figures cover: those in a unit × role group of at least the minimum size. */
  people: number;
  /** People of the group left out of every figure (their unit × role group is too small). */
  uncounted: number;
  /** Nobody of the group is counted: only its existence is shown. */
  suppressed: boolean;
  /** Person × requirement pairs, and how many of them are met. */
  requirements: number;
  met: number;
  gaps: number;
  /** Minutes of the modules (each counted once per person) that close the gaps. */
  trainingMinutes: number;
  /** Gaps no module reaches (need other training). */
  uncoveredGaps: number;
  competences: CompetenceCoverage[];
}

interface RawCoverage {
  groups: Map<string, Omit<GroupCoverage, "name" | "suppressed">>;
}

const ALL = "all";

/**
 * Set-based: one statement aggregates people per group and role, current levels per group,
 * competence and required level (one row of the table of current levels per counted person and
 * required competence, picked by its validity window with no per-person grouping: the cost
 * follows the number of level rows, not people × requirements), and, for modules that close
 * several of a role's requirements at once, how many of those each person already meets. Everything else
 * (level 0 counts, gaps, training minutes with each module counted once per person) is
 * arithmetic over these few hundred rows. No query per person.
 */
export async function rawCoverage(db: Queryable, authorityId: string, options: { by: CoverageBy; unitId?: string | null; at: Date; minGroupSize?: number }): Promise<RawCoverage> {
  // Small-group suppression (see ~/privacy/suppression): people in a unit × role group below the
  // minimum are left out of every figure and only counted as "not included".
  const minGroupSize = options.minGroupSize ?? (await getSettings(db, authorityId)).minGroupSize;
  const smallest = smallestCountedAtom(minGroupSize);
  const groupColumn = options.by === "unit" ? sql.raw("p.unit_id") : sql.raw("p.role_description_id");
  // The modules (minutes, competences) as the authority's people get them.
  const choices = new Map(modulesForLevels((await catalogForAuthority(db, authorityId)).moduleRefs()).map((c) => [`${c.competenceId}@${c.level}`, c]));
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
  // People of the authority (or unit) counted by the report: active, with a role. An atom is
  // the people who share a unit (or none) and a role; its size decides suppression.
  const counted = sql`p.authority_id = ${authorityId} and p.active and p.role_description_id is not null
        ${options.unitId ? sql`and p.unit_id = ${options.unitId}` : sql``}`;
  const noUnit = sql.raw("'00000000-0000-0000-0000-000000000000'::uuid");
  const query = sql`
    with atoms as materialized (
      select p.unit_id, p.role_description_id, ${groupColumn} as g, count(*)::int as n
      from people p
      where ${counted}
      group by p.unit_id, p.role_description_id
    ),
    -- Not materialized: computing the join twice (for 'e' and 'o') costs less than writing and
    -- rereading a row per person × competence.
    pe as not materialized (
      select p.id, ${groupColumn} as g, p.role_description_id, cl.competence_id, cl.level
      from (${currentLevelsSql(authorityId, options.at)}) cl
      join people p on p.id = cl.person_id
      join atoms a on a.role_description_id = p.role_description_id and coalesce(a.unit_id, ${noUnit}) = coalesce(p.unit_id, ${noUnit})
      where ${counted} and a.n >= ${smallest}
    ),
    ov as (${overlapValues})
    select 'p' as kind, g::text as g, role_description_id::text as k, 0 as x, 0 as y, sum(n)::int as n
    from atoms where n >= ${smallest} group by g, role_description_id
    union all
    select 'u', g::text, '', 0, 0, sum(n)::int from atoms where n < ${smallest} group by g
    union all
    select 'e', x.g::text, x.competence_id, rr.level, x.level, sum(x.n)::int
    from (select g, role_description_id, competence_id, level, count(*) as n from pe group by g, role_description_id, competence_id, level) x
    join role_requirements rr on rr.role_description_id = x.role_description_id and rr.competence_id = x.competence_id
    group by x.g, x.competence_id, rr.level, x.level
    union all
    select 'o', g::text, group_key, k, 0, count(*)::int from (
      select pe.g, ov.group_key, count(*)::int as k
      from pe join ov on ov.role_id = pe.role_description_id and ov.competence_id = pe.competence_id and pe.level >= ov.required
      group by pe.g, ov.group_key, pe.id
    ) o group by g, group_key, k`;
  // Hashing a few hundred thousand level rows wants more than the default 4 MB; the CTEs' row
  // estimates are poor (a few thousand people where there are 15,000), so the planner is steered
  // from sorting and from a nested loop (one index scan per person × requirement) to hashing, in
  // one statement, for this transaction only.
  // Raw SQL: tuned for speed (ADR 019, docs/benchmarks.md: materialized CTEs, planner settings,
  // a VALUES list); the row shape is the report's own (kind, group, key, x, y, n), not a table's.
  const result = await inTransaction(db, async (tx) => {
    await tx.execute(sql`select set_config('work_mem', '64MB', true), set_config('enable_sort', 'off', true),
                                set_config('enable_mergejoin', 'off', true), set_config('enable_nestloop', 'off', true)`);
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

/** Runs `fn` in a transaction (a savepoint when `db` already is one). */
function inTransaction<T>(db: Queryable, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return (db as Db).transaction((tx) => fn(tx));
}

/**
 * A group as shown. Every figure already covers only unit × role groups of at least the minimum
 * (see rawCoverage), so a group is either shown whole or, when none of its people are counted,
 * only named; no competence row is ever blanked while totals stay (which subtraction would undo).
 */
function shown(g: Omit<GroupCoverage, "name" | "suppressed">, name: string, minGroupSize: number): GroupCoverage {
  const suppressed = g.people === 0 && g.uncounted > 0;
  return { ...g, name, suppressed, competences: g.competences.map((c) => ({ ...c, suppressed: mustSuppress(c.required, minGroupSize) })) };
}

/**
 * Reports computed since the last change, per database: at 15,000 people the statement of
 * rawCoverage takes a few hundred milliseconds, and HR switches between groupings, filters and
 * exports of the same figures. An entry is answered while the authority's report_versions counter
 * (raised at the commit of every change the report reads, drizzle/0016) still reads what it read
 * before computing, and only for instants from its own up to the next start or end of a level of
 * the authority. Per database because tests (and move-to-server) open several in one process.
 */
interface CachedCoverage {
  version: number;
  from: number;
  until: number;
  raw: RawCoverage;
}
const cached = new WeakMap<object, Map<string, CachedCoverage>>();
/**
 * Computations under way, per database, by view and counter: the first read after a change is
 * shared by the requests that ask for the same view meanwhile (at 20 connections each would
 * otherwise run the whole statement at once).
 */
const computing = new WeakMap<object, Map<string, Promise<CachedCoverage>>>();
const CACHED_REPORTS = 64;
/** Reports answered from memory and computed, since the start (the cache test reads it). */
export const coverageCacheStats = { hits: 0, misses: 0 };

async function reportVersion(db: Queryable, authorityId: string) {
  const [row] = await db.select({ version: reportVersions.version }).from(reportVersions).where(eq(reportVersions.authorityId, authorityId));
  return row?.version ?? 0;
}

/** The first instant after `at` at which some level of the authority starts or ends (Infinity: none). */
async function nextLevelChange(db: Queryable, authorityId: string, at: Date) {
  const [ends] = await db
    .select({ at: min(currentLevels.validUntil) })
    .from(currentLevels)
    .where(and(eq(currentLevels.authorityId, authorityId), gt(currentLevels.validUntil, at)));
  const [starts] = await db
    .select({ at: min(currentLevels.validFrom) })
    .from(currentLevels)
    .where(and(eq(currentLevels.authorityId, authorityId), gt(currentLevels.validFrom, at)));
  return Math.min(ends?.at ? new Date(ends.at).getTime() : Infinity, starts?.at ? new Date(starts.at).getTime() : Infinity);
}

/** rawCoverage, from memory while nothing it reads has changed (see CachedCoverage). */
async function rawCoverageCached(db: Queryable, authorityId: string, options: { by: CoverageBy; unitId?: string | null; at: Date; minGroupSize: number }) {
  // A transaction may hold writes of its own, uncommitted: never cache from inside one.
  if (db instanceof PgTransaction) return rawCoverage(db, authorityId, options);
  let entries = cached.get(db);
  if (!entries) cached.set(db, (entries = new Map()));
  const key = `${authorityId}|${options.by}|${options.unitId ?? ""}|${options.minGroupSize}`;
  const at = options.at.getTime();
  // Read before computing: a change committed in between raises the counter, so the entry is
  // never newer in its version than in its data.
  const version = await reportVersion(db, authorityId);
  const hit = entries.get(key);
  if (hit && hit.version === version && hit.from <= at && at < hit.until) {
    coverageCacheStats.hits++;
    return hit.raw;
  }
  let running = computing.get(db);
  if (!running) computing.set(db, (running = new Map()));
  const flight = `${key}|${version}`;
  const shared = running.get(flight);
  if (shared) {
    const entry = await shared;
    if (entry.from <= at && at < entry.until) {
      coverageCacheStats.hits++;
      return entry.raw;
    }
  }
  coverageCacheStats.misses++;
  const computation = (async (): Promise<CachedCoverage> => {
    const raw = await rawCoverage(db, authorityId, options);
    return { version, from: at, until: await nextLevelChange(db, authorityId, options.at), raw };
  })();
  if (!shared) running.set(flight, computation);
  try {
    const entry = await computation;
    entries.delete(key);
    entries.set(key, entry);
    if (entries.size > CACHED_REPORTS) entries.delete(entries.keys().next().value!);
    return entry.raw;
  } finally {
    if (running.get(flight) === computation) running.delete(flight);
  }
}

/** The report as HR sees it: names, suppression applied, groups sorted by name. */
export async function coverageReport(db: Queryable, authorityId: string, options: { by: CoverageBy; unitId?: string | null; at: Date }) {
  const settings = await getSettings(db, authorityId);
  const raw = await rawCoverageCached(db, authorityId, { ...options, minGroupSize: settings.minGroupSize });
  const names = new Map<string, string>();
  if (options.by === "unit") for (const u of await db.select({ id: units.id, name: units.name }).from(units).where(eq(units.authorityId, authorityId))) names.set(u.id, u.name);
  else for (const r of await db.select({ id: roleDescriptions.id, title: roleDescriptions.title }).from(roleDescriptions).where(eq(roleDescriptions.authorityId, authorityId))) names.set(r.id, r.title);
  const collator = new Intl.Collator("de");
  const all = raw.groups.get(ALL)!;
  const groups = [...raw.groups.values()]
    .filter((g) => g.key !== ALL)
    .map((g) => shown(g, names.get(g.key) ?? g.key, settings.minGroupSize))
    .sort((a, b) => collator.compare(a.name, b.name));
  return { minGroupSize: settings.minGroupSize, total: shown(all, "", settings.minGroupSize), groups };
}

export type CoverageReport = Awaited<ReturnType<typeof coverageReport>>;

const monthOf = (d: Date) => `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}-01`;

/** Takes this month's snapshot of an authority (whole authority and per unit) unless it exists. */
export async function takeSnapshot(db: Queryable, authorityId: string, now: Date) {
  const month = monthOf(now);
  const raw = await rawCoverage(db, authorityId, { by: "unit", at: now });
  const rows = [...raw.groups.values()].map((g) => ({
    authorityId,
    month,
    scope: g.key,
    peopleCount: g.people,
    requirementCount: g.requirements,
    metCount: g.met,
    trainingMinutes: g.trainingMinutes,
  }));
  const inserted = await db.insert(coverageSnapshots).values(rows).onConflictDoNothing().returning({ id: coverageSnapshots.id });
  return inserted.length;
}

/** For every authority without a snapshot for the current month: take one. Idempotent. */
export async function takeMonthlySnapshots(db: Queryable, now = new Date()) {
  const month = monthOf(now);
  const due = await db
    .select({ id: authorities.id })
    .from(authorities)
    .where(sql`not exists (select 1 from coverage_snapshots s where s.authority_id = ${authorities.id} and s.month = ${month} and s.scope = ${ALL})`);
  for (const a of due) await takeSnapshot(db, a.id, now);
  return due.length;
}

/** Monthly figures of one scope ("all" or a unit id) for the last 13 months, suppressed where small. */
export async function coverageTrend(db: Queryable, authorityId: string, scope: string, now: Date) {
  const settings = await getSettings(db, authorityId);
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 12, 1));
  const rows = await db
    .select()
    .from(coverageSnapshots)
    .where(and(eq(coverageSnapshots.authorityId, authorityId), eq(coverageSnapshots.scope, scope), gte(coverageSnapshots.month, monthOf(from))))
    .orderBy(asc(coverageSnapshots.month));
  return rows.map((r) => {
    const suppressed = mustSuppress(r.peopleCount, settings.minGroupSize);
    return {
      month: r.month,
      suppressed,
      people: suppressed ? null : r.peopleCount,
      metPercent: suppressed || r.requirementCount === 0 ? null : Math.round((r.metCount / r.requirementCount) * 1000) / 10,
      trainingHours: suppressed ? null : Math.round(r.trainingMinutes / 6) / 10,
    };
  });
}
