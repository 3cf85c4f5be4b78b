// Coverage of role requirements and training demand per unit or role, level distribution,
// monthly trend, and exports. Small groups are suppressed.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/auth/access.server";
import { competenceById } from "~/competences/framework";
import { getDb } from "~/db/client.server";
import { HBarChart, LevelChart, TrendChart } from "~/reports/charts";
import { coverageReport, coverageTrend, type CoverageBy } from "~/reports/coverage.server";
import { toHours } from "~/reports/training";
import { workshopHours } from "~/reports/workshop-hours.server";
import { Figure, ReportTable, SuppressedNote, useNumber } from "~/reports/ui";
import { pageTitle } from "~/shell/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "hr.coverage.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "read:report:any");
  const url = new URL(request.url);
  const by: CoverageBy = url.searchParams.get("by") === "role" ? "role" : "unit";
  const now = new Date();
  const db = getDb();
  const report = await coverageReport(db, viewer.authorityId, { by, at: now });
  const wanted = url.searchParams.get("group");
  const selected = report.groups.find((g) => g.key === wanted) ?? null;
  const workshops = await workshopHours(db, viewer.authorityId, { by, at: now });
  return { by, report, selectedKey: selected?.key ?? null, trend: await coverageTrend(db, viewer.authorityId, "all", now), workshops };
}

const pct = (met: number, of: number) => (of > 0 ? Math.round((met / of) * 1000) / 10 : null);

