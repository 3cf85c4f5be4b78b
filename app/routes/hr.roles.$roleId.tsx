// One role description: edit (a new version per change), copy, retire, and its version history.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import * as z from "zod";
import { notFound, requirePermission } from "~/auth/access.server";
import { audit } from "~/audit/audit.server";
import { allCompetences, competenceById } from "~/competences/framework";
import { getDb } from "~/db/client.server";
import { applyOnce, submissionIdField } from "~/db/once.server";
import type { RoleChange } from "~/role-descriptions/role-description";
import { RoleForm } from "~/role-descriptions/role-form";
import { roleSchema } from "~/role-descriptions/role-schema";
import { copyRole, getRoleHistory, getRoleSnapshot, RoleError, setRoleStatus, updateRole } from "~/role-descriptions/roles.server";
import { translator } from "~/i18n/i18n";
import { resolveLocale } from "~/i18n/locale.server";
import { Notice } from "~/shell/forms";
import { fieldError, invalid, parseForm, readFormData, badRequest } from "~/shell/forms.server";
import { ConfirmDisclosure } from "~/shell/confirm-disclosure";
import { pageTitle } from "~/shell/meta";
import { DataTable } from "~/shell/data-table";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "hr.roles.title");

const roleIdParam = z.uuid();
/** The page's forms, told apart by their intent: the role's own form (none), copy, retire (asks first), reactivate. */
const rolePageSchema = z.discriminatedUnion("intent", [
  roleSchema,
  z.object({ intent: z.enum(["copy", "reactivate"]), submissionId: submissionIdField }),
  z.object({ intent: z.literal("retire"), submissionId: submissionIdField, confirm: z.string().optional() }),
]);

async function load(request: Request, rawId: string | undefined) {
  const viewer = await requirePermission(request, "read:report:any");
  const id = roleIdParam.safeParse(rawId);
  if (!id.success) throw notFound();
  const role = await getRoleSnapshot(getDb(), viewer.authorityId, id.data);
  if (!role) throw notFound();
  return { viewer, role };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, role } = await load(request, params.roleId);
  return {
    role,
    history: await getRoleHistory(getDb(), viewer.authorityId, role.id),
    submissionId: crypto.randomUUID(),
    intentSubmissionId: crypto.randomUUID(),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { viewer, role } = await load(request, params.roleId);
  const db = getDb();
  const formData = await readFormData(request);
  const { submission } = await parseForm(formData, rolePageSchema);
  // The buttons send only hidden fields: anything wrong with them is a bad request, not a field error.
  const button = formData.has("intent");
  if (submission.status !== "success") {
    if (button) throw badRequest();
    return invalid(submission.reply());
  }
  const form = submission.value;
  if (form.intent === undefined) {
    if (button) throw badRequest();
    const { submissionId, intent: _i, ...input } = form;
    try {
      const target = await applyOnce(db, submissionId, viewer.id, `/hr/roles/${role.id}`, async (tx) => {
        const changes = await updateRole(tx, viewer.authorityId, viewer.id, role.id, input);
        if (changes.length) await audit(tx, { authorityId: viewer.authorityId, actorId: viewer.id, action: "role.update", details: { roleDescriptionId: role.id, title: input.title, version: role.version + 1, changes: changes.length } });
        return changes.length ? `/hr/roles/${role.id}?notice=saved` : `/hr/roles/${role.id}?notice=unchanged`;
      });
      return redirect(target);
    } catch (error) {
      if (error instanceof RoleError) return fieldError(submission, error.field, error.messageKey);
      throw error;
    }
  }
  const { intent, submissionId } = form;
  // Putting a role out of force asks first: without the tick the page shows the question open.
  if (form.intent === "retire" && form.confirm !== "on") return redirect(`/hr/roles/${role.id}?confirm=retire#confirm-retire`);
  const locale = await resolveLocale(request, viewer.locale);
  const target = await applyOnce(db, submissionId, viewer.id, `/hr/roles/${role.id}`, async (tx) => {
    if (intent === "copy") {
      const id = await copyRole(tx, viewer.authorityId, viewer.id, role.id, translator(locale)("hr.roles.copySuffix"));
      await audit(tx, { authorityId: viewer.authorityId, actorId: viewer.id, action: "role.copy", details: { roleDescriptionId: id, from: role.id } });
      return `/hr/roles/${id}?notice=copied`;
    }
    await setRoleStatus(tx, viewer.authorityId, viewer.id, role.id, intent === "retire" ? "retired" : "active");
    await audit(tx, { authorityId: viewer.authorityId, actorId: viewer.id, action: `role.${intent}`, details: { roleDescriptionId: role.id, title: role.title } });
    return `/hr/roles/${role.id}?notice=${intent === "retire" ? "retired" : "reactivated"}`;
  });
  return redirect(target);
}

