// Competence engine against a real database: profile and team queries, evidence and
// assignments, and who may see or change whose data (domain functions and HTTP routes).
import { and, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { getLucia } from "~/auth/lucia.server";
import { profileAccess, teamUnitAccess, type Actor } from "~/auth/access.server";
import { fulfilAssignments, openAssignmentsOf } from "~/competences/assignments.server";
import { assignLearning } from "~/learning/assigning.server";
import { recordCertificate, recordObservation, recordSelfAssessment } from "~/competences/evidence.server";
import { currentLevel } from "~/competences/levels";
import { currentLevelsSql } from "~/competences/levels.server";
import { myLearning } from "~/learning/my-learning.server";
import { getCourse } from "~/courses/catalog.server";
import { markOpened, markPassed } from "~/courses/progress.server";
import { getProfile, getRoleDescription } from "~/learning/profile.server";
import { getTeam } from "~/competences/team.server";
import { rowsOf, type Queryable } from "~/db/client.server";
import { claimSubmission } from "~/db/once.server";
import { assignments, auditLog, evidence, people, roleTasks } from "~/db/schema";
import { saveSettings } from "~/org/settings.server";
import { parseSettings } from "~/org/settings";
import { loader as personProfileLoader } from "~/routes/profile.$personId";
import { action as teamAction, loader as teamLoader } from "~/routes/team";
import { describeEachDb } from "./support/db";
import { createAuthority, createPerson, createRoleDescription, createUnit } from "./support/fixtures";

const now = new Date("2026-06-01T10:00:00Z");
const days = (n: number) => new Date(now.getTime() + n * 86_400_000);

async function world(db: Queryable) {
  const authority = await createAuthority(db);
  const role = await createRoleDescription(db, authority.id, { "k.residence-paths": 3, "c.interpreters": 2 });
  const unit1 = await createUnit(db, authority.id, "Aufenthalt 1");
  const unit2 = await createUnit(db, authority.id, "Aufenthalt 2");
  const lead1 = await createPerson(db, { authorityId: authority.id, unitId: unit1.id, roles: ["employee", "lead"], leads: [unit1.id], roleDescriptionId: role.id });
  const lead2 = await createPerson(db, { authorityId: authority.id, unitId: unit2.id, roles: ["employee", "lead"], leads: [unit2.id] });
  const anna = await createPerson(db, { authorityId: authority.id, unitId: unit1.id, givenName: "Anna", familyName: "Schmidt", roleDescriptionId: role.id });
  const mehmet = await createPerson(db, { authorityId: authority.id, unitId: unit1.id, givenName: "Mehmet", familyName: "Demir", roleDescriptionId: role.id });
  const daniel = await createPerson(db, { authorityId: authority.id, unitId: unit2.id, givenName: "Daniel", familyName: "Fischer", roleDescriptionId: role.id });
  const hr = await createPerson(db, { authorityId: authority.id, roles: ["employee", "hr"] });
  const other = await createAuthority(db, "Landkreis Anderswo");
  const otherUnit = await createUnit(db, other.id, "Team");
  const otherHr = await createPerson(db, { authorityId: other.id, unitId: otherUnit.id, roles: ["employee", "hr"] });
  const otherLead = await createPerson(db, { authorityId: other.id, unitId: otherUnit.id, roles: ["employee", "lead"], leads: [otherUnit.id] });
  const otherMember = await createPerson(db, { authorityId: other.id, unitId: otherUnit.id });
  const viewer = (p: { id: string; authorityId: string }, roles: Actor["roles"], ledUnitIds: string[] = []): Actor => ({ id: p.id, authorityId: p.authorityId, roles, ledUnitIds });
  return {
    authority, role, unit1, unit2, anna, mehmet, daniel, otherUnit, otherMember,
    as: {
      lead1: viewer(lead1, ["employee", "lead"], [unit1.id]),
      lead2: viewer(lead2, ["employee", "lead"], [unit2.id]),
      anna: viewer(anna, ["employee"]),
      hr: viewer(hr, ["employee", "hr"]),
      otherHr: viewer(otherHr, ["employee", "hr"]),
      otherLead: viewer(otherLead, ["employee", "lead"], [otherUnit.id]),
    },
    people: { lead1, lead2, hr, otherHr },
  };
}

type World = Awaited<ReturnType<typeof world>>;

async function giveEvidence(db: Queryable, w: World) {
  const base = { authorityId: w.authority.id };
  await db.insert(evidence).values([
    { ...base, personId: w.anna.id, competenceId: "k.residence-paths", level: 2, source: "quiz", achievedAt: days(-100), validUntil: days(30) },
    { ...base, personId: w.anna.id, competenceId: "k.residence-paths", level: 3, source: "observed", achievedAt: days(-800), validUntil: days(-70), recordedBy: w.people.lead1.id },
    { ...base, personId: w.anna.id, competenceId: "k.residence-paths", level: 4, source: "self", achievedAt: days(-5) },
    { ...base, personId: w.anna.id, competenceId: "c.interpreters", level: 1, source: "quiz", achievedAt: days(-50) },
    { ...base, personId: w.mehmet.id, competenceId: "k.residence-paths", level: 3, source: "certificate", achievedAt: days(-200), recordedBy: w.people.hr.id },
    { ...base, personId: w.mehmet.id, competenceId: "c.interpreters", level: 2, source: "observed", achievedAt: days(-20), validUntil: days(700) },
    { ...base, personId: w.daniel.id, competenceId: "k.residence-paths", level: 4, source: "quiz", achievedAt: days(-20) },
  ]);
}

const expectAccess = async (promise: Promise<unknown>, status: 403 | 404) => {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(Response);
  expect((error as Response).status).toBe(status);
};

describeEachDb("competence profiles and the team matrix", ({ database }) => {
  it("shows a role description with its tasks in order, its requirements and how many active people hold it; another authority's is not found", async () => {
    const db = database().db;
    const w = await world(db);
    await db.insert(roleTasks).values([
      { roleDescriptionId: w.role.id, position: 2, title: "Bescheide erlassen", category: "casework_decision", sharePercent: 40 },
      { roleDescriptionId: w.role.id, position: 1, title: "Beratung am Schalter", category: "counselling", sharePercent: 60 },
    ]);
    await db.update(people).set({ active: false }).where(eq(people.id, w.daniel.id));
    const role = (await getRoleDescription(db, w.authority.id, w.role.id))!;
    expect(role).toMatchObject({ title: "Sachbearbeitung", payScheme: "TVöD", payGrade: "EG 9b", version: 1 });
    expect(role.updatedAt).toBeInstanceOf(Date);
    expect(role.tasks).toEqual([
      { title: "Beratung am Schalter", category: "counselling", sharePercent: 60 },
      { title: "Bescheide erlassen", category: "casework_decision", sharePercent: 40 },
    ]);
    expect(role.requirements).toEqual(new Map([["k.residence-paths", 3], ["c.interpreters", 2]]));
    // lead1, Anna and Mehmet; Daniel is no longer active.
    expect(role.holders).toBe(3);
    const other = await createAuthority(db, "Landkreis Fremd");
    expect(await getRoleDescription(db, other.id, w.role.id)).toBeNull();
  });

  it("derives the profile: highest unexpired counting evidence, self-assessment beside it, expiry flagged", async () => {
    const db = database().db;
    const w = await world(db);
    await giveEvidence(db, w);
    const profile = (await getProfile(db, w.authority.id, w.anna.id, now))!;
    expect(profile.role).toMatchObject({ title: "Sachbearbeitung", payGrade: "EG 9b" });
    const rows = Object.fromEntries(profile.dimensions.flatMap((d) => d.rows).map((r) => [r.competenceId, r]));
    expect(rows["k.residence-paths"]).toMatchObject({ current: 2, required: 3, gap: 1, selfLevel: 4, expiresSoon: true });
    expect(rows["k.residence-paths"].explanation.map((e) => e.status)).toEqual(["self", "basis", "expired"]);
    // A module certifies at most level 2: a level-3 gap is closed by observed practice or a workshop, not by a module.
    expect(rows["k.residence-paths"].closingModules).toEqual([]);
    expect(rows["k.residence-paths"].partialModules).toEqual([]);
    expect(rows["c.interpreters"]).toMatchObject({ current: 1, gap: 1 });
    expect(rows["c.interpreters"].closingModules.map((m) => m.moduleId)).toEqual(["arbeiten-mit-dolmetschenden"]);
    expect(profile.totals).toMatchObject({ required: 2, met: 0, gaps: 2 });
    // Someone of another authority does not exist here.
    expect(await getProfile(db, w.authority.id, w.otherMember.id, now)).toBeNull();
  });

  it("computes the same levels in SQL as the pure rule", async () => {
    const db = database().db;
    const w = await world(db);
    await giveEvidence(db, w);
    const sqlLevels = rowsOf<{ person_id: string; competence_id: string; level: number }>(
      await db.execute(currentLevelsSql(w.authority.id, now)),
    );
    const all = await db.select().from(evidence).where(eq(evidence.authorityId, w.authority.id));
    for (const row of sqlLevels) {
      const pure = currentLevel(all.filter((e) => e.personId === row.person_id && e.competenceId === row.competence_id), now);
      expect(Number(row.level)).toBe(pure.level);
    }
    const unitOnly = rowsOf<{ person_id: string }>(await db.execute(currentLevelsSql(w.authority.id, now, { unitId: w.unit1.id })));
    expect(new Set(unitOnly.map((r) => r.person_id))).toEqual(new Set([w.anna.id, w.mehmet.id]));
  });

  it("shows a lead the gaps of their unit's members, coverage per competence and the single-expert warning", async () => {
    const db = database().db;
    const w = await world(db);
    await giveEvidence(db, w);
    const team = await getTeam(db, { authorityId: w.authority.id, unitId: w.unit1.id, viewerId: w.people.lead1.id, query: {}, at: now });
    expect(team.matrix.rows.map((r) => r.member.familyName)).toEqual(["Demir", "Schmidt"]);
    expect(team.matrix.columns.map((c) => c.competenceId)).toEqual(["k.residence-paths", "c.interpreters"]);
    const anna = team.matrix.rows.find((r) => r.member.id === w.anna.id)!;
    expect(anna.cells.map((c) => c.gap)).toEqual([1, 1]);
    expect(team.matrix.columns[0]).toMatchObject({ requiring: 2, meeting: 1, secureHolders: 1, singleHolder: true });
    expect(team.matrix.columns[1]).toMatchObject({ requiring: 2, meeting: 1 });
  });

  it("records an observed assessment that changes the matrix, with an audit entry", async () => {
    const db = database().db;
    const w = await world(db);
    await giveEvidence(db, w);
    await recordObservation(db, w.as.lead1, { personId: w.anna.id, competenceId: "c.interpreters", level: 2, observedOn: "2026-05-30", note: "Termin mit Dolmetscher begleitet." }, now);
    const team = await getTeam(db, { authorityId: w.authority.id, unitId: w.unit1.id, viewerId: w.people.lead1.id, query: {}, at: now });
    expect(team.matrix.rows.find((r) => r.member.id === w.anna.id)!.cells[1]).toEqual({ required: 2, current: 2, gap: 0 });
    const entries = await db.select().from(auditLog).where(and(eq(auditLog.subjectPersonId, w.anna.id), eq(auditLog.action, "evidence.observed")));
    expect(entries).toHaveLength(1);
  });

  it("assigns a module to many members at once, once per double submit, and passing fulfils it", async () => {
    const db = database().db;
    const w = await world(db);
    const submissionId = crypto.randomUUID();
    const input = { personIds: [w.anna.id, w.mehmet.id], target: "module:kommunikation-beratung/arbeiten-mit-dolmetschenden", dueOn: "2026-06-30" };
    for (let i = 0; i < 2; i++)
      await db.transaction(async (tx) => {
        if (!(await claimSubmission(tx, submissionId, w.people.lead1.id))) return;
        await assignLearning(tx, w.as.lead1, input, now);
      });
    // A new form with the same content does not duplicate the open assignment either.
    expect(await assignLearning(db, w.as.lead1, input, now)).toBe(0);
    expect(await db.select().from(assignments).where(eq(assignments.authorityId, w.authority.id))).toHaveLength(2);
    const learning = await myLearning(db, { id: w.anna.id, authorityId: w.authority.id }, now);
    expect(learning.assigned.map((a) => a.moduleId)).toEqual(["arbeiten-mit-dolmetschenden"]);
    expect(learning.recommended.map((m) => m.moduleId)).not.toContain("arbeiten-mit-dolmetschenden");
    await fulfilAssignments(db, { personId: w.anna.id, courseId: "kommunikation-beratung", moduleId: "arbeiten-mit-dolmetschenden", courseCompleted: false, at: now });
    expect(await openAssignmentsOf(db, w.authority.id, w.anna.id, now)).toHaveLength(0);
    expect(await openAssignmentsOf(db, w.authority.id, w.mehmet.id, now)).toHaveLength(1);
  });

  it("shows started, unfinished courses as in progress on My learning (course engine's progress)", async () => {
    const db = database().db;
    const w = await world(db);
    expect((await myLearning(db, { id: w.anna.id, authorityId: w.authority.id }, now)).inProgress).toEqual([]);
    const where = { authorityId: w.authority.id, personId: w.anna.id, courseId: "kommunikation-beratung" };
    await markPassed(db, { ...where, moduleId: "arbeiten-mit-dolmetschenden", at: now });
    await markOpened(db, { ...where, courseId: "interkulturelle-grundlagen", moduleId: "kultur-als-orientierungssystem", today: "2026-03-01" });
    const learning = await myLearning(db, { id: w.anna.id, authorityId: w.authority.id }, now);
    const kb = getCourse("kommunikation-beratung")!;
    expect(learning.inProgress.map((c) => [c.courseId, c.modulesPassed, c.modulesTotal])).toEqual([
      ["interkulturelle-grundlagen", 0, getCourse("interkulturelle-grundlagen")!.modules.length],
      ["kommunikation-beratung", 1, kb.modules.length],
    ]);
    // Somebody else's progress does not show.
    expect((await myLearning(db, { id: w.mehmet.id, authorityId: w.authority.id }, now)).inProgress).toEqual([]);
  });

  it("lists overdue assignments first on My learning and on the team page", async () => {
    const db = database().db;
    const w = await world(db);
    await assignLearning(db, w.as.lead1, { personIds: [w.anna.id], target: "course:interkulturelle-grundlagen", dueOn: "2026-07-01" }, now);
    await db.insert(assignments).values({ authorityId: w.authority.id, personId: w.anna.id, courseId: "aufenthalt-und-netzwerk", moduleId: "beratungsnetzwerk", dueOn: "2026-05-01", assignedBy: w.people.lead1.id });
    const learning = await myLearning(db, { id: w.anna.id, authorityId: w.authority.id }, now);
    expect(learning.assigned.map((a) => [a.moduleId, a.overdue])).toEqual([["beratungsnetzwerk", true], [null, false]]);
    const team = await getTeam(db, { authorityId: w.authority.id, unitId: w.unit1.id, viewerId: w.people.lead1.id, query: {}, at: now });
    expect(team.overdue.map((a) => a.moduleId)).toEqual(["beratungsnetzwerk"]);
  });
});

describeEachDb("who may see and change competence data", ({ database }) => {
  it("lets the person, their lead and HR of the authority open a profile, and nobody else", async () => {
    const db = database().db;
    const w = await world(db);
    expect((await profileAccess(db, w.as.anna, w.anna.id)).relation).toBe("self");
    expect((await profileAccess(db, w.as.lead1, w.anna.id)).relation).toBe("lead");
    expect((await profileAccess(db, w.as.hr, w.anna.id)).relation).toBe("hr");
    await expectAccess(profileAccess(db, w.as.anna, w.mehmet.id), 403);
    await expectAccess(profileAccess(db, w.as.lead2, w.anna.id), 403);
    await expectAccess(profileAccess(db, w.as.otherHr, w.anna.id), 404);
    await expectAccess(profileAccess(db, w.as.otherLead, w.anna.id), 404);
    await saveSettings(db, w.authority.id, { ...parseSettings({}), leadsSeeIndividualProfiles: false });
    await expectAccess(profileAccess(db, w.as.lead1, w.anna.id), 403);
  });

  it("shows the team page only for units the viewer leads", async () => {
    const db = database().db;
    const w = await world(db);
    await expectAccess(teamUnitAccess(db, w.as.anna), 403);
    await expectAccess(teamUnitAccess(db, w.as.hr), 403);
    await expectAccess(teamUnitAccess(db, w.as.lead1, w.unit2.id), 403);
    await expectAccess(teamUnitAccess(db, w.as.lead1, w.otherUnit.id), 404);
    expect((await teamUnitAccess(db, w.as.lead1)).map((u) => u.id)).toEqual([w.unit1.id]);
  });

  it("refuses observations and assignments for people outside the lead's units and writes nothing", async () => {
    const db = database().db;
    const w = await world(db);
    const observe = (personId: string, as = w.as.lead1) =>
      db.transaction((tx) => recordObservation(tx, as, { personId, competenceId: "c.interpreters", level: 3, observedOn: "2026-05-30", note: "x" }, now));
    await expectAccess(observe(w.daniel.id), 403);
    await expectAccess(observe(w.otherMember.id), 404);
    await expectAccess(observe(w.people.lead1.id), 403);
    await expectAccess(observe(w.anna.id, w.as.anna), 403);
    const assign = (personIds: string[]) =>
      db.transaction((tx) => assignLearning(tx, w.as.lead1, { personIds, target: "course:interkulturelle-grundlagen", dueOn: "2026-07-01" }, now));
    // One outsider among members: nothing at all is written.
    await expectAccess(assign([w.anna.id, w.daniel.id]), 403);
    await expectAccess(assign([w.anna.id, w.otherMember.id]), 404);
    expect(await db.select().from(evidence).where(eq(evidence.authorityId, w.authority.id))).toHaveLength(0);
    expect(await db.select().from(assignments).where(eq(assignments.authorityId, w.authority.id))).toHaveLength(0);
    // Observations switched off by the authority.
    await saveSettings(db, w.authority.id, { ...parseSettings({}), observedAssessments: false });
    await expectAccess(observe(w.anna.id), 403);
  });

  it("lets only HR of the same authority record certificates; self-assessments are the person's own", async () => {
    const db = database().db;
    const w = await world(db);
    const cert = { personId: w.anna.id, competenceId: "k.residence-paths", level: 3, achievedOn: "2026-05-01", validUntil: "2029-05-01", note: "Fortbildung" };
    await expectAccess(recordCertificate(db, w.as.lead1, cert, now), 403);
    await expectAccess(recordCertificate(db, w.as.otherHr, cert, now), 404);
    await recordCertificate(db, w.as.hr, cert, now);
    await recordSelfAssessment(db, w.as.anna, { competenceId: "c.interpreters", level: 4 }, now);
    const rows = await db.select().from(evidence).where(eq(evidence.personId, w.anna.id));
    expect(rows.map((r) => r.source).sort()).toEqual(["certificate", "self"]);
    const profile = (await getProfile(db, w.authority.id, w.anna.id, now))!;
    const interpreters = profile.dimensions.flatMap((d) => d.rows).find((r) => r.competenceId === "c.interpreters")!;
    expect(interpreters).toMatchObject({ current: 0, selfLevel: 4 });
  });

  it("refuses HR a certificate about themselves, as leads are refused observations about themselves", async () => {
    const db = database().db;
    const w = await world(db);
    const own = { personId: w.people.hr.id, competenceId: "k.residence-paths", level: 4, achievedOn: "2026-05-01", validUntil: null, note: "selbst" };
    await expectAccess(recordCertificate(db, w.as.hr, own, now), 403);
    expect(await db.select().from(evidence).where(eq(evidence.personId, w.people.hr.id))).toEqual([]);
  });

  it("answers by URL and form field: 403/404 through the routes, an audit entry for every view", async () => {
    const db = database().db;
    const w = await world(db);
    const cookieFor = async (personId: string) => `horizont_session=${(await getLucia(db).createSession(personId, {})).id}`;
    const get = (url: string, cookie: string) => new Request(`http://localhost${url}`, { headers: { Cookie: cookie } });
    const status = (p: Promise<unknown>) => p.then(() => 200, (e: unknown) => (e instanceof Response ? e.status : 500));
    const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: { cspNonce: "", requestId: "test", clientAddress: "127.0.0.1" } });

    const anna = await cookieFor(w.anna.id);
    const lead2 = await cookieFor(w.people.lead2.id);
    const otherHr = await cookieFor(w.people.otherHr.id);
    const lead1 = await cookieFor(w.people.lead1.id);
    expect(await status(personProfileLoader(args(get(`/profile/${w.mehmet.id}`, anna), { personId: w.mehmet.id })))).toBe(403);
    expect(await status(personProfileLoader(args(get(`/profile/${w.anna.id}`, lead2), { personId: w.anna.id })))).toBe(403);
    expect(await status(personProfileLoader(args(get(`/profile/${w.anna.id}`, otherHr), { personId: w.anna.id })))).toBe(404);
    expect(await status(personProfileLoader(args(get(`/profile/${w.anna.id}`, lead1), { personId: w.anna.id })))).toBe(200);
    const views = await db.select().from(auditLog).where(and(eq(auditLog.subjectPersonId, w.anna.id), eq(auditLog.action, "profile.view")));
    expect(views).toHaveLength(1);
    expect(views[0].actorId).toBe(w.people.lead1.id);

    expect(await status(teamLoader(args(get("/team", anna))))).toBe(403);
    expect(await status(teamLoader(args(get(`/team?unit=${w.unit1.id}`, lead2))))).toBe(403);

    // Posting an observation for someone outside the lead's unit, by form field.
    const post = (fields: Record<string, string>, cookie: string) =>
      new Request("http://localhost/team", { method: "POST", headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields) });
    const observation = { intent: "observe", submissionId: crypto.randomUUID(), competenceId: "c.interpreters", level: "3", observedOn: "2026-05-30", note: "Gesehen." };
    expect(await status(teamAction(args(post({ ...observation, personId: w.anna.id }, lead2))))).toBe(403);
    expect(await status(teamAction(args(post({ ...observation, submissionId: crypto.randomUUID(), personId: w.otherMember.id }, lead1))))).toBe(404);
    expect(await db.select().from(evidence).where(eq(evidence.personId, w.anna.id))).toHaveLength(0);
    const assignment = { intent: "assign", submissionId: crypto.randomUUID(), personIds: w.daniel.id, target: "course:interkulturelle-grundlagen", dueOn: "2027-01-01" };
    expect(await status(teamAction(args(post(assignment, lead1))))).toBe(403);
    expect(await db.select().from(assignments).where(eq(assignments.personId, w.daniel.id))).toHaveLength(0);
  });
});
