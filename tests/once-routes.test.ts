// A form sent twice (a double click, a reload after a slow answer) is applied once, and the repeat
// lands where the first submit led: for units, accounts, people's roles and role descriptions.
// A refused submit leaves its id unused, so the corrected form can be sent again.
import { and, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { getLucia } from "~/auth/lucia.server";
import { auditLog, people, roleDescriptions, units } from "~/db/schema";
import { createRole } from "~/role-descriptions/roles.server";
import { action as accountNewAction } from "~/routes/admin.accounts.new";
import { action as unitsAction } from "~/routes/admin.units";
import { action as peopleAction } from "~/routes/hr.people";
import { action as roleAction } from "~/routes/hr.roles.$roleId";
import { describeEachDb } from "./support/db";
import { createAuthority, createPerson, createUnit } from "./support/fixtures";

type Action = (args: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>;

/** The action's answer: a redirect's target, or the data it shows on the page. */
async function post(action: unknown, personId: string, path: string, fields: Record<string, string | string[]>, params: Record<string, string> = {}) {
  const session = await getLucia().createSession(personId, {});
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(name, v);
  const request = new Request(`http://localhost${path}`, {
    method: "POST",
    headers: { Cookie: getLucia().createSessionCookie(session.id).serialize(), "Content-Type": "application/x-www-form-urlencoded" },
    body,
  });
  let answer: unknown;
  try {
    answer = await (action as Action)({ request, params, context: {} });
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    answer = thrown;
  }
  if (answer instanceof Response) return { status: answer.status, location: answer.headers.get("Location"), data: null };
  return { status: 200, location: null, data: answer };
}

describeEachDb("a form sent twice", ({ database }) => {
  it("creates one unit, and both answers show the unit page with the same notice", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const admin = await createPerson(db, { authorityId: authority.id, roles: ["employee", "admin"] });
    const form = { intent: "create", submissionId: crypto.randomUUID(), name: "Einbürgerung Süd" };
    const first = await post(unitsAction, admin.id, "/admin/units", form);
    const second = await post(unitsAction, admin.id, "/admin/units", form);
    expect(first).toMatchObject({ status: 302, location: "/admin/units?notice=created" });
    expect(second).toEqual(first);
    expect(await db.select().from(units).where(and(eq(units.authorityId, authority.id), eq(units.name, "Einbürgerung Süd")))).toHaveLength(1);
  });

  it("creates one account: the first answer shows its set-password link, the repeat opens the account", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const admin = await createPerson(db, { authorityId: authority.id, roles: ["employee", "admin"] });
    const form = { submissionId: crypto.randomUUID(), givenName: "Eva", familyName: "Probe", email: "eva.probe@test.example", fte: "0,5", roles: "employee" };
    const first = await post(accountNewAction, admin.id, "/admin/accounts/new", form);
    const second = await post(accountNewAction, admin.id, "/admin/accounts/new", form);
    const created = (first.data as { created: { personId: string; link: string | null } }).created;
    expect(created.link).toMatch(/\/set-password\?token=/);
    expect(second).toMatchObject({ status: 302, location: `/admin/accounts/${created.personId}` });
    expect(await db.select({ id: people.id }).from(people).where(eq(people.email, "eva.probe@test.example"))).toEqual([{ id: created.personId }]);
  });

  it("copies a role description once, and both answers open the same copy", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const hr = await createPerson(db, { authorityId: authority.id, roles: ["employee", "hr"] });
    const roleId = await createRole(db, authority.id, hr.id, { title: "Servicepoint", payScheme: "TVöD", payGrade: "EG 6", tasks: [{ title: "Empfang", category: "service_information", sharePercent: 100 }], requirements: {} });
    const form = { intent: "copy", submissionId: crypto.randomUUID() };
    const first = await post(roleAction, hr.id, `/hr/roles/${roleId}`, form, { roleId });
    const second = await post(roleAction, hr.id, `/hr/roles/${roleId}`, form, { roleId });
    expect(first.location).toMatch(/^\/hr\/roles\/[0-9a-f-]{36}\?notice=copied$/);
    expect(first.location).not.toContain(roleId);
    expect(second).toEqual(first);
    expect(await db.select().from(roleDescriptions).where(eq(roleDescriptions.authorityId, authority.id))).toHaveLength(2);
  });

  it("assigns a role once; a refused assignment leaves its id free for the corrected form", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const unit = await createUnit(db, authority.id);
    const hr = await createPerson(db, { authorityId: authority.id, roles: ["employee", "hr"] });
    const anna = await createPerson(db, { authorityId: authority.id, unitId: unit.id });
    const stranger = await createPerson(db, { authorityId: (await createAuthority(db, "Andere Behörde")).id });
    const roleId = await createRole(db, authority.id, hr.id, { title: "Sachbearbeitung", payScheme: "TVöD", payGrade: "EG 9a", tasks: [{ title: "Anträge", category: "casework_decision", sharePercent: 100 }], requirements: {} });
    const submissionId = crypto.randomUUID();
    const form = (personId: string) => ({ submissionId, personId, unitId: unit.id, roleDescriptionId: roleId, fte: "0,8" });
    // A person of another authority: refused, and nothing (not even the id) is kept.
    const refused = await post(peopleAction, hr.id, "/hr/people", form(stranger.id));
    expect(refused.status).toBe(400);
    const first = await post(peopleAction, hr.id, "/hr/people", form(anna.id));
    const second = await post(peopleAction, hr.id, "/hr/people", form(anna.id));
    expect(first).toMatchObject({ status: 302, location: `/hr/people?unit=${unit.id}&saved=${anna.id}#p-${anna.id}` });
    expect(second).toEqual(first);
    const [saved] = await db.select({ roleDescriptionId: people.roleDescriptionId, fte: people.fte }).from(people).where(eq(people.id, anna.id));
    expect({ ...saved, fte: Number(saved.fte) }).toEqual({ roleDescriptionId: roleId, fte: 0.8 });
    expect(await db.select().from(auditLog).where(and(eq(auditLog.authorityId, authority.id), eq(auditLog.action, "person.assign-role")))).toHaveLength(1);
  });
});