function ChangeText({ change }: { change: RoleChange }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === "en" ? "en" : "de";
  switch (change.kind) {
    case "created":
      return <>{t("hr.roles.change.created")}</>;
    case "copied":
      return <>{t("hr.roles.change.copied", { from: change.from })}</>;
    case "field": {
      const show = (v: string) => (change.field === "status" ? t(`hr.roles.${v as "active" | "retired"}`) : v);
      return <>{t("hr.roles.change.field", { field: t(`hr.roles.fieldName.${change.field}`), from: show(change.from), to: show(change.to) })}</>;
    }
    case "requirement":
      return <>{t("hr.roles.change.requirement", { competence: competenceById(change.competenceId)?.name[locale] ?? change.competenceId, from: change.from, to: change.to })}</>;
    case "taskAdded":
      return <>{t("hr.roles.change.taskAdded", { title: change.title, share: change.sharePercent.toLocaleString(i18n.language) })}</>;
    case "taskRemoved":
      return <>{t("hr.roles.change.taskRemoved", { title: change.title })}</>;
    case "taskChanged": {
      // "70 % casework_decision" → "70 % Sachbearbeitung und Entscheidung"
      const show = (s: string) => s.replace(/(counselling|service_information|casework_decision|leadership|other)$/, (c) => t(`hr.category.${c as "other"}`));
      return <>{t("hr.roles.change.taskChanged", { title: change.title, from: show(change.from), to: show(change.to) })}</>;
    }
  }
}

export default function RolePage() {
  const { t, i18n } = useTranslation();
  const { role, history, submissionId, intentSubmissionId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const notice = params.get("notice");
  const date = (iso: string) => new Date(iso).toLocaleString(i18n.language, { dateStyle: "medium", timeStyle: "short" });
  return (
    <>
      <div className="page-header">
        <h2>
          {role.title} <span className="muted small">({t("hr.roles.historyVersion", { version: role.version })})</span>
        </h2>
        <div className="button-row no-print">
          <Form method="post">
            <input type="hidden" name="submissionId" value={intentSubmissionId} />
            <button type="submit" name="intent" value="copy" className="button button--secondary">
              {t("hr.roles.copy")}
            </button>
          </Form>
          {role.status === "active" ? (
            <ConfirmDisclosure
              id="confirm-retire"
              asked={params.get("confirm") === "retire"}
              opener={t("hr.roles.retire")}
              notAsked={t("hr.roles.confirmNeeded")}
              text={t("hr.roles.retireConfirmText")}
              confirmLabel={t("hr.roles.retireConfirm")}
              intent="retire"
              fields={{ submissionId: intentSubmissionId }}
            />
          ) : (
            <Form method="post">
              <input type="hidden" name="submissionId" value={intentSubmissionId} />
              <button type="submit" name="intent" value="reactivate" className="button button--secondary">
                {t("hr.roles.reactivate")}
              </button>
            </Form>
          )}
        </div>
      </div>
      {notice === "created" ? <Notice>{t("hr.roles.created")}</Notice> : null}
      {notice === "saved" ? <Notice>{t("hr.roles.saved", { version: role.version })}</Notice> : null}
      {notice === "unchanged" ? <Notice tone="info">{t("hr.roles.unchanged")}</Notice> : null}
      {notice === "copied" ? <Notice>{t("hr.roles.copied")}</Notice> : null}
      {notice === "status" ? <Notice>{t("hr.roles.statusChanged")}</Notice> : null}
      {notice === "retired" ? <Notice>{t("hr.roles.statusRetired")}</Notice> : null}
      {notice === "reactivated" ? <Notice>{t("hr.roles.statusActive")}</Notice> : null}
      {role.status === "retired" ? <Notice tone="warn">{t("hr.roles.retiredNotice")}</Notice> : null}
      <section aria-labelledby="role-summary">
        <h3 id="role-summary">
          {role.payScheme} {role.payGrade}
        </h3>
        <DataTable
          label={t("hr.roles.form.tasksLegend")}
          caption={<caption>{t("hr.roles.form.tasksLegend")}</caption>}
          columns={[
            t("hr.staffing.colTask"),
            t("hr.roles.form.taskCategory", { n: "" }).trim(),
            { label: "%", className: "num" },
          ]}
        >
          {role.tasks.map((task) => (
            <tr key={task.title}>
              <th scope="row">{task.title}</th>
              <td>{t(`hr.category.${task.category}`)}</td>
              <td className="num">{task.sharePercent.toLocaleString(i18n.language)}</td>
            </tr>
          ))}
        </DataTable>
        <DataTable
          label={t("hr.roles.form.requirementsLegend")}
          id="role-requirements"
          caption={<caption>{t("hr.roles.form.requirementsLegend")}</caption>}
          columns={[
            t("hr.coverage.competence"),
            { label: t("hr.roles.requiredLevel"), className: "num" },
          ]}
        >
          {allCompetences.map((c) => (
            <tr key={c.id}>
              <th scope="row">{c.name[i18n.language === "en" ? "en" : "de"]}</th>
              <td className="num">{role.requirements[c.id] ?? 0}</td>
            </tr>
          ))}
        </DataTable>
      </section>
      <details className="card no-print" open={!!actionData}>
        <summary>{t("hr.roles.edit")}</summary>
        <RoleForm key={`${role.id}-${role.version}`} submissionId={submissionId} defaults={role} lastResult={actionData?.result} submitLabel={t("hr.roles.form.save")} />
      </details>
      <section aria-labelledby="role-history">
        <h3 id="role-history">{t("hr.roles.history")}</h3>
        <p className="muted">{t("hr.roles.historyIntro")}</p>
        <ol className="history" reversed>
          {history.map((h) => (
            <li key={h.version}>
              <p>
                <strong>{t("hr.roles.historyVersion", { version: h.version })}</strong>, <time dateTime={h.createdAt}>{date(h.createdAt)}</time>,{" "}
                {h.actor ? t("hr.roles.by", { name: h.actor }) : t("hr.roles.bySomeone")}
              </p>
              <ul>
                {h.changes.map((c, i) => (
                  <li key={i}>
                    <ChangeText change={c} />
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
