// Per-authority switches for functions that could serve monitoring (to match the service
// agreement), report suppression and audit retention; and the change of the signing key of the
// digital credentials (asked first, audited, applied once per submitted form).
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction, SerializeFrom } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import * as z from "zod";
import { requirePermission } from "~/auth/access.server";
import { audit } from "~/audit/audit.server";
import { rotateSigningKey, signingKeyStatus } from "~/badges/credentials.server";
import { credentialsAvailable } from "~/badges/http.server";
import { getDb } from "~/db/client.server";
import { applyOnce, submissionIdField } from "~/db/once.server";
import { getSettings, saveSettings } from "~/org/settings.server";
import { FormErrorSummary, Notice, TextField } from "~/shell/forms";
import { badRequest, invalid, parseForm } from "~/shell/forms.server";
import { ConfirmDisclosure } from "~/shell/confirm-disclosure";
import { pageTitle } from "~/shell/meta";

const checkbox = z.preprocess((v) => v === "on", z.boolean());
const schema = z.object({
  leadsSeeIndividualProfiles: checkbox,
  observedAssessments: checkbox,
  perPersonReports: checkbox,
  leadApprovesRegistrations: checkbox,
  minGroupSize: z.coerce.number({ error: "settings.groupSizeRange" }).int("settings.groupSizeRange").min(2, "settings.groupSizeRange").max(50, "settings.groupSizeRange"),
  auditRetentionMonths: z.coerce.number({ error: "settings.retentionRange" }).int("settings.retentionRange").min(1, "settings.retentionRange").max(120, "settings.retentionRange"),
  leaverRetentionMonths: z.coerce.number({ error: "settings.leaverRetentionRange" }).int("settings.leaverRetentionRange").min(0, "settings.leaverRetentionRange").max(120, "settings.leaverRetentionRange"),
  retakeWaitMinutes: z.coerce.number({ error: "settings.retakeWaitRange" }).int("settings.retakeWaitRange").min(0, "settings.retakeWaitRange").max(10_080, "settings.retakeWaitRange"),
});

const switches = ["leadsSeeIndividualProfiles", "observedAssessments", "perPersonReports"] as const;

const rotateSchema = z.object({ intent: z.literal("rotateKey"), submissionId: submissionIdField, confirm: z.literal("on").optional() });
const keySection = "#signing-key";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "settings.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "read:administration:any");
  const db = getDb();
  return {
    settings: await getSettings(db, viewer.authorityId),
    signingKey: { available: credentialsAvailable(), ...(await signingKeyStatus(db, viewer.authorityId)) },
    submissionId: crypto.randomUUID(),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requirePermission(request, "write:administration:any");
  let formData: FormData;
  try {
    formData = await request.formData();
  } catch {
    throw badRequest("errors.formUnreadable");
  }
  if (formData.has("intent")) {
    const parsed = rotateSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) throw badRequest();
    // Changing the key asks first: without the tick the page shows the question open.
    if (!parsed.data.confirm) return redirect(`/admin/settings?confirm=rotateKey${keySection}`);
    const target = await applyOnce(getDb(), parsed.data.submissionId, viewer.id, `/admin/settings?key=rotated${keySection}`, async (tx) => {
      // Audited as badge.key.rotate; without a key yet (no credential issued) there is nothing to change.
      const retired = await rotateSigningKey(tx, { authorityId: viewer.authorityId, actorId: viewer.id, now: new Date() });
      return `/admin/settings?key=${retired ? "rotated" : "none"}${keySection}`;
    });
    return redirect(target);
  }
  const { submission } = await parseForm(formData, schema);
  if (submission.status !== "success") return invalid(submission.reply());
  await getDb().transaction(async (tx) => {
    await saveSettings(tx, viewer.authorityId, submission.value);
    await audit(tx, { authorityId: viewer.authorityId, actorId: viewer.id, action: "settings.update", details: submission.value });
  });
  return redirect("/admin/settings?saved=1");
}

function SigningKey({ signingKey, submissionId }: { signingKey: SerializeFrom<typeof loader>["signingKey"]; submissionId: string }) {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const date = new Intl.DateTimeFormat(i18n.language === "en" ? "en-GB" : "de-DE", { dateStyle: "long", timeStyle: "short", timeZone: "Europe/Berlin" });
  const asked = params.get("confirm") === "rotateKey";
  return (
    <section className="card" aria-labelledby="signing-key-title" id="signing-key">
      <h3 id="signing-key-title">{t("badges.keys.title")}</h3>
      {params.get("key") === "rotated" ? <Notice>{t("badges.keys.rotated")}</Notice> : null}
      {params.get("key") === "none" ? <Notice tone="info">{t("badges.keys.none")}</Notice> : null}
      <p>{t("badges.keys.intro")}</p>
      {!signingKey.available ? <p className="muted">{t("badges.keys.unavailable")}</p> : null}
      {signingKey.activeSince ? (
        <p>{t("badges.keys.activeSince", { date: date.format(new Date(signingKey.activeSince)) })}</p>
      ) : (
        <p className="muted">{t("badges.keys.none")}</p>
      )}
      {signingKey.retired ? <p>{t("badges.keys.retired", { count: signingKey.retired })}</p> : null}
      {signingKey.activeSince ? (
        <ConfirmDisclosure
          asked={asked}
          opener={t("badges.keys.rotate")}
          notAsked={t("badges.keys.confirmNeeded")}
          text={t("badges.keys.confirmText")}
          confirmLabel={t("badges.keys.confirm")}
          intent="rotateKey"
          fields={{ submissionId }}
        />
      ) : null}
    </section>
  );
}

export default function AdminSettings() {
  const { t } = useTranslation();
  const { settings, signingKey, submissionId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    defaultValue: { minGroupSize: String(settings.minGroupSize), auditRetentionMonths: String(settings.auditRetentionMonths), leaverRetentionMonths: String(settings.leaverRetentionMonths), retakeWaitMinutes: String(settings.retakeWaitMinutes) },
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
          <legend>{t("settings.eventsTitle")}</legend>
          <label className="checkbox">
            <input type="checkbox" name="leadApprovesRegistrations" defaultChecked={settings.leadApprovesRegistrations} />
            <span>{t("settings.leadApprovesRegistrations")}</span>
          </label>
        </fieldset>
        <fieldset>
          <legend>{t("settings.reportsTitle")}</legend>
          <TextField meta={fields.minGroupSize} label={t("settings.minGroupSize")} hint={t("settings.minGroupSizeHint")} type="number" min="2" max="50" />
          <TextField meta={fields.auditRetentionMonths} label={t("settings.auditRetentionMonths")} type="number" min="1" max="120" />
          <TextField meta={fields.leaverRetentionMonths} label={t("settings.leaverRetentionMonths")} hint={t("settings.leaverRetentionHint")} type="number" min="0" max="120" />
        </fieldset>
        <fieldset>
          <legend>{t("settings.quizTitle")}</legend>
          <TextField meta={fields.retakeWaitMinutes} label={t("settings.retakeWaitMinutes")} hint={t("settings.retakeWaitHint")} type="number" min="0" max="10080" />
        </fieldset>
        <button type="submit" className="button">
          {t("common.save")}
        </button>
      </Form>
      <SigningKey signingKey={signingKey} submissionId={submissionId} />
    </>
  );
}
