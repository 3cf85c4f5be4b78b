// HR workspace against a real database: role versions, coverage with suppression, staffing
// plans, snapshots, audit retention, and the all-or-nothing import.
import { eq, inArray, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { auditLog, coverageSnapshots, evidence, people, roleDescriptions } from "~/db/schema";
import { pruneAuditLog } from "~/reports/audit-log.server";
import { coverageReport, coverageTrend, takeMonthlySnapshots } from "~/reports/coverage.server";
import { commitImport, createImportLinks, ImportError, insertImportRows, previewImport, stageImport } from "~/staff-import/import.server";
import { copyRole, createRole, getRoleHistory, getRoleSnapshot, setRoleStatus, updateRole } from "~/role-descriptions/roles.server";
import { saveSettings } from "~/org/settings.server";
import { parseSettings } from "~/org/settings";
import { addScenario, createPlan, evaluatePlan, getPlan, updatePlan } from "~/staffing/plans.server";
import { roundFte } from "~/staffing/staffing-math";
import type { Queryable } from "~/db/client.server";
import { describeEachDb } from "./support/db";
import { createAuthority, createPerson, createUnit } from "./support/fixtures";

const caseworker = {
  title: "Sachbearbeitung Aufenthalt",
  payScheme: "TVöD" as const,
  payGrade: "EG 9b",
  tasks: [
    { title: "Entscheidung", category: "casework_decision" as const, sharePercent: 70 },
    { title: "Beratung", category: "counselling" as const, sharePercent: 30 },
  ],
  requirements: { "k.residence-paths": 3, "c.interpreters": 2 },
};

async function giveLevel(db: Queryable, authorityId: string, personId: string, competenceId: string, level: number, extra: Partial<typeof evidence.$inferInsert> = {}) {
  await db.insert(evidence).values({ authorityId, personId, competenceId, level, source: "observed", achievedAt: new Date("2026-01-01T00:00:00Z"), ...extra });
}

describeEachDb("role descriptions", ({ database }) => {
  it("are versioned: each change records who, when and what", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const hr = await createPerson(db, { authorityId: authority.id, roles: ["employee", "hr"], givenName: "Helga", familyName: "Roth" });
    const id = await createRole(db, authority.id, hr.id, caseworker);
    const changes = await updateRole(db, authority.id, hr.id, id, { ...caseworker, payGrade: "EG 10", requirements: { "k.residence-paths": 2, "c.interpreters": 2 } });
    expect(changes).toEqual([
      { kind: "field", field: "payGrade", from: "EG 9b", to: "EG 10" },
      { kind: "requirement", competenceId: "k.residence-paths", from: 3, to: 2 },
    ]);
    // Saving without a change makes no new version.
    expect(await updateRole(db, authority.id, hr.id, id, { ...caseworker, payGrade: "EG 10", requirements: { "k.residence-paths": 2, "c.interpreters": 2 } })).toEqual([]);
    await setRoleStatus(db, authority.id, hr.id, id, "retired");
    const history = await getRoleHistory(db, authority.id, id);
    expect(history.map((h) => h.version)).toEqual([3, 2, 1]);
    expect(history[0].changes).toEqual([{ kind: "field", field: "status", from: "active", to: "retired" }]);
    expect(history[2]).toMatchObject({ actor: "Helga Roth", changes: [{ kind: "created" }] });
    expect((await getRoleSnapshot(db, authority.id, id))?.requirements).toEqual({ "k.residence-paths": 2, "c.interpreters": 2 });
  });

  it("can be copied under a new title, and are invisible to other authorities", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const other = await createAuthority(db);
    const hr = await createPerson(db, { authorityId: authority.id, roles: ["hr"] });
    const id = await createRole(db, authority.id, hr.id, caseworker);
    const copyId = await copyRole(db, authority.id, hr.id, id, "Kopie");
    const copy = await getRoleSnapshot(db, authority.id, copyId!);
    expect(copy).toMatchObject({ title: "Sachbearbeitung Aufenthalt (Kopie)", version: 1, tasks: caseworker.tasks });
    expect((await getRoleHistory(db, authority.id, copyId!))[0].changes).toEqual([{ kind: "copied", from: "Sachbearbeitung Aufenthalt" }]);
    expect(await getRoleSnapshot(db, other.id, id)).toBeNull();
    expect(await copyRole(db, other.id, hr.id, id, "Kopie")).toBeNull();
  });
});

