// Staffing plans (Stellenbemessung) per unit and year, with scenarios kept beside the plan.
import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Queryable } from "~/db/client.server";
import { qualified } from "~/db/qualified.server";
import { people, staffingPlans, staffingScenarios, staffingTasks, units } from "~/db/schema";
import { applyScenario, computeStaffing, type StaffingTaskInput } from "./staffing-math";

export interface PlanSettingsInput {
  netHoursPerFte: number;
  netHoursSource: string;
  allowancePercent: number;
}

export class PlanError extends Error {
  constructor(
    readonly field: string,
    readonly messageKey: string,
  ) {
    super(messageKey);
  }
}

export async function listPlans(db: Queryable, authorityId: string) {
  return db
    .select({
      id: staffingPlans.id,
      year: staffingPlans.year,
      unitId: staffingPlans.unitId,
      unitName: units.name,
      tasks: sql<number>`(select count(*) from staffing_tasks t where t.plan_id = ${qualified(staffingPlans.id)})`.mapWith(Number),
      scenarios: sql<number>`(select count(*) from staffing_scenarios s where s.plan_id = ${qualified(staffingPlans.id)})`.mapWith(Number),
    })
    .from(staffingPlans)
    .innerJoin(units, eq(units.id, staffingPlans.unitId))
    .where(eq(staffingPlans.authorityId, authorityId))
    .orderBy(desc(staffingPlans.year), asc(units.name));
}

/** The FTE a unit has today: the sum of its active people's FTE (direct members). */
export async function currentFteOfUnit(db: Queryable, authorityId: string, unitId: string) {
  const [row] = await db
    .select({ fte: sql<string>`coalesce(sum(${people.fte}), 0)` })
    .from(people)
    .where(and(eq(people.authorityId, authorityId), eq(people.unitId, unitId), eq(people.active, true)));
  return Number(row?.fte ?? 0);
}

export async function createPlan(db: Queryable, authorityId: string, input: { unitId: string; year: number } & PlanSettingsInput) {
  const [unit] = await db.select({ id: units.id }).from(units).where(and(eq(units.id, input.unitId), eq(units.authorityId, authorityId)));
  if (!unit) throw new PlanError("unitId", "validation.invalidChoice");
  const [clash] = await db
    .select({ id: staffingPlans.id })
    .from(staffingPlans)
    .where(and(eq(staffingPlans.authorityId, authorityId), eq(staffingPlans.unitId, input.unitId), eq(staffingPlans.year, input.year)));
  if (clash) throw new PlanError("year", "hr.staffing.planExists");
  const [row] = await db.insert(staffingPlans).values({ authorityId, ...input }).returning({ id: staffingPlans.id });
  return row.id;
}

export async function getPlan(db: Queryable, authorityId: string, planId: string) {
  const [plan] = await db
    .select({
      id: staffingPlans.id,
      authorityId: staffingPlans.authorityId,
      unitId: staffingPlans.unitId,
      unitName: units.name,
      year: staffingPlans.year,
      netHoursPerFte: staffingPlans.netHoursPerFte,
      netHoursSource: staffingPlans.netHoursSource,
      allowancePercent: staffingPlans.allowancePercent,
      updatedAt: staffingPlans.updatedAt,
    })
    .from(staffingPlans)
    .innerJoin(units, eq(units.id, staffingPlans.unitId))
    .where(and(eq(staffingPlans.id, planId), eq(staffingPlans.authorityId, authorityId)));
  if (!plan) return null;
  const tasks = await db.select().from(staffingTasks).where(eq(staffingTasks.planId, planId)).orderBy(asc(staffingTasks.position));
  const scenarios = await db.select().from(staffingScenarios).where(eq(staffingScenarios.planId, planId)).orderBy(asc(staffingScenarios.createdAt), asc(staffingScenarios.name));
  const currentFte = await currentFteOfUnit(db, authorityId, plan.unitId);
  return {
    ...plan,
    netHoursPerFte: Number(plan.netHoursPerFte),
    allowancePercent: Number(plan.allowancePercent),
    currentFte,
    tasks: tasks.map((t) => ({
      title: t.title,
      casesPerYear: t.casesPerYear,
      caseworkMinutes: Number(t.caseworkMinutes),
      counsellingMinutes: Number(t.counsellingMinutes),
    })),
    scenarios: scenarios.map((s) => ({
      id: s.id,
      name: s.name,
      casesChangePercent: Number(s.casesChangePercent),
      extraCounsellingMinutes: Number(s.extraCounsellingMinutes),
      extraCaseworkMinutes: Number(s.extraCaseworkMinutes),
    })),
  };
}

export type Plan = NonNullable<Awaited<ReturnType<typeof getPlan>>>;

/** The plan's result and each scenario's, computed by the pure staffing module. */
export function evaluatePlan(plan: Plan) {
  const settings = { netHoursPerFte: plan.netHoursPerFte, allowancePercent: plan.allowancePercent };
  return {
    plan: computeStaffing(plan.tasks, settings, plan.currentFte),
    scenarios: plan.scenarios.map((s) => ({ scenario: s, result: computeStaffing(applyScenario(plan.tasks, s), settings, plan.currentFte) })),
  };
}

export async function updatePlan(db: Queryable, authorityId: string, planId: string, input: PlanSettingsInput & { tasks: StaffingTaskInput[] }) {
  const updated = await db
    .update(staffingPlans)
    .set({ netHoursPerFte: input.netHoursPerFte, netHoursSource: input.netHoursSource, allowancePercent: input.allowancePercent, updatedAt: new Date() })
    .where(and(eq(staffingPlans.id, planId), eq(staffingPlans.authorityId, authorityId)))
    .returning({ id: staffingPlans.id });
  if (updated.length === 0) return false;
  await db.delete(staffingTasks).where(eq(staffingTasks.planId, planId));
  if (input.tasks.length)
    await db.insert(staffingTasks).values(
      input.tasks.map((t, position) => ({ planId, position, title: t.title, casesPerYear: Math.round(t.casesPerYear), caseworkMinutes: t.caseworkMinutes, counsellingMinutes: t.counsellingMinutes })),
    );
  return true;
}

async function ownsPlan(db: Queryable, authorityId: string, planId: string) {
  const [row] = await db.select({ id: staffingPlans.id }).from(staffingPlans).where(and(eq(staffingPlans.id, planId), eq(staffingPlans.authorityId, authorityId)));
  return !!row;
}

export async function addScenario(
  db: Queryable,
  authorityId: string,
  planId: string,
  input: { name: string; casesChangePercent: number; extraCounsellingMinutes: number; extraCaseworkMinutes: number },
) {
  if (!(await ownsPlan(db, authorityId, planId))) return null;
  const [row] = await db.insert(staffingScenarios).values({ planId, ...input }).returning({ id: staffingScenarios.id });
  return row.id;
}

export async function deleteScenario(db: Queryable, authorityId: string, planId: string, scenarioId: string) {
  if (!(await ownsPlan(db, authorityId, planId))) return false;
  const deleted = await db
    .delete(staffingScenarios)
    .where(and(eq(staffingScenarios.id, scenarioId), eq(staffingScenarios.planId, planId)))
    .returning({ id: staffingScenarios.id });
  return deleted.length > 0;
}
