// One staffing plan: its basis and tasks, the result with the formula written out, and
// scenarios side by side (stored beside the plan, never overwriting it).
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import * as z from "zod";
import { notFound, requirePermission } from "~/auth/access.server";
import { audit } from "~/audit/audit.server";
import { getDb, type Tx } from "~/db/client.server";
import { applyOnce, submissionIdField } from "~/db/once.server";
import { StaffingChart } from "~/reports/charts";
import { Figure, useNumber } from "~/reports/ui";
import { FormErrorSummary, Notice, TextField } from "~/shell/forms";
import { invalid, parseForm, readFormData, badRequest } from "~/shell/forms.server";
import { ConfirmDisclosure } from "~/shell/confirm-disclosure";
import { pageTitle } from "~/shell/meta";
import { planSchema, scenarioSchema } from "~/staffing/plan-schema";
import { addScenario, deleteScenario, evaluatePlan, getPlan, updatePlan } from "~/staffing/plans.server";
import { DataTable } from "~/shell/data-table";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "hr.staffing.title");

const planIdParam = z.uuid();
const deleteSchema = z.object({ intent: z.literal("delete-scenario"), scenarioId: z.uuid(), submissionId: submissionIdField, confirm: z.string().optional() });
/** The page's forms, told apart by their intent: the plan's settings (none), a new scenario, a scenario's deletion. */
const planPageSchema = z.discriminatedUnion("intent", [planSchema, scenarioSchema, deleteSchema]);
const SPARE_ROWS = 3;

