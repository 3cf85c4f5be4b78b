// The attacker test for small-group suppression (issue 16, finding 2). It collects every number
// that a lead with "leads see individual profiles" switched off, or a reader of HR's coverage
// report and its exports, can obtain: the team page under every dimension filter and sort, the
// team export, the coverage page by unit and by role with every group selected, the trend
// months, and the coverage, training and workshop-hours exports (CSV and XLSX), before and after
// one person's evidence changes (the staffing export, the last one /hr/coverage offers, carries no
// level figure: it must read the same before and after). Then it solves exactly (integer
// reasoning over every possible assignment of levels, no sampling) for any single person's
// level. It must determine no one.
//
// Unknowns: for each "atom" (people sharing unit and role, whom no figure can tell apart) and
// each competence, how many of them hold each level 0–4, at both times. A person's level is
// determined when every assignment consistent with all published numbers puts the whole atom at
// the same level. The attacker knows who belongs to which unit and role, what each role
// requires, which modules close which gap, and that between the two collections exactly one
// person's evidence changed (not whose).
import ExcelJS from "exceljs";
import { eq, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { getLucia } from "~/auth/lucia.server";
import type { Actor } from "~/auth/permissions";
import { assignLearning } from "~/learning/assigning.server";
import { competenceById, framework } from "~/competences/framework";
import { listModuleRefs } from "~/courses/catalog.server";
import { assignments, coverageSnapshots, evidence, roleDescriptions, roleRequirements } from "~/db/schema";
import { takeSnapshot } from "~/reports/coverage.server";
import { modulesForLevels } from "~/reports/training";
import { saveSettings } from "~/org/settings.server";
import { createPlan } from "~/staffing/plans.server";
import { parseSettings } from "~/org/settings";
import { loader as coverageLoader } from "~/routes/hr.coverage";
import { loader as hrExportLoader } from "~/routes/hr.export";
import { loader as teamLoader } from "~/routes/team";
import { loader as teamExportLoader } from "~/routes/team.export";
import { describeEachDb } from "./support/db";
import { createAuthority, createPerson, createUnit } from "./support/fixtures";

const C1 = "k.residence-paths";
const C2 = "c.interpreters";
const COMPS = [C1, C2];
const MIN = 3;

interface Atom {
  key: string;
  unit: string;
  role: string;
  size: number;
  requires: Map<string, number>;
}
/** value = Σ weight × (people of the cell's atom at one of `levels`) over the terms. */
interface Term {
  cell: number;
  levels: number[];
  weight: number;
}
interface Constraint {
  terms: Term[];
  accept: (value: number) => boolean;
  what: string;
}

const args = (request: Request) => ({ request, params: {}, context: { cspNonce: "", requestId: "test", clientAddress: "127.0.0.1" } });
async function cookieOf(personId: string) {
  const session = await getLucia().createSession(personId, {});
  return getLucia().createSessionCookie(session.id).serialize();
}
const get = (path: string, cookie: string) => new Request(`http://localhost${path}`, { headers: { Cookie: cookie } });
async function json<T>(value: unknown): Promise<T> {
  return (value instanceof Response ? await value.json() : value) as T;
}
function parseCsv(text: string): string[][] {
  return text
    .replace(/^\uFEFF/, "")
    .split("\r\n")
    .filter(Boolean)
    .map((line) => line.split(";").map((c) => c.replace(/^"|"$/g, "")));
}
/** Both export formats of one table, as rows of text (the XLSX must say no more than the CSV). */
async function exportRows(load: (format: "csv" | "xlsx") => Promise<Response>): Promise<string[][][]> {
  const csv = parseCsv(await (await load("csv")).text());
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await (await load("xlsx")).arrayBuffer()) as ArrayBuffer);
  const xlsx: string[][] = [];
  workbook.worksheets[0].eachRow((row) => {
    const values = (row.values as unknown[]).slice(1);
    xlsx.push(values.map((v) => (v === null || v === undefined ? "" : String(v))));
  });
  return [csv, xlsx];
}
const num = (cell: string | undefined) => (cell === undefined || cell === "" ? null : Number(cell.replace(",", ".")));

