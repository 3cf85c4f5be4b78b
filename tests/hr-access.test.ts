// Who may open the HR workspace: HR of the authority; admins only the audit log; leads and
// employees get 403; HR of another authority finds nothing of this one (404).
import { expect, it } from "vitest";
import { getLucia } from "~/auth/lucia.server";
import { createRole } from "~/role-descriptions/roles.server";
import { createPlan } from "~/staffing/plans.server";
import * as auditRoute from "~/routes/hr.audit";
import * as coverageRoute from "~/routes/hr.coverage";
import * as exportRoute from "~/routes/hr.export";
import * as importRoute from "~/routes/hr.import";
import * as peopleRoute from "~/routes/hr.people";
import * as roleRoute from "~/routes/hr.roles.$roleId";
import * as rolesRoute from "~/routes/hr.roles._index";
import * as planRoute from "~/routes/hr.staffing.$planId";
import * as staffingRoute from "~/routes/hr.staffing._index";
import * as layoutRoute from "~/routes/hr";
import { describeEachDb } from "./support/db";
import { createAuthority, createPerson, createUnit } from "./support/fixtures";

type Loader = (args: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>;

async function requestAs(personId: string | null, path: string) {
  const headers = new Headers();
  if (personId) {
    const session = await getLucia().createSession(personId, {});
    headers.set("Cookie", getLucia().createSessionCookie(session.id).serialize());
  }
  return new Request(`http://localhost${path}`, { headers });
}

async function status(loader: Loader, request: Request, params: Record<string, string> = {}) {
  try {
    await loader({ request, params, context: {} });
    return 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

describeEachDb("access to the HR workspace", ({ database }) => {
  it("lets HR in, refuses leads and employees with 403, and admins everywhere but the audit log", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const unit = await createUnit(db, authority.id);
    const hr = await createPerson(db, { authorityId: authority.id, roles: ["employee", "hr"] });
    const lead = await createPerson(db, { authorityId: authority.id, unitId: unit.id, roles: ["employee", "lead"], leads: [unit.id] });
    const employee = await createPerson(db, { authorityId: authority.id, unitId: unit.id });
    const admin = await createPerson(db, { authorityId: authority.id, roles: ["admin"] });
    const roleId = await createRole(db, authority.id, hr.id, {
      title: "Servicepoint",
      payScheme: "TVöD",
      payGrade: "EG 8",
      tasks: [{ title: "Empfang", category: "service_information", sharePercent: 100 }],
      requirements: { "c.de-escalation": 3 },
    });
    const planId = await createPlan(db, authority.id, { unitId: unit.id, year: 2026, netHoursPerFte: 1560, netHoursSource: "x", allowancePercent: 10 });
    const pages: [Loader, string, Record<string, string>][] = [
      [layoutRoute.loader as Loader, "/hr", {}],
      [rolesRoute.loader as Loader, "/hr/roles", {}],
      [roleRoute.loader as Loader, `/hr/roles/${roleId}`, { roleId }],
      [peopleRoute.loader as Loader, "/hr/people", {}],
      [staffingRoute.loader as Loader, "/hr/staffing", {}],
      [planRoute.loader as Loader, `/hr/staffing/${planId}`, { planId }],
      [coverageRoute.loader as Loader, "/hr/coverage", {}],
      [importRoute.loader as Loader, "/hr/import", {}],
      [exportRoute.loader as Loader, "/hr/export?report=coverage&format=csv", {}],
      [auditRoute.loader as Loader, "/hr/audit", {}],
    ];
    for (const [loader, path, params] of pages) {
      expect(await status(loader, await requestAs(hr.id, path), params), `hr ${path}`).toBe(200);
      expect(await status(loader, await requestAs(lead.id, path), params), `lead ${path}`).toBe(403);
      expect(await status(loader, await requestAs(employee.id, path), params), `employee ${path}`).toBe(403);
      const adminAllowed = path === "/hr/audit" || path === "/hr";
      expect(await status(loader, await requestAs(admin.id, path), params), `admin ${path}`).toBe(adminAllowed ? 200 : 403);
      expect(await status(loader, await requestAs(null, path), params), `anonymous ${path}`).toBe(302);
    }
  });

  it("shows HR of another authority nothing of this one", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const unit = await createUnit(db, authority.id, "Geheim");
    const hr = await createPerson(db, { authorityId: authority.id, roles: ["hr"] });
    const roleId = await createRole(db, authority.id, hr.id, {
      title: "Nur hier",
      payScheme: "TV-L",
      payGrade: "E 9",
      tasks: [{ title: "Aufgabe", category: "other", sharePercent: 100 }],
      requirements: {},
    });
    const planId = await createPlan(db, authority.id, { unitId: unit.id, year: 2026, netHoursPerFte: 1560, netHoursSource: "x", allowancePercent: 10 });
    const other = await createAuthority(db);
    const foreignHr = await createPerson(db, { authorityId: other.id, roles: ["hr"] });
    expect(await status(roleRoute.loader as Loader, await requestAs(foreignHr.id, `/hr/roles/${roleId}`), { roleId })).toBe(404);
    expect(await status(planRoute.loader as Loader, await requestAs(foreignHr.id, `/hr/staffing/${planId}`), { planId })).toBe(404);
    const roles = (await (rolesRoute.loader as Loader)({ request: await requestAs(foreignHr.id, "/hr/roles"), params: {}, context: {} })) as { roles: { title: string }[] };
    expect(roles.roles.map((r) => r.title)).not.toContain("Nur hier");
    const people = (await (peopleRoute.loader as Loader)({ request: await requestAs(foreignHr.id, `/hr/people?unit=${unit.id}`), params: {}, context: {} })) as { unitId: string | null };
    expect(people.unitId).not.toBe(unit.id);
    const coverage = (await (coverageRoute.loader as Loader)({ request: await requestAs(foreignHr.id, "/hr/coverage"), params: {}, context: {} })) as { report: { groups: { name: string }[] } };
    expect(coverage.report.groups.map((g) => g.name)).not.toContain("Geheim");
  });
});