async function load(request: Request, rawId: string | undefined) {
  const viewer = await requirePermission(request, "read:report:any");
  const id = planIdParam.safeParse(rawId);
  if (!id.success) throw notFound();
  const plan = await getPlan(getDb(), viewer.authorityId, id.data);
  if (!plan) throw notFound();
  return { viewer, plan };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { plan } = await load(request, params.planId);
  const { authorityId: _a, ...shown } = plan;
  return {
    plan: shown,
    result: evaluatePlan(plan),
    ids: {
      plan: crypto.randomUUID(),
      scenario: crypto.randomUUID(),
      del: Object.fromEntries(plan.scenarios.map((s) => [s.id, crypto.randomUUID()])),
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { viewer, plan } = await load(request, params.planId);
  const db = getDb();
  const formData = await readFormData(request);
  const { submission } = await parseForm(formData, planPageSchema);
  if (submission.status !== "success") {
    // The plan's and the scenario form show their field errors; a deletion (hidden fields only) or an unknown intent is a bad request.
    const intent = formData.get("intent");
    if (!intent || intent === "scenario") return invalid(submission.reply());
    throw badRequest();
  }
  const form = submission.value;
  const done = async (submissionId: string, work: (tx: Tx) => Promise<string>) =>
    redirect(await applyOnce(db, submissionId, viewer.id, `/hr/staffing/${plan.id}`, work));
  if (form.intent === "delete-scenario") {
    const { scenarioId } = form;
    // A scenario of another plan or authority: nothing to delete or to ask about.
    if (!plan.scenarios.some((s) => s.id === scenarioId)) throw notFound("errors.scenarioGone");
    // Deleting asks first: without the tick the page shows the question open.
    if (form.confirm !== "on") return redirect(`/hr/staffing/${plan.id}?confirm=${scenarioId}#confirm-${scenarioId}`);
    return done(form.submissionId, async (tx) => {
      // Another plan's (or authority's) scenario id: nothing happened, so nothing is audited.
      if (!(await deleteScenario(tx, viewer.authorityId, plan.id, scenarioId))) throw notFound("errors.scenarioGone");
      await audit(tx, { authorityId: viewer.authorityId, actorId: viewer.id, action: "staffing.scenario-delete", details: { planId: plan.id, scenarioId } });
      return `/hr/staffing/${plan.id}?notice=scenarioDeleted#scenarios`;
    });
  }
  if (form.intent === "scenario") {
    const { submissionId, intent: _i, ...input } = form;
    return done(submissionId, async (tx) => {
      const id = await addScenario(tx, viewer.authorityId, plan.id, input);
      await audit(tx, { authorityId: viewer.authorityId, actorId: viewer.id, action: "staffing.scenario-add", details: { planId: plan.id, scenarioId: id, ...input } });
      return `/hr/staffing/${plan.id}?notice=scenarioAdded#scenarios`;
    });
  }
  const { submissionId, intent: _i, ...input } = form;
  return done(submissionId, async (tx) => {
    await updatePlan(tx, viewer.authorityId, plan.id, input);
    await audit(tx, { authorityId: viewer.authorityId, actorId: viewer.id, action: "staffing.update", details: { planId: plan.id, tasks: input.tasks.length } });
    return `/hr/staffing/${plan.id}?notice=saved`;
  });
}

export default function PlanPage() {
  const { t, i18n } = useTranslation();
  const { plan, result, ids } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const notice = params.get("notice");
  const num = useNumber();
  const fte = (n: number) => num(Math.round(n * 100) / 100, 2);
  const signed = (n: number) => (n > 0 ? "+" : n < 0 ? "−" : "") + fte(Math.abs(n));
  const r = result.plan;
  const variants = [{ name: t("hr.staffing.thePlan"), result: r, description: null as string | null }].concat(
    result.scenarios.map((s) => ({
      name: s.scenario.name,
      result: s.result,
      description: t("hr.staffing.scenarioDescription", {
        cases: (s.scenario.casesChangePercent >= 0 ? "+" : "") + num(s.scenario.casesChangePercent, 0),
        counselling: (s.scenario.extraCounsellingMinutes >= 0 ? "+" : "") + num(s.scenario.extraCounsellingMinutes),
        casework: (s.scenario.extraCaseworkMinutes >= 0 ? "+" : "") + num(s.scenario.extraCaseworkMinutes),
      }),
    })),
  );
  const lastPlanResult = actionData && "result" in actionData && actionData.result.initialValue && !("intent" in (actionData.result.initialValue ?? {})) ? actionData.result : undefined;
  const lastScenarioResult = actionData && "result" in actionData && actionData.result.initialValue && "intent" in (actionData.result.initialValue ?? {}) ? actionData.result : undefined;
  const [planForm, planFields] = useForm({
    id: "plan-form",
    lastResult: lastPlanResult,
    defaultValue: {
      netHoursPerFte: plan.netHoursPerFte.toLocaleString(i18n.language),
      netHoursSource: plan.netHoursSource,
      allowancePercent: plan.allowancePercent.toLocaleString(i18n.language),
      tasks: [
        ...plan.tasks.map((task) => ({ title: task.title, cases: String(task.casesPerYear), casework: task.caseworkMinutes.toLocaleString(i18n.language), counselling: task.counsellingMinutes.toLocaleString(i18n.language) })),
        ...Array.from({ length: SPARE_ROWS }, () => ({ title: "", cases: "", casework: "", counselling: "" })),
      ],
    },
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: planSchema }),
  });
  const [scenarioForm, scenarioFields] = useForm({
    id: "scenario-form",
    lastResult: lastScenarioResult,
    defaultValue: { casesChangePercent: "0", extraCounsellingMinutes: "0", extraCaseworkMinutes: "0" },
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: scenarioSchema }),
  });
  const figures: { label: string; value: (x: typeof r) => string }[] = [
    { label: t("hr.staffing.totalMinutes"), value: (x) => num(Math.round(x.totalMinutes)) },
    { label: t("hr.staffing.requiredFte"), value: (x) => fte(x.requiredFte) },
    { label: t("hr.staffing.caseworkFte"), value: (x) => fte(x.caseworkFte) },
    { label: t("hr.staffing.counsellingFte"), value: (x) => `${fte(x.counsellingFte)} (${num(x.counsellingShare * 100, 1)} %)` },
    { label: t("hr.staffing.currentFte"), value: (x) => fte(x.currentFte) },
    {
      label: t("hr.staffing.difference"),
      value: (x) => `${signed(x.difference)} (${Math.abs(x.difference) < 0.005 ? t("hr.staffing.balanced") : x.difference < 0 ? t("hr.staffing.shortfall") : t("hr.staffing.surplus")})`,
    },
  ];
  return (
    <>
      <h2>{t("hr.staffing.planTitle", { unit: plan.unitName, year: plan.year })}</h2>
      {notice === "created" ? <Notice>{t("hr.staffing.created")}</Notice> : null}
      {notice === "saved" ? <Notice>{t("hr.staffing.saved")}</Notice> : null}
      {notice === "scenarioAdded" ? <Notice>{t("hr.staffing.scenarioAdded")}</Notice> : null}
      {notice === "scenarioDeleted" ? <Notice>{t("hr.staffing.scenarioDeleted")}</Notice> : null}

      <section className="card" aria-labelledby="result">
        <h3 id="result">{t("hr.staffing.result")}</h3>
        <dl className="key-figures">
          <div>
            <dt>{t("hr.staffing.requiredFte")}</dt>
            <dd>{fte(r.requiredFte)}</dd>
          </div>
          <div>
            <dt>{t("hr.staffing.counsellingFte")}</dt>
            <dd>{fte(r.counsellingFte)}</dd>
          </div>
          <div>
            <dt>{t("hr.staffing.currentFte")}</dt>
            <dd>{fte(r.currentFte)}</dd>
          </div>
          <div>
            <dt>{t("hr.staffing.difference")}</dt>
            <dd className={r.difference < -0.005 ? "text-bad" : undefined}>
              {signed(r.difference)} <span className="small">({Math.abs(r.difference) < 0.005 ? t("hr.staffing.balanced") : r.difference < 0 ? t("hr.staffing.shortfall") : t("hr.staffing.surplus")})</span>
            </dd>
          </div>
        </dl>
        <h4>{t("hr.staffing.formula")}</h4>
        <ol className="formula">
          <li>{t("hr.staffing.formulaBasic", { casework: num(r.caseworkMinutes), counselling: num(r.counsellingMinutes), basic: num(r.basicMinutes) })}</li>
          <li>{t("hr.staffing.formulaAllowance", { allowance: num(plan.allowancePercent, 0), basic: num(r.basicMinutes), factor: num(r.allowanceFactor, 2), total: num(Math.round(r.totalMinutes)) })}</li>
          <li>{t("hr.staffing.formulaFteMinutes", { hours: num(plan.netHoursPerFte), minutes: num(r.minutesPerFte) })}</li>
          <li>
            <strong>{t("hr.staffing.formulaRequired", { total: num(Math.round(r.totalMinutes)), minutes: num(r.minutesPerFte), fte: fte(r.requiredFte) })}</strong>
          </li>
          <li>
            {t("hr.staffing.formulaCounselling", {
              counselling: num(r.counsellingMinutes),
              factor: num(r.allowanceFactor, 2),
              counsellingTotal: num(Math.round(r.counsellingMinutes * r.allowanceFactor)),
              minutes: num(r.minutesPerFte),
              fte: fte(r.counsellingFte),
              share: num(r.counsellingShare * 100, 1),
            })}
          </li>
          <li>{t("hr.staffing.formulaCurrent", { fte: fte(r.currentFte) })}</li>
          <li>{t("hr.staffing.formulaDifference", { current: fte(r.currentFte), required: fte(r.requiredFte), difference: signed(r.difference) })}</li>
        </ol>
        <p className="muted small">{t("hr.staffing.source", { source: plan.netHoursSource })}</p>
      </section>

      <section aria-labelledby="scenarios-h" id="scenarios">
        <h3 id="scenarios-h">{t("hr.staffing.compare")}</h3>
        <p>{t("hr.staffing.scenariosIntro")}</p>
        <Figure title={t("hr.staffing.chart")} hint={t("hr.staffing.chartHint")}>
          <StaffingChart
            label={t("hr.staffing.chart")}
            currentFte={r.currentFte}
            currentLabel={t("hr.staffing.currentFte")}
            variants={variants.map((v) => ({ name: v.name, casework: v.result.caseworkFte, counselling: v.result.counsellingFte }))}
          />
        </Figure>
        <DataTable
          label={t("hr.staffing.compare")}
          columns={[
            t("hr.staffing.figure"),
            ...variants.map((v) => ({
              label: (
                <>
                  {v.name}
                  {v.description ? <span className="block small muted">{v.description}</span> : null}
                </>
              ),
              className: "num",
            })),
          ]}
        >
          {figures.map((f) => (
            <tr key={f.label}>
              <th scope="row">{f.label}</th>
              {variants.map((v, i) => (
                <td className="num" key={i}>
                  {f.value(v.result)}
                </td>
              ))}
            </tr>
          ))}
        </DataTable>
        {result.scenarios.length === 0 ? <p className="muted">{t("hr.staffing.noScenarios")}</p> : null}
        <div className="button-row no-print">
          {result.scenarios.map((s) => (
            <ConfirmDisclosure
              key={s.scenario.id}
              id={`confirm-${s.scenario.id}`}
              asked={params.get("confirm") === s.scenario.id}
              opener={t("hr.staffing.deleteScenario", { name: s.scenario.name })}
              openerTone="quiet"
              notAsked={t("hr.staffing.confirmNeeded")}
              text={t("hr.staffing.deleteScenarioText")}
              confirmLabel={t("hr.staffing.deleteScenarioConfirm", { name: s.scenario.name })}
              intent="delete-scenario"
              fields={{ scenarioId: s.scenario.id, submissionId: ids.del[s.scenario.id] }}
            />
          ))}
        </div>
        <section className="card no-print" aria-labelledby="add-scenario">
          <h4 id="add-scenario">{t("hr.staffing.addScenario")}</h4>
          <Form method="post" {...getFormProps(scenarioForm)} className="form">
            <FormErrorSummary errors={scenarioForm.errors} show={false} />
            <input type="hidden" name="submissionId" value={ids.scenario} />
            <input type="hidden" name="intent" value="scenario" />
            <TextField meta={scenarioFields.name} label={t("hr.staffing.scenarioName")} hint={t("hr.staffing.scenarioNameHint")} />
            <TextField meta={scenarioFields.casesChangePercent} label={t("hr.staffing.casesChange")} hint={t("hr.staffing.casesChangeHint")} inputMode="decimal" />
            <TextField meta={scenarioFields.extraCounsellingMinutes} label={t("hr.staffing.extraCounselling")} inputMode="decimal" />
            <TextField meta={scenarioFields.extraCaseworkMinutes} label={t("hr.staffing.extraCasework")} inputMode="decimal" />
            <button type="submit" className="button">
              {t("hr.staffing.addScenario")}
            </button>
          </Form>
        </section>
      </section>

      <section aria-labelledby="tasks-table">
        <h3 id="tasks-table">{t("hr.staffing.tasks")}</h3>
        <DataTable
          label={t("hr.staffing.tasks")}
          columns={[
            t("hr.staffing.colTask"),
            { label: t("hr.staffing.colCases"), className: "num" },
            { label: t("hr.staffing.colCasework"), className: "num" },
            { label: t("hr.staffing.colCounselling"), className: "num" },
            { label: t("hr.staffing.colMinutes"), className: "num" },
            { label: t("hr.staffing.colFte"), className: "num" },
          ]}
        >
          {r.tasks.map((task, i) => (
            <tr key={i}>
              <th scope="row">{task.title}</th>
              <td className="num">{num(task.casesPerYear)}</td>
              <td className="num">{num(task.caseworkMinutes, task.caseworkMinutes % 1 ? 1 : 0)}</td>
              <td className="num">{num(task.counsellingMinutes, task.counsellingMinutes % 1 ? 1 : 0)}</td>
              <td className="num">{num(task.caseworkTotal + task.counsellingTotal)}</td>
              <td className="num">{fte(task.fte)}</td>
            </tr>
          ))}
        </DataTable>
      </section>

      <section className="card no-print" aria-labelledby="edit-plan">
        <h3 id="edit-plan">{t("hr.staffing.settings")}</h3>
        <Form method="post" {...getFormProps(planForm)} className="form form--wide">
          <FormErrorSummary errors={planForm.errors} show={false} />
          <input type="hidden" name="submissionId" value={ids.plan} />
          <div className="field-row">
            <TextField meta={planFields.netHoursPerFte} label={t("hr.staffing.netHours")} hint={t("hr.staffing.netHoursHint")} inputMode="decimal" />
            <TextField meta={planFields.allowancePercent} label={t("hr.staffing.allowance")} hint={t("hr.staffing.allowanceHint")} inputMode="decimal" />
          </div>
          <TextField meta={planFields.netHoursSource} label={t("hr.staffing.netHoursSource")} hint={t("hr.staffing.netHoursSourceHint")} />
          <fieldset>
            <legend>{t("hr.staffing.tasksLegend")}</legend>
            <p className="hint muted small">{t("hr.staffing.tasksHint")}</p>
            {planFields.tasks.getFieldList().map((taskField, i) => {
              const f = taskField.getFieldset();
              return (
                <div className="task-row task-row--4" key={taskField.key}>
                  <TextField meta={f.title} label={t("hr.staffing.taskTitle", { n: i + 1 })} autoComplete="off" />
                  <TextField meta={f.cases} label={t("hr.staffing.cases", { n: i + 1 })} inputMode="numeric" />
                  <TextField meta={f.casework} label={t("hr.staffing.caseworkMinutes", { n: i + 1 })} inputMode="decimal" />
                  <TextField meta={f.counselling} label={t("hr.staffing.counsellingMinutes", { n: i + 1 })} inputMode="decimal" />
                </div>
              );
            })}
          </fieldset>
          <button type="submit" className="button">
            {t("hr.staffing.save")}
          </button>
        </Form>
      </section>
    </>
  );
}
