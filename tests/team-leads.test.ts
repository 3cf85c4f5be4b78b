// Leads act on facts: the assignment form knows who already holds what a module certifies,
// open assignments can be withdrawn, the team table can be exported with the page's privacy
// rules, and a member without a role description shows as "keine Stelle".
import ExcelJS from "exceljs";
import { and, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { getLucia } from "~/auth/lucia.server";
import { withdrawAssignment } from "~/competences/assignments.server";
import { assignLearning } from "~/learning/assigning.server";
import type { Actor } from "~/auth/permissions";
import { getTeam } from "~/competences/team.server";
import { getProfile } from "~/learning/profile.server";
import { AccountError, createAccount } from "~/people/accounts.server";
import { loader as hrPeopleLoader } from "~/routes/hr.people";
import type { Queryable } from "~/db/client.server";
import { assignments, auditLog, evidence, people, roleDescriptions } from "~/db/schema";
import { saveSettings } from "~/org/settings.server";
import { parseSettings } from "~/org/settings";
import { action as teamAction, loader as teamLoader } from "~/routes/team";
import { loader as exportLoader } from "~/routes/team.export";
import { describeEachDb } from "./support/db";
import { createAuthority, createPerson, createRoleDescription, createUnit } from "./support/fixtures";

const now = new Date("2026-06-01T10:00:00Z");
const module = "module:kommunikation-beratung/arbeiten-mit-dolmetschenden"; // certifies c.interpreters 2

async function world(db: Queryable) {
  const authority = await createAuthority(db);
  const role = await createRoleDescription(db, authority.id, { "k.residence-paths": 3, "c.interpreters": 2 });
  const unit = await createUnit(db, authority.id, "Aufenthalt 1");
  const jonas = await createPerson(db, { authorityId: authority.id, unitId: unit.id, roles: ["employee", "lead"], leads: [unit.id], givenName: "Jonas", familyName: "Weber" });
  const anna = await createPerson(db, { authorityId: authority.id, unitId: unit.id, givenName: "Anna", familyName: "Schmidt", roleDescriptionId: role.id });
  const mehmet = await createPerson(db, { authorityId: authority.id, unitId: unit.id, givenName: "Mehmet", familyName: "Demir", roleDescriptionId: role.id });
  const nina = await createPerson(db, { authorityId: authority.id, unitId: unit.id, givenName: "Nina", familyName: "Neu" });
  await db.insert(evidence).values([
    { authorityId: authority.id, personId: anna.id, competenceId: "c.interpreters", level: 2, source: "quiz", achievedAt: new Date("2026-05-01T00:00:00Z") },
    { authorityId: authority.id, personId: anna.id, competenceId: "k.residence-paths", level: 1, source: "quiz", achievedAt: new Date("2026-05-01T00:00:00Z") },
    { authorityId: authority.id, personId: mehmet.id, competenceId: "c.interpreters", level: 1, source: "observed", achievedAt: new Date("2026-05-01T00:00:00Z") },
  ]);
  const lead: Actor = { id: jonas.id, authorityId: authority.id, roles: ["employee", "lead"], ledUnitIds: [unit.id] };
  return { authority, unit, jonas, anna, mehmet, nina, lead };
}

async function cookieOf(personId: string) {
  const session = await getLucia().createSession(personId, {});
  return getLucia().createSessionCookie(session.id).serialize();
}
const args = (request: Request) => ({ request, params: {}, context: { cspNonce: "", requestId: "test", clientAddress: "127.0.0.1" } });
const post = (cookie: string, fields: [string, string][]) =>
  new Request("http://localhost/team", { method: "POST", headers: { Cookie: cookie, Origin: "http://localhost", "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields) });

describeEachDb("leads act on facts", ({ database }) => {
  it("refuses to assign a module to someone who already holds its level, unless the lead confirms", async () => {
    const db = database().db;
    const w = await world(db);
    const cookie = await cookieOf(w.jonas.id);
    const fields = (extra: [string, string][] = []): [string, string][] => [
      ["intent", "assign"],
      ["submissionId", crypto.randomUUID()],
      ["personIds", w.anna.id],
      ["personIds", w.mehmet.id],
      ["target", module],
      ["dueOn", "2031-01-01"],
      ...extra,
    ];
    const refused = (await teamAction(args(post(cookie, fields())))) as unknown as { init: { status: number }; data: unknown };
    expect(refused.init.status).toBe(400);
    const body = JSON.stringify(refused.data);
    expect(body, body).toContain("competences.errors.alreadyMeets");
    expect(body).toContain("Anna Schmidt");
    expect(body).not.toContain("Mehmet");
    // Nothing was written: neither Anna's pointless nor Mehmet's useful assignment.
    expect(await db.select().from(assignments).where(eq(assignments.authorityId, w.authority.id))).toHaveLength(0);
    const confirmed = (await teamAction(args(post(cookie, fields([["confirmMet", "on"]]))))) as Response;
    expect(confirmed.status).toBe(302);
    expect(confirmed.headers.get("Location")).toContain("assigned=2");
  });

  it("shows the lead each member's current levels for the form, but not without individual profiles", async () => {
    const db = database().db;
    const w = await world(db);
    const cookie = await cookieOf(w.jonas.id);
    const data = (await teamLoader(args(new Request("http://localhost/team", { headers: { Cookie: cookie } })))) as unknown as {
      members: { id: string }[];
      memberLevels: string[] | null;
      courses: { modules: { moduleId: string; competences: { competenceId: string; level: number }[] }[] }[];
    };
    const annaLevels = data.memberLevels![data.members.findIndex((m) => m.id === w.anna.id)];
    expect(annaLevels).toMatch(/^[0-4]+$/);
    expect([...annaLevels].map(Number).filter((l) => l > 0).sort()).toEqual([1, 2]);
    const dolmetschen = data.courses.flatMap((c) => c.modules).find((m) => m.moduleId === "arbeiten-mit-dolmetschenden");
    expect(dolmetschen?.competences).toEqual([{ competenceId: "c.interpreters", level: 2 }]);
    await saveSettings(db, w.authority.id, parseSettings({ leadsSeeIndividualProfiles: false }));
    const hidden = (await teamLoader(args(new Request("http://localhost/team", { headers: { Cookie: cookie } })))) as unknown as { memberLevels: string[] | null };
    expect(hidden.memberLevels).toBeNull();
    // Without individual profiles the action does not check (its answer would disclose a level).
    expect(await db.transaction((tx) => assignLearning(tx, w.lead, { personIds: [w.anna.id], target: module, dueOn: "2026-07-01" }, now, { checkLevels: false }))).toBe(1);
  });

  it("lists open assignments and lets the lead withdraw one, once, with an audit entry", async () => {
    const db = database().db;
    const w = await world(db);
    await assignLearning(db, w.lead, { personIds: [w.mehmet.id], target: module, dueOn: "2026-07-01" }, now, { checkLevels: true });
    const team = await getTeam(db, { authorityId: w.authority.id, unitId: w.unit.id, viewerId: w.jonas.id, query: {}, at: now });
    expect(team.open.map((a) => [a.givenName, a.moduleId, a.overdue])).toEqual([["Mehmet", "arbeiten-mit-dolmetschenden", false]]);
    const cookie = await cookieOf(w.jonas.id);
    const withdraw = () => teamAction(args(post(cookie, [["intent", "withdraw"], ["assignmentId", team.open[0].id]]))) as Promise<Response>;
    expect((await withdraw()).headers.get("Location")).toContain("withdrawn=1");
    // A second click (or a double submit) changes nothing and says so.
    expect((await withdraw()).headers.get("Location")).toContain("withdrawn=0");
    expect(await db.select().from(assignments).where(eq(assignments.personId, w.mehmet.id))).toHaveLength(0);
    const entries = await db.select().from(auditLog).where(and(eq(auditLog.subjectPersonId, w.mehmet.id), eq(auditLog.action, "assignment.withdraw")));
    expect(entries).toHaveLength(1);
    expect(entries[0].details).toMatchObject({ moduleId: "arbeiten-mit-dolmetschenden", dueOn: "2026-07-01" });
  });

  it("lets no lead withdraw another unit's assignment", async () => {
    const db = database().db;
    const w = await world(db);
    const other = await createUnit(db, w.authority.id, "Aufenthalt 2");
    const lea = await createPerson(db, { authorityId: w.authority.id, unitId: other.id, roles: ["employee", "lead"], leads: [other.id] });
    await assignLearning(db, w.lead, { personIds: [w.mehmet.id], target: module, dueOn: "2026-07-01" }, now);
    const [row] = await db.select().from(assignments).where(eq(assignments.personId, w.mehmet.id));
    const asLea: Actor = { id: lea.id, authorityId: w.authority.id, roles: ["employee", "lead"], ledUnitIds: [other.id] };
    await expect(db.transaction((tx) => withdrawAssignment(tx, asLea, row.id))).rejects.toMatchObject({ status: 403 });
    expect(await db.select().from(assignments).where(eq(assignments.personId, w.mehmet.id))).toHaveLength(1);
  });

  it("exports the team table with gaps and 'keine Stelle', and only aggregates without individual profiles", async () => {
    const db = database().db;
    const w = await world(db);
    const cookie = await cookieOf(w.jonas.id);
    const get = (query: string) => exportLoader(args(new Request(`http://localhost/team/export?${query}`, { headers: { Cookie: cookie } }))) as Promise<Response>;
    const csv = await (await get("format=csv")).text();
    const lines = csv.replace(/^\uFEFF/, "").trim().split(/\r?\n/);
    expect(lines[0]).toContain("Lücken");
    expect(lines[0]).toContain("Fehlende Stufen");
    // Anna: residence paths 1 of 3 (one gap, two levels), interpreters met.
    expect(lines.find((l) => l.startsWith("Schmidt, Anna"))).toMatch(/;1;2$/);
    expect(lines.find((l) => l.startsWith("Neu, Nina"))).toContain("keine Stelle");
    const xlsx = await get("format=xlsx");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
    expect(book.worksheets[0].rowCount).toBe(4);
    await saveSettings(db, w.authority.id, parseSettings({ leadsSeeIndividualProfiles: false, minGroupSize: 2 }));
    const aggregate = await (await get("format=csv")).text();
    expect(aggregate).not.toMatch(/Schmidt|Demir|Neu/);
    expect(aggregate).toContain("Dolmetsch");
    await saveSettings(db, w.authority.id, parseSettings({ leadsSeeIndividualProfiles: false, minGroupSize: 5 }));
    const suppressed = await (await get("format=csv")).text();
    expect(suppressed).not.toMatch(/Schmidt|Dolmetsch/);
    const exports = await db.select().from(auditLog).where(and(eq(auditLog.authorityId, w.authority.id), eq(auditLog.action, "team.export")));
    expect(exports).toHaveLength(4);
  });

  it("shows a member without a role description as 'keine Stelle', not as someone without gaps", async () => {
    const db = database().db;
    const w = await world(db);
    const team = await getTeam(db, { authorityId: w.authority.id, unitId: w.unit.id, viewerId: w.jonas.id, query: {}, at: now });
    expect(team.matrix.rows.find((r) => r.member.id === w.nina.id)).toMatchObject({ noRole: true });
    expect(team.matrix.rows.find((r) => r.member.id === w.anna.id)).toMatchObject({ noRole: false, gaps: 1, missingLevels: 2 });
  });

  it("gives the same 'Lücken' and 'fehlende Stufen' for a person on the profile and in the matrix", async () => {
    const db = database().db;
    const w = await world(db);
    const team = await getTeam(db, { authorityId: w.authority.id, unitId: w.unit.id, viewerId: w.jonas.id, query: {}, at: now });
    for (const person of [w.anna, w.mehmet]) {
      const profile = (await getProfile(db, w.authority.id, person.id, now))!;
      const row = team.matrix.rows.find((r) => r.member.id === person.id)!;
      expect({ gaps: profile.totals.gaps, missingLevels: profile.totals.missingLevels }).toEqual({ gaps: row.gaps, missingLevels: row.missingLevels });
    }
    // Mehmet: residence paths 0 of 3, interpreters 1 of 2: two gaps, four missing levels.
    expect(team.matrix.rows.find((r) => r.member.id === w.mehmet.id)).toMatchObject({ gaps: 2, missingLevels: 4 });
  });

  it("creates an account with unit and role description; one without a role is listed for HR", async () => {
    const db = database().db;
    const w = await world(db);
    const [role] = await db.select().from(roleDescriptions).where(eq(roleDescriptions.authorityId, w.authority.id));
    const base = { givenName: "Olga", familyName: "Petrenko", unitId: w.unit.id, fte: 1, roles: ["employee" as const], ledUnitIds: [] };
    const withRole = await createAccount(db, w.authority.id, { ...base, email: "olga@test.example", roleDescriptionId: role.id });
    const without = await createAccount(db, w.authority.id, { ...base, givenName: "Paul", email: "paul@test.example", roleDescriptionId: null });
    // A role description of another authority is refused, and nothing is created.
    const other = await createAuthority(db);
    const [foreign] = await db.insert(roleDescriptions).values({ authorityId: other.id, title: "Fremd", payScheme: "TVöD", payGrade: "EG 6" }).returning();
    await expect(db.transaction((tx) => createAccount(tx, w.authority.id, { ...base, email: "x@test.example", roleDescriptionId: foreign.id }))).rejects.toBeInstanceOf(AccountError);
    expect(await db.select().from(people).where(eq(people.email, "x@test.example"))).toHaveLength(0);
    const hr = await createPerson(db, { authorityId: w.authority.id, roles: ["employee", "hr"], roleDescriptionId: role.id });
    const data = (await hrPeopleLoader(args(new Request("http://localhost/hr/people", { headers: { Cookie: await cookieOf(hr.id) } })))) as unknown as {
      withoutRole: { id: string; familyName: string; unitName: string | null }[];
    };
    const ids = data.withoutRole.map((p) => p.id);
    expect(ids).toContain(without);
    expect(ids).toContain(w.nina.id);
    expect(ids).not.toContain(withRole);
    expect(ids).not.toContain(w.anna.id);
    expect(data.withoutRole.find((p) => p.id === without)?.unitName).toBe("Aufenthalt 1");
  });
});
