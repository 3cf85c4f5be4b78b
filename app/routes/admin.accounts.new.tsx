// Create an account. The welcome mail with the person's set-password link enters the outbox in the
// same transaction; with a mail server (SMTP_URL) the page only says so, without one (the demo)
// it also shows the link so the admin can hand it over.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/auth/access.server";
import { audit } from "~/audit/audit.server";
import { getDb } from "~/db/client.server";
import { applyOnceWith } from "~/db/once.server";
import { listRoles } from "~/role-descriptions/roles.server";
import { listUnits, toTree } from "~/org/units.server";
import { AccountFormView } from "~/people/account-form";
import { accountSchema } from "~/people/account-schema";
import { AccountError, createAccount, createPasswordToken } from "~/people/accounts.server";
import { mailSetPasswordLink } from "~/people/account-mails.server";
import { mailConfigured } from "~/mail/service.server";
import { fieldError, invalid, parseForm } from "~/shell/forms.server";
import { pageTitle } from "~/shell/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "admin.newAccount");

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "read:administration:any");
  const db = getDb();
  const { flat } = toTree(await listUnits(db, viewer.authorityId));
  const roleDescriptions = (await listRoles(db, viewer.authorityId)).filter((r) => r.status === "active").map((r) => ({ id: r.id, title: r.title }));
  return { units: flat.map((u) => ({ id: u.id, name: u.name, depth: u.depth })), roleDescriptions, submissionId: crypto.randomUUID() };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requirePermission(request, "write:administration:any");
  const { submission } = await parseForm(request, accountSchema);
  if (submission.status !== "success") return invalid(submission.reply());
  const { submissionId, ...value } = submission.value;
  try {
    const outcome = await applyOnceWith(getDb(), submissionId, viewer.id, "/admin/accounts", async (tx) => {
      const personId = await createAccount(tx, viewer.authorityId, { ...value, unitId: value.unitId ?? null, roleDescriptionId: value.roleDescriptionId ?? null });
      const token = await createPasswordToken(tx, personId);
      await mailSetPasswordLink(tx, { authorityId: viewer.authorityId, personId, token });
      await audit(tx, { authorityId: viewer.authorityId, actorId: viewer.id, action: "account.create", subjectPersonId: personId, details: { roles: value.roles, unitId: value.unitId ?? null, roleDescriptionId: value.roleDescriptionId ?? null } });
      return { to: `/admin/accounts/${personId}`, answer: { personId, token, email: value.email } };
    });
    // A repeated submit lands on the account created by the first one.
    if (outcome.repeat) return redirect(outcome.to);
    const { answer } = outcome;
    // With a mail server the link goes only by mail: it never reaches the admin's browser.
    if (mailConfigured()) return { created: { personId: answer.personId, mailedTo: answer.email, link: null } };
    const link = new URL(`/set-password?token=${answer.token}`, request.url).toString();
    return { created: { personId: answer.personId, mailedTo: null, link } };
  } catch (error) {
    if (error instanceof AccountError) return fieldError(submission, error.field, error.messageKey);
    throw error;
  }
}

export default function NewAccount() {
  const { t } = useTranslation();
  const { units, roleDescriptions, submissionId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  if (actionData && "created" in actionData && actionData.created) {
    return (
      <section className="card">
        <h2>{t("admin.newAccount")}</h2>
        <div className="notice notice--ok" role="status">
          {actionData.created.link ? (
            <>
              <p>{t("admin.accountCreated")}</p>
              <p className="code-box">{actionData.created.link}</p>
            </>
          ) : (
            <>
              <p>{t("admin.accountCreatedMailed", { email: actionData.created.mailedTo })}</p>
              <p>
                <a href="/admin/mail">{t("admin.mailOutboxHint")}</a>
              </p>
            </>
          )}
        </div>
        <a className="button button--secondary" href={`/admin/accounts/${actionData.created.personId}`}>
          {t("admin.edit")}
        </a>
      </section>
    );
  }
  return (
    <section className="card">
      <h2>{t("admin.newAccount")}</h2>
      <AccountFormView
        submissionId={submissionId}
        units={units}
        roleDescriptions={roleDescriptions}
        lastResult={actionData && "result" in actionData ? actionData.result : undefined}
        submitLabel={t("admin.createAccount")}
      />
    </section>
  );
}
