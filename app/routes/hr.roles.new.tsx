// Create a role description (version 1).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/auth/access.server";
import { audit } from "~/audit/audit.server";
import { getDb } from "~/db/client.server";
import { applyOnce } from "~/db/once.server";
import { RoleForm } from "~/role-descriptions/role-form";
import { roleSchema } from "~/role-descriptions/role-schema";
import { createRole, RoleError } from "~/role-descriptions/roles.server";
import { fieldError, invalid, parseForm } from "~/shell/forms.server";
import { pageTitle } from "~/shell/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "hr.roles.new");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "read:report:any");
  return { submissionId: crypto.randomUUID() };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requirePermission(request, "write:report:any");
  const { submission } = await parseForm(request, roleSchema);
  if (submission.status !== "success") return invalid(submission.reply());
  const { submissionId, intent: _i, ...input } = submission.value;
  const db = getDb();
  try {
    const target = await applyOnce(db, submissionId, viewer.id, "/hr/roles", async (tx) => {
      const id = await createRole(tx, viewer.authorityId, viewer.id, input);
      await audit(tx, { authorityId: viewer.authorityId, actorId: viewer.id, action: "role.create", details: { roleDescriptionId: id, title: input.title } });
      return `/hr/roles/${id}?notice=created`;
    });
    return redirect(target);
  } catch (error) {
    if (error instanceof RoleError) return fieldError(submission, error.field, error.messageKey);
    throw error;
  }
}

export default function NewRole() {
  const { t } = useTranslation();
  const { submissionId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <h2>{t("hr.roles.new")}</h2>
      <RoleForm submissionId={submissionId} lastResult={actionData?.result} submitLabel={t("hr.roles.form.create")} />
    </>
  );
}
