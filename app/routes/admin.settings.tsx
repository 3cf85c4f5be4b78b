// Per-authority switches for functions that could serve monitoring (to match the service
// agreement), report suppression and audit retention; the change of the signing key of the
// digital credentials (asked first, audited, applied once per submitted form); and the xAPI
// statements that failed to reach the learning record store, each with "erneut senden".
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
import { getEnv } from "~/env.server";
import { getSettings, saveSettings } from "~/org/settings.server";
import { retryStatement, xapiQueueStatus } from "~/xapi/failed.server";
import { defaultXapiOptions } from "~/xapi/worker.server";
import { FormErrorSummary, Notice, TextField } from "~/shell/forms";
import { DataTable } from "~/shell/data-table";
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

const intentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("rotateKey"), submissionId: submissionIdField, confirm: z.literal("on").optional() }),
  z.object({ intent: z.literal("retryXapi"), submissionId: submissionIdField, statementId: z.uuid() }),
]);
const keySection = "#signing-key";
const xapiSection = "#xapi";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "settings.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "read:administration:any");
  const db = getDb();
  return {
    settings: await getSettings(db, viewer.authorityId),
    signingKey: { available: credentialsAvailable(), ...(await signingKeyStatus(db, viewer.authorityId)) },
    xapi: { configured: !!getEnv().XAPI_ENDPOINT, maxTries: defaultXapiOptions.maxTries, ...(await xapiQueueStatus(db, viewer.authorityId)) },
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
    const parsed = intentSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) throw badRequest();
    if (parsed.data.intent === "retryXapi") {
      const { statementId } = parsed.data;
      const target = await applyOnce(getDb(), parsed.data.submissionId, viewer.id, `/admin/settings?xapi=retried${xapiSection}`, async (tx) => {
        const retried = await retryStatement(tx, { authorityId: viewer.authorityId, actorId: viewer.id, statementId, now: new Date() });
        return `/admin/settings?xapi=${retried ? "retried" : "unchanged"}${xapiSection}`;
      });
      return redirect(target);
    }
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

function XapiQueue({ xapi, submissionId }: { xapi: SerializeFrom<typeof loader>["xapi"]; submissionId: string }) {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const lang = i18n.language;
  const date = new Intl.DateTimeFormat(lang === "en" ? "en-GB" : "de-DE", { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/Berlin" });
  const outcome = params.get("xapi");
  const statementText = (s: (typeof xapi.list)[number]) => {
    const verb = (lang === "en" ? s.verb["en-US"] : s.verb["de-DE"]) ?? "";
    return s.object === null ? t("badges.xapiQueue.voiding", { verb }) : t("badges.xapiQueue.statementText", { verb, object: s.object });
  };
  return (
    <section className="card" aria-labelledby="xapi-title" id="xapi">
      <h3 id="xapi-title">{t("badges.xapiQueue.title")}</h3>
      {outcome === "retried" ? <Notice>{t("badges.xapiQueue.retried")}</Notice> : null}
      {outcome === "unchanged" ? <Notice tone="info">{t("badges.xapiQueue.unchanged")}</Notice> : null}
      <p>{t("badges.xapiQueue.intro", { max: xapi.maxTries })}</p>
      <p className={xapi.configured ? undefined : "muted"}>{xapi.configured ? t("badges.xapiQueue.configured") : t("badges.xapiQueue.notConfigured")}</p>
      {xapi.pending ? <p>{t("badges.xapiQueue.pending", { count: xapi.pending })}</p> : null}
      {xapi.failed === 0 ? (
        <p>{t("badges.xapiQueue.noneFailed")}</p>
      ) : (
        <>
          {xapi.failed > xapi.list.length ? <p>{t("badges.xapiQueue.more", { shown: xapi.list.length })}</p> : null}
          <DataTable
            label={t("badges.xapiQueue.caption", { count: xapi.failed })}
            caption={<caption>{t("badges.xapiQueue.caption", { count: xapi.failed })}</caption>}
            columns={[
              t("badges.xapiQueue.statement"),
              t("badges.xapiQueue.person"),
              t("badges.xapiQueue.created"),
              t("badges.xapiQueue.tries"),
              t("badges.xapiQueue.lastError"),
              t("badges.xapiQueue.action"),
            ]}
          >
            {xapi.list.map((s) => (
              <tr key={s.id}>
                <th scope="row">{statementText(s)}</th>
                <td>{s.person}</td>
                <td>
                  <time dateTime={s.createdAt}>{date.format(new Date(s.createdAt))}</time>
                </td>
                <td>{s.tries}</td>
                <td className="small">{s.lastError ?? ""}</td>
                <td>
                  <Form method="post">
                    <input type="hidden" name="submissionId" value={submissionId} />
                    <input type="hidden" name="statementId" value={s.id} />
                    <button type="submit" name="intent" value="retryXapi" className="button button--secondary" aria-label={t("badges.xapiQueue.retryLabel", { person: s.person, statement: statementText(s) })}>
                      {t("badges.xapiQueue.retry")}
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </DataTable>
        </>
      )}
    </section>
  );
}

export default function AdminSettings() {
  const { t } = useTranslation();
  const { settings, signingKey, xapi, submissionId } = useLoaderData<typeof loader>();
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
      <XapiQueue xapi={xapi} submissionId={submissionId} />
    </>
  );
}
