// Per-authority switches for functions that could serve monitoring (to match the service
// agreement), report suppression and audit retention.
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireRole } from "~/auth/access.server";
import { audit } from "~/audit/audit.server";
import { getDb } from "~/db/client.server";
import { getSettings, saveSettings } from "~/org/settings.server";
import { FormErrorSummary, Notice, TextField } from "~/shell/forms";
import { invalid, parseForm } from "~/shell/forms.server";
import { pageTitle } from "~/shell/meta";

const checkbox = z.preprocess((v) => v === "on", z.boolean());
const schema = z.object({
  leadsSeeIndividualProfiles: checkbox,
  observedAssessments: checkbox,
  perPersonReports: checkbox,
  minGroupSize: z.coerce.number({ error: "settings.groupSizeRange" }).int("settings.groupSizeRange").min(2, "settings.groupSizeRange").max(50, "settings.groupSizeRange"),
  auditRetentionMonths: z.coerce.number({ error: "settings.retentionRange" }).int("settings.retentionRange").min(1, "settings.retentionRange").max(120, "settings.retentionRange"),
});

const switches = ["leadsSeeIndividualProfiles", "observedAssessments", "perPersonReports"] as const;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "settings.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, "admin");
  return { settings: await getSettings(getDb(), viewer.authorityId) };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireRole(request, "admin");
  const { submission } = await parseForm(request, schema);
  if (submission.status !== "success") return invalid(submission.reply());
  await getDb().transaction(async (tx) => {
    await saveSettings(tx, viewer.authorityId, submission.value);
    await audit(tx, { authorityId: viewer.authorityId, actorId: viewer.id, action: "settings.update", details: submission.value });
  });
  return redirect("/admin/settings?saved=1");
}

export default function AdminSettings() {
  const { t } = useTranslation();
  const { settings } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    defaultValue: { minGroupSize: String(settings.minGroupSize), auditRetentionMonths: String(settings.auditRetentionMonths) },
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  return (
    <>
      <h2>{t("settings.title")}</h2>
      <p>{t("settings.intro")}</p>
      {params.get("saved") ? <Notice>{t("settings.saved")}</Notice> : null}
      <FormErrorSummary errors={form.errors} show={false} />
      <Form method="post" {...getFormProps(form)} className="form card">
        <fieldset>
          <legend>{t("settings.monitoringTitle")}</legend>
          {switches.map((name) => (
            <label className="checkbox" key={name}>
              <input type="checkbox" name={name} defaultChecked={settings[name]} />
              <span>{t(`settings.${name}`)}</span>
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t("settings.reportsTitle")}</legend>
          <TextField meta={fields.minGroupSize} label={t("settings.minGroupSize")} hint={t("settings.minGroupSizeHint")} type="number" min="2" max="50" />
          <TextField meta={fields.auditRetentionMonths} label={t("settings.auditRetentionMonths")} type="number" min="1" max="120" />
        </fieldset>
        <button type="submit" className="button">
          {t("common.save")}
        </button>
      </Form>
    </>
  );
}
