// Create an account; the admin gets a one-time link for the person to set a password.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireRole } from "~/auth/access.server";
import { audit } from "~/audit/audit.server";
import { getDb } from "~/db/client.server";
import { claimSubmission, recordSubmissionResult, submissionResult } from "~/db/once.server";
import { listUnits, toTree } from "~/org/units.server";
import { AccountFormView } from "~/people/account-form";
import { accountSchema } from "~/people/account-schema";
import { AccountError, createAccount, createPasswordToken } from "~/people/accounts.server";
import { fieldError, invalid, parseForm } from "~/shell/forms.server";
import { pageTitle } from "~/shell/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "admin.newAccount");

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, "admin");
  const { flat } = toTree(await listUnits(getDb(), viewer.authorityId));
  return { units: flat.map((u) => ({ id: u.id, name: u.name, depth: u.depth })), submissionId: crypto.randomUUID() };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireRole(request, "admin");
  const { submission } = await parseForm(request, accountSchema);
  if (submission.status !== "success") return invalid(submission.reply());
  const { submissionId, ...value } = submission.value;
  try {
    const outcome = await getDb().transaction(async (tx) => {
      if (!(await claimSubmission(tx, submissionId, viewer.id))) return { repeat: await submissionResult(tx, submissionId) };
      const personId = await createAccount(tx, viewer.authorityId, { ...value, unitId: value.unitId ?? null });
      const token = await createPasswordToken(tx, personId);
      await recordSubmissionResult(tx, submissionId, `/admin/accounts/${personId}`);
      await audit(tx, { authorityId: viewer.authorityId, actorId: viewer.id, action: "account.create", subjectPersonId: personId, details: { roles: value.roles } });
      return { personId, token };
    });
    // A repeated submit lands on the account created by the first one.
    if ("repeat" in outcome) return redirect(outcome.repeat ?? "/admin/accounts");
    const link = new URL(`/set-password?token=${outcome.token}`, request.url).toString();
    return { created: { personId: outcome.personId, link } };
  } catch (error) {
    if (error instanceof AccountError) return fieldError(submission, error.field, error.messageKey);
    throw error;
  }
}

export default function NewAccount() {
  const { t } = useTranslation();
  const { units, submissionId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  if (actionData && "created" in actionData && actionData.created) {
    return (
      <section className="card">
        <h2>{t("admin.newAccount")}</h2>
        <div className="notice notice--ok" role="status">
          <p>{t("admin.accountCreated")}</p>
          <p className="code-box">{actionData.created.link}</p>
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
        lastResult={actionData && "result" in actionData ? actionData.result : undefined}
        submitLabel={t("admin.createAccount")}
      />
    </section>
  );
}
