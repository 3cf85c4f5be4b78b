// Directory sign-in (OpenID Connect) of the admin's authority: provider, claims, group → role
// mapping, create-on-first-sign-in and switching password sign-in off.
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/auth/access.server";
import { findProvider, issuerAllowed, redirectUri } from "~/auth/oidc.server";
import { canStoreSecrets } from "~/auth/secrets.server";
import { getProviderSettings, removeProviderSettings, saveProviderSettings } from "~/auth/sso-admin.server";
import { publicOrigin } from "~/auth/sso-cookie.server";
import { formatGroupRoles, parseGroupRoles, ssoSettingsSchema as schema } from "~/auth/sso-settings";
import { audit } from "~/audit/audit.server";
import { getDb } from "~/db/client.server";
import { FormErrorSummary, Notice, TextAreaField, TextField } from "~/shell/forms";
import { fieldError, invalid, parseForm } from "~/shell/forms.server";
import { pageTitle } from "~/shell/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "sso.admin.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "read:administration:any");
  const db = getDb();
  const settings = await getProviderSettings(db, viewer.authorityId);
  const active = await findProvider(db, viewer.authorityId);
  return {
    settings: settings && { ...settings, groupRoles: formatGroupRoles(settings.groupRoles) },
    fromEnv: active?.source === "env",
    canStoreSecrets: canStoreSecrets(),
    redirectUri: redirectUri(publicOrigin(request)),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requirePermission(request, "write:administration:any");
  const { submission } = await parseForm(request, schema);
  if (submission.status !== "success") return invalid(submission.reply({ hideFields: ["clientSecret"] }));
  const db = getDb();
  const value = submission.value;
  if (value.intent === "remove") {
    await db.transaction(async (tx) => {
      await removeProviderSettings(tx, viewer.authorityId);
      await audit(tx, { authorityId: viewer.authorityId, actorId: viewer.id, action: "sso.settings.remove" });
    });
    return redirect("/admin/sso?removed=1");
  }
  if (!issuerAllowed(value.issuer)) return fieldError(submission, "issuer", "sso.admin.errors.issuer");
  const stored = await getProviderSettings(db, viewer.authorityId);
  if (!value.clientSecret && !stored) return fieldError(submission, "clientSecret", "sso.admin.errors.clientSecret");
  if (value.clientSecret && !canStoreSecrets()) return fieldError(submission, "form", "sso.admin.noKey");
  const groupRoles = parseGroupRoles(value.groupRoles);
  if (!groupRoles.ok) return fieldError(submission, "groupRoles", `sso.admin.errors.groupRoles|${JSON.stringify({ line: groupRoles.line })}`);
  await db.transaction(async (tx) => {
    await saveProviderSettings(tx, viewer.authorityId, { ...value, groupRoles: groupRoles.value });
    const { clientSecret, ...details } = value;
    await audit(tx, {
      authorityId: viewer.authorityId,
      actorId: viewer.id,
      action: "sso.settings.update",
      details: { ...details, groupRoles: groupRoles.value, clientSecretChanged: clientSecret !== "" },
    });
  });
  return redirect("/admin/sso?saved=1");
}

export default function AdminSso() {
  const { t } = useTranslation();
  const { settings, fromEnv, canStoreSecrets, redirectUri } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    defaultValue: {
      issuer: settings?.issuer ?? "",
      clientId: settings?.clientId ?? "",
      emailClaim: settings?.emailClaim ?? "email",
      groupClaim: settings?.groupClaim ?? "",
      groupRoles: settings?.groupRoles ?? "",
    },
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  return (
    <>
      <h2>{t("sso.admin.title")}</h2>
      <p>{t("sso.admin.intro", { redirectUri })}</p>
      {params.get("saved") ? <Notice>{t("sso.admin.saved")}</Notice> : null}
      {params.get("removed") ? <Notice>{t("sso.admin.removed")}</Notice> : null}
      {fromEnv ? <Notice tone="info">{t("sso.admin.envNote")}</Notice> : null}
      {!canStoreSecrets ? <Notice tone="warn">{t("sso.admin.noKey")}</Notice> : null}
      <FormErrorSummary errors={form.errors} show={false} />
      <Form method="post" {...getFormProps(form)} className="form card">
        <input type="hidden" name="intent" value="save" />
        <TextField meta={fields.issuer} label={t("sso.admin.issuer")} hint={t("sso.admin.issuerHint")} inputMode="text" />
        <TextField meta={fields.clientId} label={t("sso.admin.clientId")} />
        <TextField meta={fields.clientSecret} label={t("sso.admin.clientSecret")} hint={t("sso.admin.clientSecretHint")} type="password" autoComplete="off" />
        <TextField meta={fields.emailClaim} label={t("sso.admin.emailClaim")} />
        <TextField meta={fields.groupClaim} label={t("sso.admin.groupClaim")} />
        <TextAreaField meta={fields.groupRoles} label={t("sso.admin.groupRoles")} hint={t("sso.admin.groupRolesHint")} />
        <label className="checkbox">
          <input type="checkbox" name="createOnFirstSignIn" defaultChecked={settings?.createOnFirstSignIn ?? false} />
          <span>{t("sso.admin.createOnFirstSignIn")}</span>
        </label>
        <label className="checkbox">
          <input type="checkbox" name="passwordSignInOff" defaultChecked={settings?.passwordSignInOff ?? false} />
          <span>{t("sso.admin.passwordSignInOff")}</span>
        </label>
        <button type="submit" className="button">
          {t("common.save")}
        </button>
      </Form>
      {settings ? (
        <Form method="post" className="form">
          <input type="hidden" name="intent" value="remove" />
          <button type="submit" className="button button--secondary">
            {t("sso.admin.remove")}
          </button>
        </Form>
      ) : null}
    </>
  );
}