describeEachDb("coverage report", ({ database }) => {
  async function setup(db: Queryable) {
    const authority = await createAuthority(db);
    const hr = await createPerson(db, { authorityId: authority.id, roles: ["hr"] });
    const roleId = await createRole(db, authority.id, hr.id, caseworker);
    const big = await createUnit(db, authority.id, "Aufenthalt");
    const small = await createUnit(db, authority.id, "Sonderstelle");
    const members = [];
    for (let i = 0; i < 6; i++) members.push(await createPerson(db, { authorityId: authority.id, unitId: big.id, roleDescriptionId: roleId }));
    for (let i = 0; i < 2; i++) await createPerson(db, { authorityId: authority.id, unitId: small.id, roleDescriptionId: roleId });
    // Levels in "Aufenthalt": residence paths 3,3,2,1,0,0 and interpreters 2,2,2,0,0,0.
    const rp = [3, 3, 2, 1];
    for (const [i, level] of rp.entries()) await giveLevel(db, authority.id, members[i].id, "k.residence-paths", level);
    for (let i = 0; i < 3; i++) await giveLevel(db, authority.id, members[i].id, "c.interpreters", 2);
    // Self-assessment, expired and revoked evidence never count.
    await giveLevel(db, authority.id, members[5].id, "k.residence-paths", 4, { source: "self" });
    await giveLevel(db, authority.id, members[5].id, "c.interpreters", 3, { validUntil: new Date("2026-02-01T00:00:00Z") });
    await giveLevel(db, authority.id, members[4].id, "c.interpreters", 3, { revokedAt: new Date("2026-02-01T00:00:00Z") });
    return { authority, hr, roleId, big, small, members };
  }

  it("counts who meets each requirement, the level distribution and the training hours", async () => {
    const db = database().db;
    const { authority, big } = await setup(db);
    await saveSettings(db, authority.id, parseSettings({ minGroupSize: 2 }));
    const report = await coverageReport(db, authority.id, { by: "unit", at: new Date("2026-06-01T00:00:00Z") });
    const unit = report.groups.find((g) => g.key === big.id)!;
    expect(unit).toMatchObject({ name: "Aufenthalt", people: 6, suppressed: false, requirements: 12, met: 5, gaps: 7, uncoveredGaps: 4 });
    const rp = unit.competences.find((c) => c.competenceId === "k.residence-paths")!;
    expect(rp).toMatchObject({ required: 6, met: 2, levels: [2, 1, 1, 2, 0] });
    const ip = unit.competences.find((c) => c.competenceId === "c.interpreters")!;
    expect(ip).toMatchObject({ required: 6, met: 3, levels: [3, 0, 3, 0, 0] });
    // Gaps: 4 people below level 3 in residence paths, which no module closes (a module certifies
    // at most level 2; level 3 needs observed practice or a workshop): uncovered. 3 people below
    // level 2 with interpreters → "Arbeiten mit Dolmetschenden" (18 min): 54 minutes.
    expect(unit.trainingMinutes).toBe(54);
  });

  it("counts a module that closes two gaps of one person once", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    await saveSettings(db, authority.id, parseSettings({ minGroupSize: 2 }));
    const hr = await createPerson(db, { authorityId: authority.id, roles: ["hr"] });
    // Both requirements are closed by "Resilienz in belastenden Fällen" (17 min, level 2 in both).
    const roleId = await createRole(db, authority.id, hr.id, { ...caseworker, requirements: { "s.ambiguity": 2, "s.resilience": 2 } });
    const unit = await createUnit(db, authority.id, "Team");
    const [none, one, both] = [
      await createPerson(db, { authorityId: authority.id, unitId: unit.id, roleDescriptionId: roleId }),
      await createPerson(db, { authorityId: authority.id, unitId: unit.id, roleDescriptionId: roleId }),
      await createPerson(db, { authorityId: authority.id, unitId: unit.id, roleDescriptionId: roleId }),
    ];
    await giveLevel(db, authority.id, one.id, "s.ambiguity", 2);
    await giveLevel(db, authority.id, both.id, "s.ambiguity", 4);
    await giveLevel(db, authority.id, both.id, "s.resilience", 2);
    await giveLevel(db, authority.id, none.id, "s.resilience", 1);
    const report = await coverageReport(db, authority.id, { by: "unit", at: new Date("2026-06-01T00:00:00Z") });
    // "none" needs the module once (17), "one" once (17), "both" not at all: 34 minutes, 3 gaps.
    expect(report.total).toMatchObject({ people: 3, requirements: 6, met: 3, gaps: 3, trainingMinutes: 34 });
  });

  it("leaves unit × role groups under the minimum out of every figure, so no total or view gives them back", async () => {
    const db = database().db;
    const { authority, small, big } = await setup(db);
    const at = new Date("2026-06-01T00:00:00Z");
    const report = await coverageReport(db, authority.id, { by: "unit", at });
    expect(report.minGroupSize).toBe(5);
    const hidden = report.groups.find((g) => g.key === small.id)!;
    expect(hidden).toMatchObject({ suppressed: true, people: 0, uncounted: 2, met: 0, competences: [] });
    // The two people of the small unit are not in the total either: total − "Aufenthalt" = 0.
    const shown = report.groups.find((g) => g.key === big.id)!;
    expect(shown).toMatchObject({ suppressed: false, people: 6, requirements: 12, met: 5 });
    expect(report.total).toMatchObject({ people: 6, uncounted: 2, suppressed: false, requirements: 12, met: 5 });
    expect(report.total.competences).toEqual(shown.competences);
    // Nor in the role view, which would otherwise differ from the unit view by exactly them.
    const byRole = await coverageReport(db, authority.id, { by: "role", at });
    expect(byRole.total).toEqual(report.total);
    // With a minimum of 2 nothing is hidden.
    await saveSettings(db, authority.id, parseSettings({ minGroupSize: 2 }));
    const open = await coverageReport(db, authority.id, { by: "unit", at });
    expect(open.groups.every((g) => !g.suppressed)).toBe(true);
    expect(open.total).toMatchObject({ people: 8, uncounted: 0 });
  });

  it("groups by role too, and follows a changed requirement at once", async () => {
    const db = database().db;
    const { authority, hr, roleId } = await setup(db);
    const at = new Date("2026-06-01T00:00:00Z");
    const before = (await coverageReport(db, authority.id, { by: "role", at })).groups.find((g) => g.key === roleId)!;
    // The two people of the small unit form a group below the minimum of 5 and are left out.
    expect(before).toMatchObject({ people: 6, uncounted: 2, requirements: 12 });
    await updateRole(db, authority.id, hr.id, roleId, { ...caseworker, requirements: { "k.residence-paths": 3 } });
    const after = (await coverageReport(db, authority.id, { by: "role", at })).groups.find((g) => g.key === roleId)!;
    expect(after).toMatchObject({ people: 6, requirements: 6 });
    expect(after.competences.map((c) => c.competenceId)).toEqual(["k.residence-paths"]);
  });

  it("takes one snapshot per month per authority and shows the trend", async () => {
    const db = database().db;
    const { authority } = await setup(db);
    const june = new Date("2026-06-15T00:00:00Z");
    expect(await takeMonthlySnapshots(db, june)).toBeGreaterThanOrEqual(1);
    const again = await takeMonthlySnapshots(db, june);
    const rows = await db.select().from(coverageSnapshots).where(eq(coverageSnapshots.authorityId, authority.id));
    expect(rows.filter((r) => r.month === "2026-06-01" && r.scope === "all")).toHaveLength(1);
    expect(again).toBe(0);
    const trend = await coverageTrend(db, authority.id, "all", june);
    expect(trend).toEqual([{ month: "2026-06-01", suppressed: false, people: 6, metPercent: 41.7, trainingHours: 0.9 }]);
    // The small unit's two people are below the minimum of 5 and not counted: 5 of 12
    // requirements met = 41.67 %; training 54 min (unit above) = 0.9 h.
  });
});