/** All ways to put `size` people on the levels 0–4. */
function histograms(size: number): number[][] {
  const out: number[][] = [];
  const rec = (prefix: number[], left: number) => {
    if (prefix.length === 4) return void out.push([...prefix, left]);
    for (let n = 0; n <= left; n++) rec([...prefix, n], left - n);
  };
  rec([], size);
  return out;
}

/**
 * Exact search over the atoms' histograms at both times. Returns, per cell, the histograms
 * that occur in at least one consistent solution.
 */
function solve(atoms: Atom[], constraints: Constraint[]) {
  const cells: { atom: number; comp: number; time: number }[] = [];
  for (let time = 0; time < 2; time++) for (let comp = 0; comp < COMPS.length; comp++) for (let atom = 0; atom < atoms.length; atom++) cells.push({ atom, comp, time });
  const half = cells.length / 2;
  const domains = cells.map((c) => histograms(atoms[c.atom].size));
  // A constraint is checked as soon as its last cell is assigned.
  const checkAt = new Map<number, Constraint[]>();
  for (const c of constraints) {
    const last = Math.max(...c.terms.map((t) => t.cell));
    checkAt.set(last, [...(checkAt.get(last) ?? []), c]);
  }
  const assigned: number[][] = new Array(cells.length);
  const seen = cells.map(() => new Set<string>());
  let solutions = 0;
  const moves = (a: number[], b: number[]) => {
    let diff = 0;
    for (let l = 0; l < 5; l++) diff += Math.abs(a[l] - b[l]);
    return diff / 2;
  };
  const rec = (i: number, changed: number) => {
    if (i === cells.length) {
      solutions++;
      assigned.forEach((h, k) => seen[k].add(h.join(",")));
      return;
    }
    for (const h of domains[i]) {
      let nextChanged = changed;
      if (i >= half) {
        const m = moves(assigned[i - half], h);
        if (m > 1) continue;
        nextChanged += m;
        if (nextChanged > 1) continue;
      }
      assigned[i] = h;
      let ok = true;
      for (const c of checkAt.get(i) ?? []) {
        let value = 0;
        for (const t of c.terms) for (const l of t.levels) value += t.weight * assigned[t.cell][l];
        if (!c.accept(value)) {
          ok = false;
          break;
        }
      }
      if (ok) rec(i + 1, nextChanged);
    }
  };
  rec(0, 0);
  return { cells, seen, solutions, cellIndex: (atom: number, comp: number, time: number) => time * half + comp * atoms.length + atom };
}

