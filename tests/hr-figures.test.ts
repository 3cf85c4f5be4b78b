// The figures on every HR list, read through the pages' loaders as HR sees them: counselling
// share and head counts per role, people with role and FTE, coverage counts, staffing plan
// counts and the audit log's entries. A status code alone would not catch a wrong number.
import { expect, it } from "vitest";
import { getLucia } from "~/auth/lucia.server";
import { audit } from "~/audit/audit.server";
import { evidence } from "~/db/schema";
import { createRole, setRoleStatus } from "~/role-descriptions/roles.server";
import { saveSettings } from "~/org/settings.server";
import { parseSettings } from "~/org/settings";
import { addScenario, createPlan, updatePlan } from "~/staffing/plans.server";
import * as auditRoute from "~/routes/hr.audit";
import * as coverageRoute from "~/routes/hr.coverage";
import * as peopleRoute from "~/routes/hr.people";
import * as rolesRoute from "~/routes/hr.roles._index";
import * as staffingRoute from "~/routes/hr.staffing._index";
import { listAccounts } from "~/people/accounts.server";
import { listUnits } from "~/org/units.server";
import { translator } from "~/i18n/i18n";
import { describeEachDb } from "./support/db";
import { createAuthority, createPerson, createUnit } from "./support/fixtures";