describeEachDb("staffing plans", ({ database }) => {
  it("compute the worked example against the unit's current FTE, with scenarios beside the plan", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const unit = await createUnit(db, authority.id, "Aufenthalt 1");
    for (const fte of [1, 1, 0.5, 0.75]) await createPerson(db, { authorityId: authority.id, unitId: unit.id, fte });
    await createPerson(db, { authorityId: authority.id, unitId: unit.id, fte: 1, active: false });
    const planId = await createPlan(db, authority.id, { unitId: unit.id, year: 2026, netHoursPerFte: 1560, netHoursSource: "BMF 2014", allowancePercent: 10 });
    await updatePlan(db, authority.id, planId, {
      netHoursPerFte: 1560,
      netHoursSource: "BMF 2014",
      allowancePercent: 10,
      tasks: [
        { title: "Verlängerungen", casesPerYear: 12000, caseworkMinutes: 45, counsellingMinutes: 0 },
        { title: "Beratung", casesPerYear: 3000, caseworkMinutes: 0, counsellingMinutes: 30 },
      ],
    });
    await addScenario(db, authority.id, planId, { name: "+10 min Beratung", casesChangePercent: 0, extraCounsellingMinutes: 10, extraCaseworkMinutes: 0 });
    const plan = (await getPlan(db, authority.id, planId))!;
    expect(plan.currentFte).toBe(3.25);
    const result = evaluatePlan(plan);
    expect(roundFte(result.plan.requiredFte)).toBe(7.4);
    expect(roundFte(result.plan.counsellingFte)).toBe(1.06);
    expect(roundFte(result.plan.difference)).toBe(-4.15);
    expect(roundFte(result.scenarios[0].result.requiredFte)).toBe(9.17);
    // The scenario did not touch the plan's tasks.
    expect(plan.tasks[0].counsellingMinutes).toBe(0);
    expect(await getPlan(db, (await createAuthority(db)).id, planId)).toBeNull();
  });
});