describeEachDb("small-group suppression against an attacker", ({ database }) => {
  it("no view, filter, sort, trend month or export determines any single person's level, before or after one change", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    await saveSettings(db, authority.id, parseSettings({ leadsSeeIndividualProfiles: false, minGroupSize: MIN }));
    const [roleA] = await db.insert(roleDescriptions).values({ authorityId: authority.id, title: "Rolle A", payScheme: "TVöD", payGrade: "EG 9b" }).returning();
    const [roleB] = await db.insert(roleDescriptions).values({ authorityId: authority.id, title: "Rolle B", payScheme: "TVöD", payGrade: "EG 9c" }).returning();
    await db.insert(roleRequirements).values([
      { roleDescriptionId: roleA.id, competenceId: C1, level: 2 },
      { roleDescriptionId: roleB.id, competenceId: C1, level: 2 },
      { roleDescriptionId: roleB.id, competenceId: C2, level: 4 },
    ]);
    const u1 = await createUnit(db, authority.id, "Einheit 1");
    const u2 = await createUnit(db, authority.id, "Einheit 2");
    const lead = await createPerson(db, { authorityId: authority.id, unitId: u1.id, roles: ["employee", "lead"], leads: [u1.id], givenName: "Lea", familyName: "Leitung" });
    const hr = await createPerson(db, { authorityId: authority.id, roles: ["hr"] });
    // Unit 1: four people in role A and the only one in role B ("1 von 1"); unit 2: four in role B.
    const levels: Record<string, { unit: string; role: string; c1: number; c2: number; id?: string }> = {
      a1: { unit: u1.id, role: roleA.id, c1: 1, c2: 0 },
      a2: { unit: u1.id, role: roleA.id, c1: 2, c2: 3 },
      a3: { unit: u1.id, role: roleA.id, c1: 2, c2: 1 },
      a4: { unit: u1.id, role: roleA.id, c1: 3, c2: 0 },
      b1: { unit: u1.id, role: roleB.id, c1: 3, c2: 4 },
      b2: { unit: u2.id, role: roleB.id, c1: 2, c2: 4 },
      b3: { unit: u2.id, role: roleB.id, c1: 2, c2: 2 },
      b4: { unit: u2.id, role: roleB.id, c1: 3, c2: 1 },
      b5: { unit: u2.id, role: roleB.id, c1: 1, c2: 0 },
    };
    for (const [name, p] of Object.entries(levels)) {
      p.id = (await createPerson(db, { authorityId: authority.id, unitId: p.unit, roleDescriptionId: p.role, givenName: name, familyName: name })).id;
      for (const [competenceId, level] of [[C1, p.c1], [C2, p.c2]] as const)
        if (level > 0) await db.insert(evidence).values({ authorityId: authority.id, personId: p.id, competenceId, level, source: "observed", achievedAt: new Date("2026-01-05T00:00:00Z") });
    }
    const atoms: Atom[] = [
      { key: "u1A", unit: u1.id, role: roleA.id, size: 4, requires: new Map([[C1, 2]]) },
      { key: "u1B", unit: u1.id, role: roleB.id, size: 1, requires: new Map([[C1, 2], [C2, 4]]) },
      { key: "u2B", unit: u2.id, role: roleB.id, size: 4, requires: new Map([[C1, 2], [C2, 4]]) },
    ];
    const unitNames = new Map([[u1.id, u1.name], [u2.id, u2.name]]);
    const roleNames = new Map([[roleA.id, roleA.title], [roleB.id, roleB.title]]);
    const choices = new Map(modulesForLevels(listModuleRefs()).map((c) => [`${c.competenceId}@${c.level}`, c]));
    // The test's arithmetic for training minutes assumes no module closes both requirements of role B.
    const m1 = choices.get(`${C1}@2`);
    const m2 = choices.get(`${C2}@4`);
    expect(m1 && m2 && `${m1.courseId}/${m1.moduleId}` === `${m2.courseId}/${m2.moduleId}`).toBeFalsy();

    const leadCookie = await cookieOf(lead.id);
    const hrCookie = await cookieOf(hr.id);
    const constraints: Constraint[] = [];
    const sizes = (set: number[]) => set.reduce((s, a) => s + atoms[a].size, 0);
    /** The atoms of a group a figure covers: the one subset whose size matches the published count. */
    function cover(candidates: number[], count: number, what: string): number[] {
      const fits: number[][] = [];
      for (let mask = 0; mask < 1 << candidates.length; mask++) {
        const set = candidates.filter((_, i) => mask & (1 << i));
        if (sizes(set) === count) fits.push(set);
      }
      expect(fits.length, `which people ${what} covers`).toBe(1);
      return fits[0];
    }
    const cellOf = (atom: number, comp: number, time: number) => time * COMPS.length * atoms.length + comp * atoms.length + atom;
    const atLeast = (level: number) => [0, 1, 2, 3, 4].filter((l) => l >= level);
    const metTerms = (set: number[], comp: number, time: number): Term[] =>
      set.map((a) => ({ cell: cellOf(a, comp, time), levels: atLeast(atoms[a].requires.get(COMPS[comp])!), weight: 1 }));
    const equals = (expected: number) => (v: number) => v === expected;
    const requiring = (group: number[], comp: number) => group.filter((a) => atoms[a].requires.has(COMPS[comp]));
    const unitAtoms = (unitId: string) => atoms.map((a, i) => (a.unit === unitId ? i : -1)).filter((i) => i >= 0);
    const roleAtoms = (roleId: string) => atoms.map((a, i) => (a.role === roleId ? i : -1)).filter((i) => i >= 0);
    const groupAtoms = (by: "unit" | "role", key: string) => (key === "all" ? atoms.map((_, i) => i) : by === "unit" ? unitAtoms(key) : roleAtoms(key));
    const groupByName = (by: "unit" | "role", name: string) => {
      const names = by === "unit" ? unitNames : roleNames;
      const key = [...names].find(([, n]) => n === name)?.[0];
      return groupAtoms(by, key ?? "all");
    };
    let figures = 0;
    let workshopFigures = 0;

    /** A competence row: required count, met, level distribution (any may be missing). */
    function competenceRow(group: number[], comp: number, time: number, row: { required: number | null; met: number | null; levels: (number | null)[] | null }, what: string) {
      if (row.required === null || row.required === 0) return;
      const set = cover(requiring(group, comp), row.required, what);
      if (row.met !== null) constraints.push({ terms: metTerms(set, comp, time), accept: equals(row.met), what: `${what} met` });
      row.levels?.forEach((n, l) => {
        if (n !== null) constraints.push({ terms: set.map((a) => ({ cell: cellOf(a, comp, time), levels: [l], weight: 1 })), accept: equals(n), what: `${what} level ${l}` });
      });
      figures++;
    }
    /** Group totals: requirements, met, gaps, training minutes, gaps no module closes. */
    function totals(group: number[], time: number, row: { people: number | null; met?: number | null; gaps?: number | null; minutes?: number | null; hours?: number | null; uncovered?: number | null; metPercent?: number | null }, what: string) {
      if (row.people === null || row.people === 0) return;
      const set = cover(group, row.people, what);
      const pairs = set.flatMap((a) => [...atoms[a].requires].map(([c, level]) => ({ a, comp: COMPS.indexOf(c), level })));
      const requirements = pairs.reduce((s, p) => s + atoms[p.a].size, 0);
      const met: Term[] = pairs.map((p) => ({ cell: cellOf(p.a, p.comp, time), levels: atLeast(p.level), weight: 1 }));
      if (row.met != null) constraints.push({ terms: met, accept: equals(row.met), what: `${what} met` });
      if (row.gaps != null) constraints.push({ terms: met, accept: (v) => requirements - v === row.gaps, what: `${what} gaps` });
      if (row.metPercent != null) constraints.push({ terms: met, accept: (v) => Math.round((v / requirements) * 1000) / 10 === row.metPercent, what: `${what} %` });
      // Minutes: Σ gaps × module minutes = constant − Σ met × minutes.
      const minutesOf = (p: (typeof pairs)[number]) => choices.get(`${COMPS[p.comp]}@${p.level}`)?.minutes ?? 0;
      const fullMinutes = pairs.reduce((s, p) => s + atoms[p.a].size * minutesOf(p), 0);
      const weighted: Term[] = pairs.map((p) => ({ cell: cellOf(p.a, p.comp, time), levels: atLeast(p.level), weight: minutesOf(p) }));
      if (row.minutes != null) constraints.push({ terms: weighted, accept: (v) => fullMinutes - v === row.minutes, what: `${what} minutes` });
      if (row.hours != null) constraints.push({ terms: weighted, accept: (v) => Math.round((fullMinutes - v) / 6) / 10 === row.hours, what: `${what} hours` });
      const uncovered = pairs.filter((p) => !choices.has(`${COMPS[p.comp]}@${p.level}`));
      if (row.uncovered != null && uncovered.length)
        constraints.push({
          terms: uncovered.map((p) => ({ cell: cellOf(p.a, p.comp, time), levels: atLeast(p.level), weight: 1 })),
          accept: (v) => uncovered.reduce((s, p) => s + atoms[p.a].size, 0) - v === row.uncovered,
          what: `${what} uncovered`,
        });
      figures++;
    }

    async function collect(time: number) {
      // The lead: the team page under every dimension filter and sort, and the team export.
      const team = unitAtoms(u1.id);
      type TeamData = { counted?: number; matrix: { columns: { competenceId: string; requiring: number; meeting: number; secureHolders: number }[] }; rows: unknown[]; open: unknown[] };
      const sorts = ["name", "gap", C1, C2];
      for (const dimension of [undefined, ...framework.dimensions.map((d) => d.id)])
        for (const sort of sorts)
          for (const dir of ["asc", "desc"]) {
            const q = new URLSearchParams({ unit: u1.id, sort, dir, ...(dimension ? { dimension } : {}) });
            const data = await json<TeamData>(await teamLoader(args(get(`/team?${q}`, leadCookie))));
            expect(data.rows).toEqual([]);
            const members = data.counted ?? sizes(team);
            const counted = members === 0 ? [] : cover(team, members, "team page");
            for (const c of data.matrix.columns) {
              const comp = COMPS.indexOf(c.competenceId);
              if (comp < 0) continue;
              competenceRow(counted, comp, time, { required: c.requiring, met: c.meeting, levels: null }, `team ${c.competenceId}`);
              constraints.push({ terms: counted.map((a) => ({ cell: cellOf(a, comp, time), levels: atLeast(3), weight: 1 })), accept: equals(c.secureHolders), what: "team secure holders" });
            }
          }
      const tables = await exportRows(async (format) => (await teamExportLoader(args(get(`/team/export?format=${format}&unit=${u1.id}`, leadCookie)))) as Response);
      const teamCounted = await json<TeamData>(await teamLoader(args(get(`/team?unit=${u1.id}`, leadCookie))));
      const exportSet = (teamCounted.counted ?? sizes(team)) === 0 ? [] : cover(team, teamCounted.counted ?? sizes(team), "team export");
      for (const row of tables.flatMap((table) => table.slice(1))) {
        const comp = COMPS.findIndex((id) => competenceById(id)?.name.de === row[0]);
        if (comp < 0) continue;
        competenceRow(exportSet, comp, time, { required: num(row[1]), met: num(row[2]), levels: null }, "team export");
        if (num(row[3]) !== null) constraints.push({ terms: exportSet.map((a) => ({ cell: cellOf(a, comp, time), levels: atLeast(3), weight: 1 })), accept: equals(num(row[3])!), what: "team export secure" });
      }

      // HR: the coverage page by unit and by role, every group selected, and the trend.
      type Group = { key: string; name: string; people: number; suppressed: boolean; met: number; gaps: number; requirements: number; trainingMinutes: number; uncoveredGaps: number; competences: { competenceId: string; required: number; met: number; levels: number[]; suppressed: boolean }[] };
      for (const by of ["unit", "role"] as const) {
        const base = await json<{ report: { groups: Group[]; total: Group } }>(await coverageLoader(args(get(`/hr/coverage?by=${by}`, hrCookie))));
        for (const selected of [null, ...base.report.groups.map((g) => g.key)]) {
          const data = await json<{ report: { groups: Group[]; total: Group }; trend: { month: string; people: number | null; metPercent: number | null; trainingHours: number | null }[] }>(
            await coverageLoader(args(get(`/hr/coverage?by=${by}${selected ? `&group=${selected}` : ""}`, hrCookie))),
          );
          for (const g of [...data.report.groups, data.report.total]) {
            if (g.suppressed) continue;
            const group = groupAtoms(by, g.key);
            totals(group, time, { people: g.people, met: g.met, gaps: g.gaps, minutes: g.trainingMinutes, uncovered: g.uncoveredGaps }, `${by} ${g.name}`);
            const set = g.people ? cover(group, g.people, `${by} ${g.name}`) : [];
            for (const c of g.competences)
              if (!c.suppressed) competenceRow(set, COMPS.indexOf(c.competenceId), time, { required: c.required, met: c.met, levels: c.levels }, `${by} ${g.name} ${c.competenceId}`);
          }
          // Trend months: the first is the collection before the change, the second after it.
          data.trend.forEach((p, month) => totals(atoms.map((_, i) => i), month, { people: p.people, metPercent: p.metPercent, hours: p.trainingHours }, `trend ${p.month}`));
        }
        // The CSV and XLSX exports of coverage, training demand and workshop hours.
        const trainingPeople = new Map<string, number | null>();
        for (const report of ["coverage", "training", "workshops"] as const) {
          const tables = await exportRows(async (format) => (await hrExportLoader(args(get(`/hr/export?report=${report}&format=${format}&by=${by}`, hrCookie)))) as Response);
          const rows = tables.flatMap((table) => table.slice(1));
          expect(rows.length, `${report} export by ${by}`).toBeGreaterThan(0);
          for (const row of rows) {
            const group = groupByName(by, row[0]);
            if (report === "training") {
              trainingPeople.set(row[0], num(row[1]));
              totals(group, time, { people: num(row[1]), gaps: num(row[2]), hours: num(row[3]), uncovered: num(row[4]) }, `export ${by} ${row[0]}`);
              continue;
            }
            if (report === "workshops") {
              // Each group's training demand in hours beside the planned and held workshop hours
              // (no workshops here): the same people as the training export's row of that group.
              const people = trainingPeople.get(row[0]);
              if (num(row[1]) !== null) {
                expect(people, `workshops export by ${by}: ${row[0]} is a training row too`).not.toBeUndefined();
                workshopFigures++;
              }
              totals(group, time, { people: people ?? null, hours: num(row[1]) }, `workshops export ${by} ${row[0]}`);
              continue;
            }
            const comp = COMPS.findIndex((id) => competenceById(id)?.name.de === row[1]);
            if (comp < 0) continue;
            const required = num(row[2]);
            if (required === null) continue;
            const set = cover(requiring(group, comp), required, `export ${by} ${row[0]}`);
            competenceRow(set, comp, time, { required, met: num(row[3]), levels: row.slice(5, 10).map(num) }, `export ${by} ${row[0]} ${row[1]}`);
          }
        }
      }
    }

    // The staffing export (per unit: plan figures and the unit's current FTE) carries no figure
    // that depends on anyone's level: it must read the same before and after the change.
    await createPlan(db, authority.id, { unitId: u1.id, year: 2026, netHoursPerFte: 1600, netHoursSource: "KGSt-Bericht", allowancePercent: 10 });
    const staffing: string[][][][] = [];
    const collectStaffing = async () => {
      for (const by of ["unit", "role"] as const)
        staffing.push(await exportRows(async (format) => (await hrExportLoader(args(get(`/hr/export?report=staffing&format=${format}&by=${by}`, hrCookie)))) as Response));
    };

    // Before: last month's snapshot, then everything visible now.
    const lastMonth = new Date();
    lastMonth.setUTCDate(1);
    lastMonth.setUTCMonth(lastMonth.getUTCMonth() - 1);
    await db.delete(coverageSnapshots).where(sql`true`);
    await takeSnapshot(db, authority.id, lastMonth);
    await collect(0);
    await collectStaffing();
    // One person's evidence changes (a2 in unit 1 reaches level 3 in C1), then this month's snapshot.
    await db.insert(evidence).values({ authorityId: authority.id, personId: levels.a2.id!, competenceId: C1, level: 3, source: "observed", achievedAt: new Date() });
    await takeSnapshot(db, authority.id, new Date());
    await collect(1);
    await collectStaffing();
    expect(staffing[0]![0]!.slice(1).map((row) => row[0])).toEqual([u1.name]);
    expect(staffing.slice(2)).toEqual(staffing.slice(0, 2));
    expect(figures).toBeGreaterThan(20);
    expect(workshopFigures).toBeGreaterThan(0);

    const result = solve(atoms, constraints);
    // The true levels are one solution, so the numbers are consistent.
    expect(result.solutions).toBeGreaterThan(0);
    const determined: string[] = [];
    result.cells.forEach((cell, i) => {
      const atom = atoms[cell.atom];
      for (let level = 0; level <= 4; level++)
        if ([...result.seen[i]].every((h) => Number(h.split(",")[level]) === atom.size)) determined.push(`${atom.key} ${COMPS[cell.comp]} at time ${cell.time}: level ${level}`);
    });
    expect(determined).toEqual([]);
    // The attacker is not blind: it knows exactly how many people of unit 1's role-A group hold
    // each level, at both times; it just cannot tell who.
    const u1A = atoms.findIndex((a) => a.key === "u1A");
    expect([...result.seen[result.cellIndex(u1A, 0, 0)]]).toEqual(["0,1,2,1,0"]);
    expect([...result.seen[result.cellIndex(u1A, 0, 1)]]).toEqual(["0,1,1,2,0"]);
  }, 90_000);

  it("with individual profiles off, /team shows no one's open or overdue assignments (the switch's promise)", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const unit = await createUnit(db, authority.id, "Aufenthalt 1");
    const lead = await createPerson(db, { authorityId: authority.id, unitId: unit.id, roles: ["employee", "lead"], leads: [unit.id] });
    const [role] = await db.insert(roleDescriptions).values({ authorityId: authority.id, title: "Sachbearbeitung", payScheme: "TVöD", payGrade: "EG 9b" }).returning();
    const members = [];
    for (const name of ["Anna", "Ben", "Cem"]) members.push(await createPerson(db, { authorityId: authority.id, unitId: unit.id, roleDescriptionId: role.id, givenName: name, familyName: "Muster" }));
    const viewer: Actor = { id: lead.id, authorityId: authority.id, roles: ["employee", "lead"], ledUnitIds: [unit.id] };
    // Assigned in January, due in February: overdue now.
    await assignLearning(db, viewer, { personIds: [members[0].id], target: "module:kommunikation-beratung/arbeiten-mit-dolmetschenden", dueOn: "2026-02-01" }, new Date("2026-01-05T10:00:00Z"));
    const cookie = await cookieOf(lead.id);
    type Data = { open: { givenName: string; overdue: boolean }[] };
    await saveSettings(db, authority.id, parseSettings({ leadsSeeIndividualProfiles: true, minGroupSize: 2 }));
    const on = await json<Data>(await teamLoader(args(get(`/team?unit=${unit.id}`, cookie))));
    expect(on.open.map((a) => [a.givenName, a.overdue])).toEqual([["Anna", true]]);
    await saveSettings(db, authority.id, parseSettings({ leadsSeeIndividualProfiles: false, minGroupSize: 2 }));
    const off = await json<Data>(await teamLoader(args(get(`/team?unit=${unit.id}`, cookie))));
    expect(off.open).toEqual([]);
    // Nothing in the loader data (which reaches the browser) tells whose assignment is open.
    const [assignment] = await db.select().from(assignments).where(eq(assignments.personId, members[0].id));
    expect(JSON.stringify(off)).not.toContain(assignment.id);
    expect(JSON.stringify(off)).not.toContain("2026-02-01");
  });
});
