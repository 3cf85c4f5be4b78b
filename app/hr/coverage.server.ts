// Coverage and training demand per unit or role (set-based SQL over the whole authority), the
// monthly snapshots behind the trend, and small-group suppression of what is shown.
import { and, asc, eq, gte, sql, type SQL } from "drizzle-orm";
import { allCompetences } from "~/competences/framework";
import { currentLevelsSql } from "~/competences/levels.server";
import { rowsOf, type Queryable } from "~/db/client.server";
import { authorities, coverageSnapshots, roleDescriptions, units } from "~/db/schema";
import { getSettings } from "~/org/settings.server";
import { readModuleMinutes } from "./module-minutes.server";
import { mustSuppress, suppressionSet } from "./suppression";
import { modulesForLevels, type ModuleChoice } from "./training";

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
  people: number;
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

function modulesValues(choices: readonly ModuleChoice[]): SQL {
  if (choices.length === 0) return sql`select null::text as competence_id, null::int as level, null::text as module_id, null::int as minutes where false`;
  return sql`select * from (values ${sql.join(
    choices.map((c) => sql`(${c.competenceId}::text, ${c.level}::int, ${`${c.courseId}/${c.moduleId}`}::text, ${c.minutes}::int)`),
    sql`, `,
  )}) as m(competence_id, level, module_id, minutes)`;
}

/**
 * One statement: every active person with a role × that role's requirements, joined to their
 * current level; aggregated per group and for the whole selection (grouping sets). No query
 * per person.
 */
export async function rawCoverage(db: Queryable, authorityId: string, options: { by: CoverageBy; unitId?: string | null; at: Date }): Promise<RawCoverage> {
  const groupColumn = options.by === "unit" ? sql.raw("p.unit_id") : sql.raw("p.role_description_id");
  const choices = modulesForLevels(readModuleMinutes());
  const result = await db.execute(sql`
    with p as (
      select p.id, coalesce(${groupColumn}::text, '-') as g, p.role_description_id
      from people p
      where p.authority_id = ${authorityId} and p.active and p.role_description_id is not null
        ${options.unitId ? sql`and p.unit_id = ${options.unitId}` : sql``}
    ),
    cl as (${currentLevelsSql(authorityId, options.at)}),
    r as (
      select p.id as person_id, p.g, rr.competence_id, rr.level as required, coalesce(cl.level, 0) as current
      from p
      join role_requirements rr on rr.role_description_id = p.role_description_id
      left join cl on cl.person_id = p.id and cl.competence_id = rr.competence_id
    ),
    mods as (${modulesValues(choices)}),
    gap_modules as (
      select distinct r.g, r.person_id, m.module_id, m.minutes
      from r join mods m on m.competence_id = r.competence_id and m.level = r.required
      where r.current < r.required
    )
    select 'c' as kind, coalesce(g, ${ALL}) as g, competence_id,
           count(*)::int as a, count(*) filter (where current >= required)::int as b,
           count(*) filter (where current = 0)::int as l0, count(*) filter (where current = 1)::int as l1,
           count(*) filter (where current = 2)::int as l2, count(*) filter (where current = 3)::int as l3,
           count(*) filter (where current = 4)::int as l4
    from r group by grouping sets ((g, competence_id), (competence_id))
    union all
    select 's', coalesce(g, ${ALL}), null, count(*)::int, 0, 0, 0, 0, 0, 0 from p group by grouping sets ((g), ())
    union all
    select 't', coalesce(g, ${ALL}), null, coalesce(sum(minutes), 0)::int, 0, 0, 0, 0, 0, 0 from gap_modules group by grouping sets ((g), ())
    union all
    select 'u', coalesce(r.g, ${ALL}), null, count(*)::int, count(*) filter (where not exists (
             select 1 from mods m where m.competence_id = r.competence_id and m.level = r.required))::int, 0, 0, 0, 0, 0
    from r where r.current < r.required group by grouping sets ((r.g), ())
  `);
  const groups = new Map<string, Omit<GroupCoverage, "name" | "suppressed">>();
  const group = (key: string) => {
    let g = groups.get(key);
    if (!g) {
      g = { key, people: 0, requirements: 0, met: 0, gaps: 0, trainingMinutes: 0, uncoveredGaps: 0, competences: [] };
      groups.set(key, g);
    }
    return g;
  };
  type Row = { kind: string; g: string; competence_id: string | null; a: number; b: number; l0: number; l1: number; l2: number; l3: number; l4: number };
  for (const row of rowsOf<Row>(result)) {
    const g = group(row.g);
    if (row.kind === "s") g.people = Number(row.a);
    else if (row.kind === "t") g.trainingMinutes = Number(row.a);
    else if (row.kind === "u") {
      g.gaps = Number(row.a);
      g.uncoveredGaps = Number(row.b);
    } else {
      g.requirements += Number(row.a);
      g.met += Number(row.b);
      g.competences.push({
        competenceId: row.competence_id!,
        required: Number(row.a),
        met: Number(row.b),
        levels: [row.l0, row.l1, row.l2, row.l3, row.l4].map(Number),
        suppressed: false,
      });
    }
  }
  const order = new Map(allCompetences.map((c, i) => [c.id, i]));
  for (const g of groups.values()) g.competences.sort((x, y) => (order.get(x.competenceId) ?? 99) - (order.get(y.competenceId) ?? 99));
  if (!groups.has(ALL)) group(ALL);
  return { groups };
}

function suppress(g: Omit<GroupCoverage, "name" | "suppressed">, name: string, minGroupSize: number, hide = mustSuppress(g.people, minGroupSize)): GroupCoverage {
  if (hide) {
    // Only the fact that the group exists is shown: not even its exact size.
    return { key: g.key, name, people: 0, suppressed: true, requirements: 0, met: 0, gaps: 0, trainingMinutes: 0, uncoveredGaps: 0, competences: [] };
  }
  return {
    ...g,
    name,
    suppressed: false,
    competences: g.competences.map((c) =>
      mustSuppress(c.required, minGroupSize) ? { ...c, required: 0, met: 0, levels: [0, 0, 0, 0, 0], suppressed: true } : c,
    ),
  };
}

/** The report as HR sees it: names, suppression applied, groups sorted by name. */
export async function coverageReport(db: Queryable, authorityId: string, options: { by: CoverageBy; unitId?: string | null; at: Date }) {
  const settings = await getSettings(db, authorityId);
  const raw = await rawCoverage(db, authorityId, options);
  const names = new Map<string, string>();
  if (options.by === "unit") for (const u of await db.select({ id: units.id, name: units.name }).from(units).where(eq(units.authorityId, authorityId))) names.set(u.id, u.name);
  else for (const r of await db.select({ id: roleDescriptions.id, title: roleDescriptions.title }).from(roleDescriptions).where(eq(roleDescriptions.authorityId, authorityId))) names.set(r.id, r.title);
  const collator = new Intl.Collator("de");
  const all = raw.groups.get(ALL)!;
  const rawGroups = [...raw.groups.values()].filter((g) => g.key !== ALL);
  // Primary and secondary suppression, so the total cannot reveal a hidden group.
  const hidden = suppressionSet(rawGroups, settings.minGroupSize);
  const groups = rawGroups
    .map((g, i) => suppress(g, names.get(g.key) ?? g.key, settings.minGroupSize, hidden.has(i)))
    .sort((a, b) => collator.compare(a.name, b.name));
  return { minGroupSize: settings.minGroupSize, total: suppress(all, "", settings.minGroupSize), groups };
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
