// HR's destructive actions ask first, also without JavaScript: the form carries a required
// tick, and the server refuses (showing the question again) when it is missing.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { framework } from "~/competences/framework";
import { translator } from "~/i18n/i18n";
import { getLucia } from "~/auth/lucia.server";
import { roleDescriptions, staffingScenarios } from "~/db/schema";
import { createRole } from "~/role-descriptions/roles.server";
import { action as roleAction } from "~/routes/hr.roles.$roleId";
import { action as planAction } from "~/routes/hr.staffing.$planId";
import { addScenario, createPlan } from "~/staffing/plans.server";
import { describeEachDb } from "./support/db";
import { createAuthority, createPerson, createUnit } from "./support/fixtures";

type Action = (args: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>;

async function post(action: unknown, personId: string, path: string, params: Record<string, string>, fields: Record<string, string>) {
  const session = await getLucia().createSession(personId, {});
  const request = new Request(`http://localhost${path}`, {
    method: "POST",
    headers: { Cookie: getLucia().createSessionCookie(session.id).serialize(), "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
  });
  try {
    return (await (action as Action)({ request, params, context: {} })) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

describeEachDb("HR's destructive actions ask first", ({ database }) => {
  it("puts a role description out of force only when confirmed", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const hr = await createPerson(db, { authorityId: authority.id, roles: ["employee", "hr"] });
    const roleId = await createRole(db, authority.id, hr.id, { title: "Servicepoint", payScheme: "TVöD", payGrade: "EG 6", tasks: [{ title: "Empfang", category: "service_information", sharePercent: 100 }], requirements: {} });
    const status = async () => (await db.select({ status: roleDescriptions.status }).from(roleDescriptions).where(eq(roleDescriptions.id, roleId)))[0].status;
    const asked = await post(roleAction, hr.id, `/hr/roles/${roleId}`, { roleId }, { intent: "retire", submissionId: crypto.randomUUID() });
    expect(asked.headers.get("Location")).toBe(`/hr/roles/${roleId}?confirm=retire#confirm-retire`);
    expect(await status()).toBe("active");
    const done = await post(roleAction, hr.id, `/hr/roles/${roleId}`, { roleId }, { intent: "retire", submissionId: crypto.randomUUID(), confirm: "on" });
    expect(done.headers.get("Location")).toBe(`/hr/roles/${roleId}?notice=retired`);
    expect(await status()).toBe("retired");
    // Putting it back into force is not destructive: no question.
    const back = await post(roleAction, hr.id, `/hr/roles/${roleId}`, { roleId }, { intent: "reactivate", submissionId: crypto.randomUUID() });
    expect(back.headers.get("Location")).toBe(`/hr/roles/${roleId}?notice=reactivated`);
    expect(await status()).toBe("active");
  });

  it("deletes a staffing scenario only when confirmed", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const hr = await createPerson(db, { authorityId: authority.id, roles: ["employee", "hr"] });
    const unit = await createUnit(db, authority.id, "Aufenthalt 1");
    const planId = await createPlan(db, authority.id, { unitId: unit.id, year: 2026, netHoursPerFte: 1560, netHoursSource: "x", allowancePercent: 10 });
    const scenarioId = await addScenario(db, authority.id, planId, { name: "+10 min", casesChangePercent: 0, extraCounsellingMinutes: 10, extraCaseworkMinutes: 0 });
    const remaining = async () => (await db.select().from(staffingScenarios).where(eq(staffingScenarios.planId, planId))).length;
    const fields = { intent: "delete-scenario", scenarioId: String(scenarioId), submissionId: crypto.randomUUID() };
    const asked = await post(planAction, hr.id, `/hr/staffing/${planId}`, { planId }, fields);
    expect(asked.headers.get("Location")).toBe(`/hr/staffing/${planId}?confirm=${scenarioId}#confirm-${scenarioId}`);
    expect(await remaining()).toBe(1);
    const done = await post(planAction, hr.id, `/hr/staffing/${planId}`, { planId }, { ...fields, submissionId: crypto.randomUUID(), confirm: "on" });
    expect(done.headers.get("Location")).toContain("notice=scenarioDeleted");
    expect(await remaining()).toBe(0);
  });
});

describe("wording", () => {
  it("counts points and rows in singular and plural, and names level 4 inclusively", () => {
    const de = translator("de");
    expect(de("courses.quiz.questionPoints", { points: 1, count: 1 })).toBe("1 von 1 Punkt");
    expect(de("courses.quiz.questionPoints", { points: 1, count: 2 })).toBe("1 von 2 Punkten");
    expect(translator("en")("courses.quiz.questionPoints", { points: 0, count: 1 })).toBe("0 of 1 point");
    expect(de("hr.import.rowsOk", { count: 1 })).toBe("1 Zeile, in Ordnung.");
    expect(de("hr.import.problems")).not.toBe("Fehler");
    expect(framework.levels.find((l) => l.level === 4)?.name.de).toBe("Multiplikatorin/Multiplikator");
    expect(de("hr.roles.retire")).toBe("Außer Kraft setzen");
  });

  it("says which case an empty recommendation list is", () => {
    const de = translator("de");
    expect(de("competences.learning.recommendedNoGaps")).toContain("keine Lücke");
    expect(de("competences.learning.recommendedNoModule", { count: 2 })).toContain("2 Lücken");
  });
});
