// Exports of coverage, training demand and staffing as tables (written by ~/shell/tables.server).
import type { TFunction } from "i18next";
import { competenceById } from "~/competences/framework";
import type { Queryable } from "~/db/client.server";
import type { Locale } from "~/i18n/i18n";
import { evaluatePlan, getPlan, listPlans } from "~/staffing/plans.server";
import { roundFte } from "~/staffing/staffing-math";
import { coverageReport, type CoverageBy } from "./coverage.server";
import type { Cell } from "~/shell/csv";
import type { Table } from "~/shell/tables.server";
import { toHours } from "./training";
import { workshopHours } from "./workshop-hours.server";

export const exportReports = ["coverage", "training", "staffing", "workshops"] as const;
export type ExportReport = (typeof exportReports)[number];

export async function exportTable(db: Queryable, authorityId: string, report: ExportReport, options: { by: CoverageBy; at: Date; t: TFunction; locale: Locale }): Promise<Table> {
  const { t, locale } = options;
  const suppressedText = (min: number) => t("hr.coverage.suppressedShort", { min });
  const uncountedText = (g: { uncounted: number }) => (g.uncounted > 0 ? t("hr.coverage.uncountedShort", { count: g.uncounted }) : "");
  if (report === "staffing") {
    const header = [t("hr.staffing.unit"), t("hr.staffing.year"), t("hr.staffing.variant"), t("hr.staffing.totalMinutes"), t("hr.staffing.requiredFte"), t("hr.staffing.counsellingFte"), t("hr.staffing.currentFte"), t("hr.staffing.difference"), t("hr.staffing.netHours"), t("hr.staffing.allowance"), t("hr.staffing.netHoursSource")];
    const rows: Cell[][] = [];
    for (const summary of await listPlans(db, authorityId)) {
      const plan = await getPlan(db, authorityId, summary.id);
      if (!plan) continue;
      const evaluated = evaluatePlan(plan);
      const line = (variant: string, r: typeof evaluated.plan): Cell[] => [plan.unitName, plan.year, variant, Math.round(r.totalMinutes), roundFte(r.requiredFte), roundFte(r.counsellingFte), roundFte(r.currentFte), roundFte(r.difference), plan.netHoursPerFte, plan.allowancePercent, plan.netHoursSource];
      rows.push(line(t("hr.staffing.thePlan"), evaluated.plan));
      for (const s of evaluated.scenarios) rows.push(line(s.scenario.name, s.result));
    }
    return { name: t("hr.export.staffing"), header, rows };
  }
  const coverage = await coverageReport(db, authorityId, { by: options.by, at: options.at });
  if (report === "workshops") return workshopsTable(db, authorityId, coverage, options);
  const groupHeader = options.by === "unit" ? t("hr.coverage.unit") : t("hr.coverage.role");
  if (report === "training") {
    const header = [groupHeader, t("hr.coverage.people"), t("hr.coverage.gaps"), t("hr.coverage.trainingHours"), t("hr.coverage.uncoveredGaps"), t("hr.coverage.note")];
    const rows: Cell[][] = [...coverage.groups, { ...coverage.total, name: t("hr.coverage.total") }].map((g) =>
      g.suppressed ? [g.name, null, null, null, null, suppressedText(coverage.minGroupSize)] : [g.name, g.people, g.gaps, toHours(g.trainingMinutes), g.uncoveredGaps, uncountedText(g)],
    );
    return { name: t("hr.export.training"), header, rows };
  }
  const header = [groupHeader, t("hr.coverage.competence"), t("hr.coverage.requiredFor"), t("hr.coverage.met"), t("hr.coverage.metPercent"), ...[0, 1, 2, 3, 4].map((l) => t("hr.coverage.levelN", { level: l })), t("hr.coverage.note")];
  const rows: Cell[][] = [];
  for (const g of [...coverage.groups, { ...coverage.total, name: t("hr.coverage.total") }]) {
    if (g.suppressed) {
      rows.push([g.name, null, null, null, null, null, null, null, null, null, suppressedText(coverage.minGroupSize)]);
      continue;
    }
    for (const c of g.competences) {
      const name = competenceById(c.competenceId)?.name[locale] ?? c.competenceId;
      if (c.suppressed) rows.push([g.name, name, null, null, null, null, null, null, null, null, suppressedText(coverage.minGroupSize)]);
      else rows.push([g.name, name, c.required, c.met, c.required ? Math.round((c.met / c.required) * 1000) / 10 : null, ...c.levels, uncountedText(g)]);
    }
  }
  return { name: t("hr.export.coverage"), header, rows };
}

/** Workshop hours and cost (planned, held) beside the training demand of the coverage report. */
async function workshopsTable(db: Queryable, authorityId: string, coverage: Awaited<ReturnType<typeof coverageReport>>, options: { by: CoverageBy; at: Date; t: TFunction }): Promise<Table> {
  const { t } = options;
  const hours = await workshopHours(db, authorityId, { by: options.by, at: options.at });
  const demand = new Map([...coverage.groups.map((g) => [g.key, g] as const), ["all", coverage.total] as const]);
  const header = [
    options.by === "unit" ? t("hr.coverage.unit") : t("hr.coverage.role"),
    t("hr.coverage.trainingHours"),
    t("events.hours.plannedHours"),
    t("events.hours.plannedCost"),
    t("events.hours.heldHours"),
    t("events.hours.heldCost"),
    t("hr.coverage.note"),
  ];
  const rows: Cell[][] = [...hours.groups, { ...hours.total, name: t("hr.coverage.total") }].map((g) => {
    const name = g.key === "none" ? t("events.hours.noGroup") : g.name;
    const d = demand.get(g.key);
    if (g.suppressed) return [name, null, null, null, null, null, t("hr.coverage.suppressedShort", { min: hours.minGroupSize })];
    return [name, d && !d.suppressed ? toHours(d.trainingMinutes) : null, g.plannedHours, g.plannedCostCents / 100, g.heldHours, g.heldCostCents / 100, ""];
  });
  return { name: t("hr.export.workshops"), header, rows };
}
