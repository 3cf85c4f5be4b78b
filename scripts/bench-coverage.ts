// Before/after timing of issue 15's read path, side by side in one process: the HR coverage
// report's query over the large authority (by unit and by role) and the team page's data for its
// 300-member unit, each in the form before (tests/support/levels-before.ts: max(level) grouped
// per person × competence; members and cells in two queries) and now (one row per person ×
// competence picked by its validity window; members with their cells in one query). Runs
// alternate (old, new, new, old, …) so load that comes and goes hits both; the figures are the
// medians of RUNS runs each, with the 1-minute load average before and after. On a shared machine
// read the ratio old/new, not the milliseconds. It also checks that both give the same result.
// Then the report as the page gets it (from memory, ADR 019: first read after a change and further
// reads, by unit and by role) and the profile page's data.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/x npx tsx scripts/bench-coverage.ts [--runs 21] [--people 15000] [--reuse] [--only team|coverage|page|profile]
//
// Without DATABASE_URL it runs on an in-memory PGlite. --reuse measures an authority an earlier
// run (or scripts/generate-large-authority.ts) left in the database instead of generating one.
import os from "node:os";
import { parseArgs } from "node:util";
import { isDeepStrictEqual } from "node:util";
import { eq, sql } from "drizzle-orm";
import { getProfile } from "~/learning/profile.server";
import { syncFramework } from "~/competences/sync.server";
import { teamMembersWithCells } from "~/competences/team.server";
import { openDatabase, rowsOf, type Db } from "~/db/client.server";
import { authorities } from "~/db/schema";
import { coverageReport, rawCoverage, type CoverageBy } from "~/reports/coverage.server";
import { rawCoverageBefore, teamCellsBefore, teamMembersBefore } from "../tests/support/levels-before";
import { generateLargeAuthority, LARGE_SLUG } from "./generate-large-authority";

const { values } = parseArgs({ options: { runs: { type: "string", default: "21" }, people: { type: "string", default: "15000" }, reuse: { type: "boolean", default: false }, only: { type: "string" } } });
const RUNS = Math.max(20, Number(values.runs));
const load = () => Math.round(os.loadavg()[0] * 100) / 100;

process.env.HORIZONT_ROOT ??= process.cwd();
const database = process.env.DATABASE_URL ? await openDatabase({ url: process.env.DATABASE_URL }) : await openDatabase({ memory: true });
await database.migrate();
await syncFramework(database.db);
const db: Db = database.db;

async function authority() {
  if (values.reuse) {
    const [found] = await db.select({ id: authorities.id }).from(authorities).where(eq(authorities.slug, LARGE_SLUG));
    if (found) {
      const [lead] = rowsOf<{ unit_id: string; person_id: string }>(
        await db.execute(sql`select ul.unit_id, ul.person_id from unit_leads ul join people p on p.id = ul.person_id where p.authority_id = ${found.id} and p.email like 'lead@%'`),
      );
      return { authorityId: found.id, unitId: lead.unit_id, leadId: lead.person_id };
    }
  }
  const t0 = performance.now();
  const generated = await generateLargeAuthority(db, { people: Number(values.people) });
  console.log(`generated ${values.people} people in ${Math.round(performance.now() - t0)} ms`);
  return { authorityId: generated.authorityId, unitId: generated.unitIds[0], leadId: generated.leadId };
}

const { authorityId, unitId, leadId } = await authority();
const [size] = rowsOf<{ people: number; evidence: number; levels: number }>(
  await db.execute(sql`select (select count(*)::int from people where authority_id = ${authorityId}) as people,
                              (select count(*)::int from evidence where authority_id = ${authorityId}) as evidence,
                              (select count(*)::int from current_levels where authority_id = ${authorityId}) as levels`),
);
const at = new Date();

// Groups in key order: the order of the map follows the order of the query's rows, which the report does not use (it sorts by name).
const coverage = (fn: typeof rawCoverage, by: CoverageBy) => async () => [...(await fn(db, authorityId, { by, at })).groups.entries()].sort(([a], [b]) => String(a).localeCompare(String(b)));
const teamBefore = async () => {
  const [members, cells] = await Promise.all([teamMembersBefore(db, authorityId, unitId, leadId), teamCellsBefore(db, authorityId, unitId, at)]);
  const ids = new Set(members.map((m) => m.id));
  return { members, cells: cells.filter((c) => ids.has(c.personId)) };
};
const teamNow = () => teamMembersWithCells(db, authorityId, unitId, at, leadId);
const byCell = (t: Awaited<ReturnType<typeof teamBefore>>) => ({ members: t.members, cells: [...t.cells].sort((a, b) => (a.personId + a.competenceId).localeCompare(b.personId + b.competenceId)) });

