// Staffing plans (Stellenbemessung) of the authority, and creating one for a unit and year.
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/auth/access.server";
import { audit } from "~/audit/audit.server";
import { getDb } from "~/db/client.server";
import { applyOnce } from "~/db/once.server";
import { listUnits, toTree } from "~/org/units.server";
import { FormErrorSummary, SelectField, TextField } from "~/shell/forms";
import { fieldError, invalid, parseForm } from "~/shell/forms.server";
import { pageTitle } from "~/shell/meta";
import { newPlanSchema } from "~/staffing/plan-schema";
import { createPlan, listPlans, PlanError } from "~/staffing/plans.server";
import { DataTable } from "~/shell/data-table";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "hr.staffing.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "read:report:any");
  const db = getDb();
  const { flat } = toTree(await listUnits(db, viewer.authorityId));
  return {
    plans: await listPlans(db, viewer.authorityId),
    units: flat.map((u) => ({ id: u.id, name: u.name, depth: u.depth })),
    year: new Date().getFullYear(),
    submissionId: crypto.randomUUID(),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requirePermission(request, "write:report:any");
  const { submission } = await parseForm(request, newPlanSchema);
  if (submission.status !== "success") return invalid(submission.reply());
  const { submissionId, ...input } = submission.value;
  const db = getDb();
  try {
    const target = await applyOnce(db, submissionId, viewer.id, "/hr/staffing", async (tx) => {
      const id = await createPlan(tx, viewer.authorityId, input);
      await audit(tx, { authorityId: viewer.authorityId, actorId: viewer.id, action: "staffing.create", details: { planId: id, unitId: input.unitId, year: input.year } });
      return `/hr/staffing/${id}?notice=created`;
    });
    return redirect(target);
  } catch (error) {
    if (error instanceof PlanError) return fieldError(submission, error.field, error.messageKey);
    throw error;
  }
}

export default function StaffingIndex() {
  const { t, i18n } = useTranslation();
  const { plans, units, year, submissionId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    defaultValue: { year: String(year), netHoursPerFte: (1560).toLocaleString(i18n.language), allowancePercent: "10", netHoursSource: "" },
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: newPlanSchema }),
  });
  return (
    <>
      <h2>{t("hr.staffing.title")}</h2>
      <p>{t("hr.staffing.intro")}</p>
      <h3>{t("hr.staffing.plans")}</h3>
      {plans.length === 0 ? (
        <p>{t("hr.staffing.empty")}</p>
      ) : (
        <DataTable
          label={t("hr.staffing.plans")}
          columns={[
            t("hr.staffing.unit"),
            t("hr.staffing.year"),
            { label: t("hr.staffing.tasks"), className: "num" },
            { label: t("hr.staffing.scenarios"), className: "num" },
          ]}
        >
          {plans.map((p) => (
            <tr key={p.id}>
              <th scope="row">
                <Link to={`/hr/staffing/${p.id}`}>{t("hr.staffing.planTitle", { unit: p.unitName, year: p.year })}</Link>
              </th>
              <td>{p.year}</td>
              <td className="num">{p.tasks}</td>
              <td className="num">{p.scenarios}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <section className="card no-print" aria-labelledby="new-plan">
        <h3 id="new-plan">{t("hr.staffing.newPlan")}</h3>
        <Form method="post" {...getFormProps(form)} className="form">
          <FormErrorSummary errors={form.errors} show={false} />
          <input type="hidden" name="submissionId" value={submissionId} />
          <SelectField meta={fields.unitId} label={t("hr.staffing.unit")} options={units.map((u) => ({ value: u.id, label: `${"— ".repeat(u.depth)}${u.name}` }))} />
          <TextField meta={fields.year} label={t("hr.staffing.year")} type="number" min="2000" max="2100" />
          <TextField meta={fields.netHoursPerFte} label={t("hr.staffing.netHours")} hint={t("hr.staffing.netHoursHint")} inputMode="decimal" />
          <TextField meta={fields.netHoursSource} label={t("hr.staffing.netHoursSource")} hint={t("hr.staffing.netHoursSourceHint")} />
          <TextField meta={fields.allowancePercent} label={t("hr.staffing.allowance")} hint={t("hr.staffing.allowanceHint")} inputMode="decimal" />
          <button type="submit" className="button">
            {t("common.create")}
          </button>
        </Form>
      </section>
    </>
  );
}