export default function Coverage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === "en" ? "en" : "de";
  const { by, report, selectedKey, trend, workshops } = useLoaderData<typeof loader>();
  const num = useNumber();
  const min = report.minGroupSize;
  const all = [...report.groups, { ...report.total, name: t("hr.coverage.total") }];
  const selected = selectedKey ? report.groups.find((g) => g.key === selectedKey)! : { ...report.total, name: t("hr.coverage.total") };
  const groupLabel = by === "unit" ? t("hr.coverage.unit") : t("hr.coverage.role");
  const competenceName = (id: string) => competenceById(id)?.name[locale] ?? id;
  const month = (iso: string) => new Date(`${iso}T00:00:00Z`).toLocaleDateString(i18n.language, { month: "short", year: "numeric", timeZone: "UTC" });
  return (
    <>
      <h2>{t("hr.coverage.title")}</h2>
      <p>{t("hr.coverage.intro")}</p>
      <Form method="get" className="inline-form no-print">
        <div className="field">
          <label htmlFor="by">{t("hr.coverage.by")}</label>
          <select id="by" name="by" defaultValue={by}>
            <option value="unit">{t("hr.coverage.byUnit")}</option>
            <option value="role">{t("hr.coverage.byRole")}</option>
          </select>
        </div>
        <button type="submit" className="button button--secondary">
          {t("hr.coverage.show")}
        </button>
      </Form>
      <div className="notice notice--info">
        <p>{t("hr.coverage.suppressionExplained", { min })}</p>
        <p>{t("hr.coverage.trainingExplained")}</p>
      </div>

      <section aria-labelledby="cov-summary">
        <h3 id="cov-summary">{t("hr.coverage.summaryChart")}</h3>
        <Figure title={t("hr.coverage.summaryChart")} hint={t("hr.coverage.summaryChartHint")}>
          <HBarChart
            label={t("hr.coverage.summaryChart")}
            rows={all.map((g) => ({ name: g.name, value: g.suppressed ? null : pct(g.met, g.requirements), note: g.suppressed ? t("hr.coverage.suppressed", { min }) : undefined }))}
          />
        </Figure>
        <ReportTable
          id="coverage-summary"
          region={{ label: t("hr.coverage.summaryChart") }}
          head={groupLabel}
          columns={[
            t("hr.coverage.people"),
            t("hr.coverage.requirements"),
            t("hr.coverage.met"),
            t("hr.coverage.metPercent"),
            t("hr.coverage.gaps"),
            t("hr.coverage.trainingHours"),
            t("hr.coverage.uncoveredGaps"),
          ]}
          min={min}
          rows={all.map((g) => ({
            key: g.key,
            head: g.key === report.total.key || !report.groups.includes(g as never) ? g.name : <Link to={`?by=${by}&group=${g.key}#details`}>{g.name}</Link>,
            suppressed: g.suppressed,
            cells: [num(g.people), num(g.requirements), num(g.met), num(pct(g.met, g.requirements), 1), num(g.gaps), num(toHours(g.trainingMinutes), 1), num(g.uncoveredGaps)],
          }))}
        />
        {report.total.uncounted > 0 ? <p>{t("hr.coverage.uncountedNote", { count: report.total.uncounted, min })}</p> : null}
      </section>

      <section aria-labelledby="details" id="details-section">
        <h3 id="details">{t("hr.coverage.details", { name: selected.name })}</h3>
        {selected.suppressed ? (
          <p>
            <SuppressedNote min={min} />
          </p>
        ) : selected.competences.length === 0 ? (
          <p>{t("hr.coverage.noData")}</p>
        ) : (
          <>
            <Figure title={t("hr.coverage.distribution")} hint={t("hr.coverage.distributionHint")}>
              <LevelChart label={t("hr.coverage.distribution")} rows={selected.competences.map((c) => ({ name: competenceName(c.competenceId), levels: c.suppressed ? null : c.levels }))} />
            </Figure>
            <ReportTable
              id="coverage-details"
              region={{ label: t("hr.coverage.details", { name: selected.name }) }}
              head={t("hr.coverage.competence")}
              columns={[t("hr.coverage.requiredFor"), t("hr.coverage.met"), t("hr.coverage.metPercent"), ...[0, 1, 2, 3, 4].map((level) => t("hr.coverage.levelN", { level }))]}
              min={min}
              rows={selected.competences.map((c) => ({
                key: c.competenceId,
                head: competenceName(c.competenceId),
                suppressed: c.suppressed,
                cells: [num(c.required), num(c.met), num(pct(c.met, c.required), 1), ...c.levels.map((n) => num(n))],
                data: { "data-competence": c.competenceId },
              }))}
            />
          </>
        )}
      </section>

      <section aria-labelledby="trend">
        <h3 id="trend">{t("hr.coverage.trend")}</h3>
        {trend.length === 0 ? (
          <p>{t("hr.coverage.noTrend")}</p>
        ) : (
          <>
            <Figure title={t("hr.coverage.trend")} hint={t("hr.coverage.trendHint")}>
              <TrendChart label={t("hr.coverage.trend")} points={trend.map((p) => ({ month: p.month, value: p.metPercent }))} />
            </Figure>
            <ReportTable
              region={{ label: t("hr.coverage.trend") }}
              head={t("hr.coverage.month")}
              columns={[t("hr.coverage.people"), t("hr.coverage.metPercent"), t("hr.coverage.trainingHours")]}
              min={min}
              rows={trend.map((p) => ({ key: p.month, head: month(p.month), suppressed: p.suppressed, cells: [num(p.people), num(p.metPercent, 1), num(p.trainingHours, 1)] }))}
            />
          </>
        )}
      </section>

      <section aria-labelledby="workshop-hours">
        <h3 id="workshop-hours">{t("events.hours.title")}</h3>
        <p>{t("events.hours.intro")}</p>
        <ReportTable
          id="workshop-hours-table"
          region={{ labelledBy: "workshop-hours" }}
          head={groupLabel}
          columns={[t("events.hours.demandHours"), t("events.hours.plannedHours"), t("events.hours.plannedCost"), t("events.hours.heldHours"), t("events.hours.heldCost")]}
          min={min}
          rows={[...workshops.groups, { ...workshops.total, name: t("hr.coverage.total") }].map((g) => {
            const demand = g.key === "all" ? report.total : report.groups.find((x) => x.key === g.key);
            return {
              key: g.key,
              head: g.key === "none" ? t("events.hours.noGroup") : g.name,
              suppressed: g.suppressed,
              cells: [
                demand && !demand.suppressed ? num(toHours(demand.trainingMinutes), 1) : "–",
                num(g.plannedHours, 1),
                num(g.plannedCostCents / 100, 2),
                num(g.heldHours, 1),
                num(g.heldCostCents / 100, 2),
              ],
            };
          })}
        />
      </section>

      <section aria-labelledby="export" className="no-print">
        <h3 id="export">{t("hr.export.title")}</h3>
        <ul className="export-links">
          {(["coverage", "training", "staffing", "workshops"] as const).map((report) =>
            (["csv", "xlsx"] as const).map((format) => (
              <li key={report + format}>
                <a href={`/hr/export?report=${report}&format=${format}&by=${by}`} download>
                  {t(`hr.export.${format}`, { report: t(`hr.export.${report}`) })}
                </a>
              </li>
            )),
          )}
        </ul>
      </section>
    </>
  );
}