const cases = [
  { name: "coverage report by unit", before: coverage(rawCoverageBefore, "unit"), now: coverage(rawCoverage, "unit"), same: (a: unknown, b: unknown) => isDeepStrictEqual(a, b) },
  { name: "coverage report by role", before: coverage(rawCoverageBefore, "role"), now: coverage(rawCoverage, "role"), same: (a: unknown, b: unknown) => isDeepStrictEqual(a, b) },
  // The team's members and cells: two queries before, one now (getTeam adds the open assignments, unchanged, and the matrix).
  { name: "team page data, 300 members", before: teamBefore, now: teamNow, same: (a: unknown, b: unknown) => isDeepStrictEqual(byCell(a as never), byCell(b as never)) },
];

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (n: number) => Math.round(n * 10) / 10;

console.log(`database: ${database.kind}; authority: ${size.people} people, ${size.evidence} evidence rows, ${size.levels} level rows; ${RUNS} runs each; ${os.cpus().length} cores`);
let differ = false;
for (const c of cases.filter((x) => !values.only || x.name.includes(values.only))) {
  const [before, now] = [await c.before(), await c.now()]; // warm-up, and the check
  if (!c.same(before, now)) {
    differ = true;
    console.error(`${c.name}: the new query gives a different result`);
  }
  const times = { before: [] as number[], now: [] as number[] };
  const loadBefore = load();
  for (let i = 0; i < RUNS; i++) {
    const order = i % 2 === 0 ? (["before", "now"] as const) : (["now", "before"] as const);
    for (const which of order) {
      const t0 = performance.now();
      await c[which]();
      times[which].push(performance.now() - t0);
    }
  }
  const [b, n] = [median(times.before), median(times.now)];
  console.log(`${c.name}: before ${round(b)} ms, now ${round(n)} ms (medians), before/now ${round(b / n)}×; 1-min load average ${loadBefore} → ${load()}`);
}

// The report as the page gets it (ADR 019), by unit and by role: the first read after a change
// computes it (cold), the next reads of the same view come from memory (warm) until something it
// reads changes. A change is simulated by raising the authority's counter the way a write does:
// an update of a column the report reads, here to the value it already has.
for (const by of ["unit", "role"] as const) {
  if (values.only && !`coverage report page by ${by}`.includes(values.only)) continue;
  const page = () => coverageReport(db, authorityId, { by, at: new Date() });
  const change = () => db.execute(sql`update people set active = active where id = ${leadId}`);
  const times = { cold: [] as number[], warm: [] as number[] };
  const loadBefore = load();
  for (let i = 0; i < RUNS; i++) {
    await change();
    let t0 = performance.now();
    await page();
    times.cold.push(performance.now() - t0);
    t0 = performance.now();
    await page();
    times.warm.push(performance.now() - t0);
  }
  const [c, w] = [median(times.cold), median(times.warm)];
  console.log(`coverage report page data by ${by}: first read after a change ${round(c)} ms, further reads ${round(w)} ms (medians), ${round(c / w)}×; 1-min load average ${loadBefore} → ${load()}`);
}

// The profile page's data of a member of the 300-member unit (one person's evidence and levels:
// it should not grow with the authority).
if (!values.only || "profile data".includes(values.only)) {
  const [member] = rowsOf<{ id: string }>(await db.execute(sql`select id from people where authority_id = ${authorityId} and email like 'member@%'`));
  await getProfile(db, authorityId, member.id, new Date());
  const times: number[] = [];
  const loadBefore = load();
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await getProfile(db, authorityId, member.id, new Date());
    times.push(performance.now() - t0);
  }
  console.log(`profile data, member of the 300-member unit: ${round(median(times))} ms (median); 1-min load average ${loadBefore} → ${load()}`);
}
await database.close();
process.exit(differ ? 1 : 0);