describeEachDb("audit retention", ({ database }) => {
  it("deletes entries older than the authority's retention, keeps newer ones", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    await saveSettings(db, authority.id, parseSettings({ auditRetentionMonths: 6 }));
    const now = new Date("2026-11-25T12:00:00Z");
    await db.insert(auditLog).values([
      { authorityId: authority.id, action: "old", createdAt: new Date("2026-05-01T00:00:00Z") },
      { authorityId: authority.id, action: "new", createdAt: new Date("2026-06-01T00:00:00Z") },
    ]);
    await pruneAuditLog(db, now);
    const left = await db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.authorityId, authority.id));
    expect(left.map((r) => r.action)).toEqual(["new"]);
  });
});

describeEachDb("importing people", ({ database }) => {
  async function setup(db: Queryable) {
    const authority = await createAuthority(db);
    const hr = await createPerson(db, { authorityId: authority.id, roles: ["hr"] });
    await createUnit(db, authority.id, "Servicepoint");
    await createRole(db, authority.id, hr.id, caseworker);
    return { authority, hr };
  }
  const csv = (rows: string[]) => ["Vorname;Nachname;E-Mail;Einheit;Stelle;VZÄ", ...rows].join("\r\n");

  it("previews each row's problems against the authority's units, roles and existing accounts", async () => {
    const db = database().db;
    const { authority } = await setup(db);
    await createPerson(db, { authorityId: authority.id, email: "vergeben@test.example" });
    const preview = await previewImport(
      db,
      authority.id,
      csv(["Ada;Lang;ada@test.example;Servicepoint;Sachbearbeitung Aufenthalt;0,5", "Bo;Berg;vergeben@test.example;Servicepoint;;1", "Cem;Kurt;cem@test.example;Unbekannt;Hausmeister;1"]),
    );
    expect(preview.ok && preview.rows.map((r) => r.errors)).toEqual([[], ["hr.import.errors.emailTaken"], ["hr.import.errors.unitUnknown", "hr.import.errors.roleUnknown"]]);
  });

  it("does not tell HR which addresses another authority has (preview and commit)", async () => {
    const db = database().db;
    const { authority, hr } = await setup(db);
    const other = await createAuthority(db);
    const theirs = `amt-${crypto.randomUUID().slice(0, 8)}.example`;
    await createPerson(db, { authorityId: other.id, email: `anna@${theirs}` });
    const rows = [`Anna;A;anna@${theirs};Servicepoint;;1`, `Neu;N;niemand@${theirs};Servicepoint;;1`];
    const preview = await previewImport(db, authority.id, csv(rows));
    expect(preview.ok && preview.rows.map((r) => r.errors)).toEqual([["hr.import.errors.emailDomainForeign"], ["hr.import.errors.emailDomainForeign"]]);
    const batchId = await stageImport(db, authority.id, hr.id, "liste.csv", csv(rows));
    await expect(db.transaction((tx) => commitImport(tx, authority.id, batchId))).rejects.toThrow("hr.import.errors.rowsHaveErrors");
  });

  it("commits all rows as inactive accounts without password, then creates set-password links", async () => {
    const db = database().db;
    const { authority, hr } = await setup(db);
    const batchId = await stageImport(db, authority.id, hr.id, "liste.csv", csv(["Ada;Lang;ada.lang@test.example;Servicepoint;Sachbearbeitung Aufenthalt;0,5", "Bo;Berg;bo.berg@test.example;servicepoint;;"]));
    const ids = await db.transaction((tx) => commitImport(tx, authority.id, batchId));
    const rows = await db.select().from(people).where(inArray(people.id, ids));
    expect(rows.map((r) => [r.email, r.active, r.passwordHash, Number(r.fte)]).sort()).toEqual([
      ["ada.lang@test.example", false, null, 0.5],
      ["bo.berg@test.example", false, null, 1],
    ]);
    await expect(db.transaction((tx) => commitImport(tx, authority.id, batchId))).rejects.toThrow(ImportError);
    const links = await createImportLinks(db, authority.id, batchId);
    expect(links).toHaveLength(2);
    expect(await createImportLinks(db, (await createAuthority(db)).id, batchId)).toEqual([]);
  });

  it("writes nothing when any row fails", async () => {
    const db = database().db;
    const { authority, hr } = await setup(db);
    const batchId = await stageImport(db, authority.id, hr.id, "liste.csv", csv(["Ada;Lang;ada.x@test.example;Servicepoint;;1", "Bo;Berg;kaputt;Servicepoint;;1"]));
    await expect(db.transaction((tx) => commitImport(tx, authority.id, batchId))).rejects.toThrow("hr.import.errors.rowsHaveErrors");
    expect(await db.select().from(people).where(eq(people.email, "ada.x@test.example"))).toHaveLength(0);
  });

  it("rolls back rows already written when a later row fails in the database", async () => {
    const db = database().db;
    const { authority, hr } = await setup(db);
    const batchId = await stageImport(db, authority.id, hr.id, "liste.csv", csv(["A;Eins;eins@test.example;Servicepoint;;1", "B;Zwei;zwei@test.example;Servicepoint;;1", "C;Drei;drei@test.example;Servicepoint;;1"]));
    const preview = await previewImport(db, authority.id, csv(["A;Eins;eins@test.example;Servicepoint;;1", "B;Zwei;zwei@test.example;Servicepoint;;1", "C;Drei;drei@test.example;Servicepoint;;1"]));
    if (!preview.ok) throw new Error("preview failed");
    // The third row clashes with the first inside the same statement batch: the database
    // refuses it after rows one and two were written (chunks of two).
    const rows = [...preview.rows, { ...preview.rows[2], email: "eins@test.example" }];
    await expect(db.transaction((tx) => insertImportRows(tx, authority.id, rows, 2))).rejects.toThrow();
    const written = await db.select({ n: sql<number>`count(*)::int` }).from(people).where(inArray(people.email, ["eins@test.example", "zwei@test.example", "drei@test.example"]));
    expect(written[0].n).toBe(0);
    // The staged batch is still there and can be committed after the fix.
    expect((await db.transaction((tx) => commitImport(tx, authority.id, batchId))).length).toBe(3);
  });

  it("takes a 5,000-row file in one go", async () => {
    const db = database().db;
    const { authority, hr } = await setup(db);
    const rows = Array.from({ length: 5000 }, (_, i) => `Vorname${i};Nachname${i};bulk${i}.${authority.id.slice(0, 8)}@test.example;Servicepoint;Sachbearbeitung Aufenthalt;0,75`);
    const batchId = await stageImport(db, authority.id, hr.id, "gross.csv", csv(rows));
    const t0 = performance.now();
    const ids = await db.transaction((tx) => commitImport(tx, authority.id, batchId));
    expect(ids).toHaveLength(5000);
    expect(performance.now() - t0).toBeLessThan(30_000);
    const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(people).where(eq(people.authorityId, authority.id));
    expect(count.n).toBe(5001);
    expect((await db.select().from(roleDescriptions).where(eq(roleDescriptions.authorityId, authority.id))).length).toBe(1);
  });
});

