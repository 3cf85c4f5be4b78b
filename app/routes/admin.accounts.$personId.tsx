// Edit an account: details, roles and led units; deactivate or reactivate; new password link.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import * as z from "zod";
import { notFound, requirePermission } from "~/auth/access.server";
import { ownGrantsRefused } from "~/auth/roles";
import { audit } from "~/audit/audit.server";
import { getDb } from "~/db/client.server";
import { applyOnce } from "~/db/once.server";
import { listUnits, toTree } from "~/org/units.server";
import { AccountFormView } from "~/people/account-form";
import { accountSchema } from "~/people/account-schema";
import { AccountError, createPasswordToken, getAccount, setActive, updateAccount } from "~/people/accounts.server";
import { mailSetPasswordLink } from "~/people/account-mails.server";
import { mailConfigured } from "~/mail/service.server";
import { Notice } from "~/shell/forms";
import { fieldError, invalid, parseForm } from "~/shell/forms.server";
import { pageTitle } from "~/shell/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "admin.accountsTitle");

const personIdParam = z.uuid();
const statusSchema = z.object({ intent: z.enum(["deactivate", "reactivate", "link"]) });

async function loadAccount(request: Request, rawId: string | undefined) {
  const viewer = await requirePermission(request, "read:administration:any");
  const id = personIdParam.safeParse(rawId);
  if (!id.success) throw notFound();
  const account = await getAccount(getDb(), viewer.authorityId, id.data);
  if (!account) throw notFound();
  return { viewer, account };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, account } = await loadAccount(request, params.personId);
  const { flat } = toTree(await listUnits(getDb(), viewer.authorityId));
  return {
    account,
    isSelf: account.id === viewer.id,
    units: flat.map((u) => ({ id: u.id, name: u.name, depth: u.depth })),
    submissionId: crypto.randomUUID(),
    smtp: mailConfigured(),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { viewer, account } = await loadAccount(request, params.personId);
  const db = getDb();
  // One read of the body: the status buttons need only their intent, the edit form its schema.
  const { formData, submission } = await parseForm(request, accountSchema);
  const intent = formData.get("intent");
  if (intent === "deactivate" || intent === "reactivate" || intent === "link") {
    statusSchema.parse({ intent });
    if (intent === "link") {
      // An account an admin deactivated gets no link: it must be reactivated first.
      if (account.deactivated) return { formError: "admin.linkDeactivated" };
      const mailed = mailConfigured();
      const token = await db.transaction(async (tx) => {
        const created = await createPasswordToken(tx, account.id);
        // The link goes out by mail (with SMTP only by mail; without, the outbox keeps it for /admin/mail).
        await mailSetPasswordLink(tx, { authorityId: viewer.authorityId, personId: account.id, token: created });
        await audit(tx, { authorityId: viewer.authorityId, actorId: viewer.id, action: "account.password-link", subjectPersonId: account.id });
        return created;
      });
      if (mailed) return { mailedTo: account.email };
      return { link: new URL(`/set-password?token=${token}`, request.url).toString() };
    }
    if (intent === "deactivate" && account.id === viewer.id) return { formError: "admin.cannotDeactivateSelf" };
    await db.transaction(async (tx) => {
      await setActive(tx, viewer.authorityId, account.id, intent === "reactivate");
      await audit(tx, { authorityId: viewer.authorityId, actorId: viewer.id, action: `account.${intent}`, subjectPersonId: account.id });
    });
    return redirect(`/admin/accounts/${account.id}?notice=${intent}d`);
  }
  if (submission.status !== "success") return invalid(submission.reply());
  const { submissionId, ...value } = submission.value;
  if (account.id === viewer.id && !value.roles.includes("admin")) return fieldError(submission, "roles", "admin.cannotRemoveOwnAdmin");
  // Administration is no reason to read profiles (docs/security.md, T32): an admin cannot give
  // themselves another role or a unit to lead; another admin has to.
  if (account.id === viewer.id) {
    const refused = ownGrantsRefused(account, { roles: value.roles, ledUnitIds: value.ledUnitIds });
    if (refused.roles.length || refused.ledUnitIds.length) return fieldError(submission, "roles", "admin.cannotGrantOwnRoles");
  }
  try {
    const saved = `/admin/accounts/${account.id}?notice=saved`;
    return redirect(
      await applyOnce(db, submissionId, viewer.id, saved, async (tx) => {
        await updateAccount(tx, viewer.authorityId, account.id, { ...value, unitId: value.unitId ?? null });
        await audit(tx, { authorityId: viewer.authorityId, actorId: viewer.id, action: "account.update", subjectPersonId: account.id, details: { roles: value.roles } });
        return saved;
      }),
    );
  } catch (error) {
    if (error instanceof AccountError) return fieldError(submission, error.field, error.messageKey);
    throw error;
  }
}

export default function EditAccount() {
  const { t } = useTranslation();
  const { account, isSelf, units, submissionId, smtp } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const notice = params.get("notice");
  const name = `${account.givenName} ${account.familyName}`;
  return (
    <>
      <h2>{t("admin.editAccount", { name })}</h2>
      {notice === "saved" ? <Notice>{t("admin.accountSaved")}</Notice> : null}
      {notice === "deactivated" ? <Notice>{t("admin.deactivated")}</Notice> : null}
      {notice === "reactivated" ? <Notice>{t("admin.reactivated")}</Notice> : null}
      {actionData && "formError" in actionData ? (
        <div className="notice notice--error" role="alert">
          <p>{t(actionData.formError as "admin.cannotDeactivateSelf")}</p>
        </div>
      ) : null}
      {actionData && "mailedTo" in actionData ? (
        <div className="notice notice--ok" role="status">
          <p>{t("admin.passwordLinkMailed", { email: actionData.mailedTo })}</p>
          <p>
            <a href="/admin/mail">{t("admin.mailOutboxHint")}</a>
          </p>
        </div>
      ) : null}
      {actionData && "link" in actionData ? (
        <div className="notice notice--ok" role="status">
          <p>{t("admin.passwordLinkCreated")}</p>
          <p className="code-box">{actionData.link}</p>
        </div>
      ) : null}
      <p>
        {account.active ? (
          <span className="badge badge--ok">{t("admin.active")}</span>
        ) : account.deactivated ? (
          <span className="badge badge--muted">{t("admin.inactive")}</span>
        ) : (
          <span className="badge badge--warn">{t("admin.notOnboarded")}</span>
        )}{" "}
        {!account.hasPassword ? <span className="badge badge--warn">{t("admin.noPasswordYet")}</span> : null}
      </p>
      <section className="card">
        <AccountFormView
          submissionId={submissionId}
          units={units}
          defaults={account}
          lastResult={actionData && "result" in actionData ? actionData.result : undefined}
          submitLabel={t("common.save")}
        />
      </section>
      <div className="button-row">
        {!account.deactivated ? (
          <Form method="post">
            <input type="hidden" name="intent" value="link" />
            <button type="submit" className="button button--secondary">
              {smtp ? t("admin.passwordLinkMail") : t("admin.passwordLink")}
            </button>
          </Form>
        ) : null}
        {!isSelf ? (
          <Form method="post">
            {/* An account not yet set up can be deactivated too: that ends its set-password links. */}
            <input type="hidden" name="intent" value={account.active || !account.deactivated ? "deactivate" : "reactivate"} />
            <button type="submit" className={account.active || !account.deactivated ? "button button--danger" : "button button--secondary"}>
              {account.active || !account.deactivated ? t("admin.deactivate") : t("admin.reactivate")}
            </button>
          </Form>
        ) : null}
      </div>
    </>
  );
}
