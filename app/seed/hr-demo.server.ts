// Demo data of the HR workspace: version 1 of each demo role description, a staffing plan with
// the worked example of the competence framework and two scenarios, and a year of monthly
// coverage snapshots ending at the demo's real current coverage.
import type { Queryable } from "~/db/client.server";
import { coverageSnapshots, roleDescriptionVersions, staffingPlans, staffingScenarios, staffingTasks } from "~/db/schema";
import type { SeedContext } from "~/seed/demo.server";
import { demoRoles } from "~/seed/demo-data";
import { rawCoverage } from "~/reports/coverage.server";

export async function seedHrDemo(tx: Queryable, ctx: SeedContext) {
  const creatorId = ctx.personIds.get("hr@musterstadt.example") ?? null;
  await tx.insert(roleDescriptionVersions).values(
    demoRoles.map((role) => ({
      authorityId: ctx.authorityId,
      roleDescriptionId: ctx.roleIds.get(role.key)!,
      version: 1,
      actorId: creatorId,
      changes: [{ kind: "created" }],
      snapshot: {
        title: role.title,
        payScheme: role.payScheme,
        payGrade: role.payGrade,
        status: "active",
        tasks: role.tasks.map((t) => ({ title: t.title, category: t.category, sharePercent: t.share })),
        requirements: role.requirements,
      },
      createdAt: ctx.now,
    })),
  );

  const [plan] = await tx
    .insert(staffingPlans)
    .values({
      authorityId: ctx.authorityId,
      unitId: ctx.unitIds.get("aufenthalt1")!,
      year: ctx.now.getUTCFullYear(),
      netHoursPerFte: 1560,
      netHoursSource: "Personalkostensätze des Bundes (BMF), Datenstand 2014, 39-Stunden-Woche – vor Verwendung an aktuelle Werte anpassen",
      allowancePercent: 10,
    })
    .returning({ id: staffingPlans.id });
  await tx.insert(staffingTasks).values([
    { planId: plan.id, position: 0, title: "Verlängerung von Aufenthaltserlaubnissen", casesPerYear: 12_000, caseworkMinutes: 45, counsellingMinutes: 0 },
    { planId: plan.id, position: 1, title: "Beratungstermine zu Aufenthaltsperspektiven", casesPerYear: 3_000, caseworkMinutes: 0, counsellingMinutes: 30 },
  ]);
  await tx.insert(staffingScenarios).values([
    { planId: plan.id, name: "+10 Minuten Beratung je Fall", casesChangePercent: 0, extraCounsellingMinutes: 10, extraCaseworkMinutes: 0, createdAt: ctx.now },
    { planId: plan.id, name: "+15 % Fälle", casesChangePercent: 15, extraCounsellingMinutes: 0, extraCaseworkMinutes: 0, createdAt: new Date(ctx.now.getTime() + 1) },
  ]);

  // Twelve past months, rising steadily towards today's real figures (a plausible history for
  // the demo; real installations build theirs month by month).
  const current = await rawCoverage(tx, ctx.authorityId, { by: "unit", at: ctx.now });
  const rows = [];
  for (let back = 12; back >= 1; back--) {
    const month = new Date(Date.UTC(ctx.now.getUTCFullYear(), ctx.now.getUTCMonth() - back, 1)).toISOString().slice(0, 10);
    const factor = 0.55 + (0.45 * (12 - back)) / 12;
    for (const g of current.groups.values()) {
      const met = Math.round(g.met * factor);
      rows.push({
        authorityId: ctx.authorityId,
        month,
        scope: g.key,
        peopleCount: g.people,
        requirementCount: g.requirements,
        metCount: met,
        trainingMinutes: Math.round(g.trainingMinutes + (g.met - met) * 18),
        createdAt: ctx.now,
      });
    }
  }
  if (rows.length) await tx.insert(coverageSnapshots).values(rows);
}