type Loader = (args: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>;

async function load<T>(loader: unknown, personId: string, path: string): Promise<T> {
  const session = await getLucia().createSession(personId, {});
  const request = new Request(`http://localhost${path}`, { headers: { Cookie: getLucia().createSessionCookie(session.id).serialize() } });
  return (await (loader as Loader)({ request, params: {}, context: {} })) as T;
}

describeEachDb("figures on HR's lists", ({ database }) => {
  async function setup() {
    const db = database().db;
    const authority = await createAuthority(db);
    await saveSettings(db, authority.id, parseSettings({ minGroupSize: 2 }));
    const unit = await createUnit(db, authority.id, "Aufenthalt 1");
    const hr = await createPerson(db, { authorityId: authority.id, roles: ["employee", "hr"], givenName: "Helga", familyName: "Roth" });
    const caseworker = await createRole(db, authority.id, hr.id, {
      title: "Sachbearbeitung",
      payScheme: "TVöD",
      payGrade: "EG 9b",
      tasks: [
        { title: "Entscheidung", category: "casework_decision", sharePercent: 60 },
        { title: "Beratung", category: "counselling", sharePercent: 25 },
        { title: "Auskunft", category: "service_information", sharePercent: 10 },
        { title: "Sonstiges", category: "other", sharePercent: 5 },
      ],
      requirements: { "k.residence-paths": 3 },
    });
    const service = await createRole(db, authority.id, hr.id, {
      title: "Servicepoint",
      payScheme: "TVöD",
      payGrade: "EG 6",
      tasks: [{ title: "Empfang", category: "service_information", sharePercent: 100 }],
      requirements: {},
    });
    const empty = await createRole(db, authority.id, hr.id, {
      title: "Leitung",
      payScheme: "TVöD",
      payGrade: "EG 12",
      tasks: [{ title: "Führung", category: "leadership", sharePercent: 100 }],
      requirements: {},
    });
    const a = await createPerson(db, { authorityId: authority.id, unitId: unit.id, roleDescriptionId: caseworker, givenName: "Anna", familyName: "Schmidt", fte: 0.5 });
    const b = await createPerson(db, { authorityId: authority.id, unitId: unit.id, roleDescriptionId: caseworker, givenName: "Ben", familyName: "Kaya" });
    await createPerson(db, { authorityId: authority.id, unitId: unit.id, roleDescriptionId: caseworker, givenName: "Cem", familyName: "Alt", active: false });
    await createPerson(db, { authorityId: authority.id, unitId: unit.id, roleDescriptionId: service, givenName: "Dora", familyName: "Berg", fte: 0.75 });
    await db.insert(evidence).values({ authorityId: authority.id, personId: a.id, competenceId: "k.residence-paths", level: 3, source: "observed", achievedAt: new Date() });
    await db.insert(evidence).values({ authorityId: authority.id, personId: b.id, competenceId: "k.residence-paths", level: 1, source: "observed", achievedAt: new Date() });
    return { db, authority, unit, hr, caseworker, service, empty, a, b };
  }

  it("/hr/roles shows each role's counselling share and its active head count", async () => {
    const { hr, caseworker, service, empty } = await setup();
    const { roles } = await load<{ roles: { id: string; people: number; counsellingShare: number }[] }>(rolesRoute.loader, hr.id, "/hr/roles");
    const byId = Object.fromEntries(roles.map((r) => [r.id, r]));
    // Counselling + service/information: 25 + 10 = 35 %; the inactive third person is not counted.
    expect(byId[caseworker]).toMatchObject({ counsellingShare: 35, people: 2 });
    expect(byId[service]).toMatchObject({ counsellingShare: 100, people: 1 });
    expect(byId[empty]).toMatchObject({ counsellingShare: 0, people: 0 });
  });

  it("/hr/people lists the unit's people with role and FTE", async () => {
    const { hr, unit } = await setup();
    const data = await load<{ unitId: string; people: { givenName: string; roleTitle: string | null; fte: number; active: boolean }[] }>(peopleRoute.loader, hr.id, `/hr/people?unit=${unit.id}`);
    expect(data.unitId).toBe(unit.id);
    expect(data.people.map((p) => [p.givenName, p.roleTitle, p.fte, p.active])).toEqual([
      ["Cem", "Sachbearbeitung", 1, false],
      ["Dora", "Servicepoint", 0.75, true],
      ["Ben", "Sachbearbeitung", 1, true],
      ["Anna", "Sachbearbeitung", 0.5, true],
    ]);
  });

  it("/hr/coverage counts who meets each requirement", async () => {
    const { hr, unit } = await setup();
    const { report } = await load<{ report: { groups: { key: string; people: number; requirements: number; met: number; gaps: number }[] } }>(coverageRoute.loader, hr.id, "/hr/coverage");
    // Anna (level 3) meets residence paths, Ben (1) does not. Dora is the only one with her role
    // in the unit, a group below the minimum of 2: she is left out of every figure.
    expect(report.groups.find((g) => g.key === unit.id)).toMatchObject({ people: 2, uncounted: 1, requirements: 2, met: 1, gaps: 1 });
  });

  it("/hr/staffing counts each plan's tasks and scenarios", async () => {
    const { db, authority, hr, unit } = await setup();
    const planId = await createPlan(db, authority.id, { unitId: unit.id, year: 2026, netHoursPerFte: 1560, netHoursSource: "x", allowancePercent: 10 });
    await updatePlan(db, authority.id, planId, {
      netHoursPerFte: 1560,
      netHoursSource: "x",
      allowancePercent: 10,
      tasks: [
        { title: "Verlängerungen", casesPerYear: 1000, caseworkMinutes: 45, counsellingMinutes: 0 },
        { title: "Beratung", casesPerYear: 300, caseworkMinutes: 0, counsellingMinutes: 30 },
      ],
    });
    await addScenario(db, authority.id, planId, { name: "+10", casesChangePercent: 0, extraCounsellingMinutes: 10, extraCaseworkMinutes: 0 });
    const { plans } = await load<{ plans: { id: string; unitName: string; tasks: number; scenarios: number }[] }>(staffingRoute.loader, hr.id, "/hr/staffing");
    expect(plans).toEqual([expect.objectContaining({ id: planId, unitName: "Aufenthalt 1", tasks: 2, scenarios: 1 })]);
  });

  it("/hr/audit shows who did what to whom", async () => {
    const { db, authority, hr, a, empty } = await setup();
    await setRoleStatus(db, authority.id, hr.id, empty, "retired");
    await audit(db, { authorityId: authority.id, actorId: hr.id, action: "role.retire", subjectPersonId: a.id, details: { roleDescriptionId: empty, title: "Leitung" } });
    const { entries } = await load<{ entries: { action: string; actorName: string; subjectName: string; details: unknown[] }[] }>(auditRoute.loader, hr.id, "/hr/audit");
    expect(entries[0]).toMatchObject({ action: "role.retire", actorName: "Helga Roth", subjectName: "Anna Schmidt" });
    // The role description by its title, not its id; the action in words from the catalogs.
    expect(entries[0].details).toEqual([{ field: "roleDescriptionId", value: { text: "Leitung" } }]);
    expect(translator("de")("hr.audit.actions.role.retire")).toBe("Stellenbeschreibung außer Kraft gesetzt");
    expect(translator("en")("hr.audit.actions.role.retire")).toBe("Role description put out of force");
  });

  it("admin lists count members per unit and show each account's roles", async () => {
    const { db, authority, unit, hr } = await setup();
    const units = await listUnits(db, authority.id);
    expect(units.find((u) => u.id === unit.id)?.memberCount).toBe(3);
    const accounts = await listAccounts(db, authority.id);
    expect(accounts.find((p) => p.id === hr.id)?.roles).toEqual(["employee", "hr"]);
  });
});
