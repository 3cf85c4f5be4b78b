// Org units as a tree: create a unit below another, rename or move one.
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import * as z from "zod";
import { notFound, requirePermission } from "~/auth/access.server";
import { audit } from "~/audit/audit.server";
import { getDb } from "~/db/client.server";
import { applyOnce, submissionIdField } from "~/db/once.server";
import { createUnit, listUnits, toTree, UnitError, updateUnit, type UnitNode } from "~/org/units.server";
import { FormErrorSummary, Notice, SelectField, TextField } from "~/shell/forms";
import { badRequest, fieldError, invalid, parseForm } from "~/shell/forms.server";
import { pageTitle } from "~/shell/meta";

const schema = z.object({
  intent: z.enum(["create", "update"]),
  submissionId: submissionIdField,
  unitId: z.uuid().optional(),
  name: z.string({ error: "validation.required" }).trim().min(1, "validation.required").max(120, 'validation.tooLong|{"max":120}'),
  parentId: z.uuid({ error: "validation.invalidChoice" }).optional(),
});

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "admin.unitsTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "read:administration:any");
  const rows = await listUnits(getDb(), viewer.authorityId);
  const { roots, flat } = toTree(rows);
  return { roots, flat: flat.map((u) => ({ id: u.id, name: u.name, depth: u.depth })), submissionId: crypto.randomUUID() };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requirePermission(request, "write:administration:any");
  const { submission } = await parseForm(request, schema);
  if (submission.status !== "success") return invalid(submission.reply());
  const input = { name: submission.value.name, parentId: submission.value.parentId ?? null };
  try {
    const target = await applyOnce(getDb(), submission.value.submissionId, viewer.id, "/admin/units", async (tx) => {
      if (submission.value.intent === "create") {
        const unit = await createUnit(tx, viewer.authorityId, input);
        await audit(tx, { authorityId: viewer.authorityId, actorId: viewer.id, action: "unit.create", details: { unitId: unit.id, name: unit.name } });
        return "/admin/units?notice=created";
      }
      // The unit's id is a hidden field: without it the page the form came from is broken, not the input.
      if (!submission.value.unitId) throw badRequest("errors.formUnreadable");
      const unit = await updateUnit(tx, viewer.authorityId, submission.value.unitId, input);
      if (!unit) throw notFound("errors.unitGone");
      await audit(tx, { authorityId: viewer.authorityId, actorId: viewer.id, action: "unit.update", details: { unitId: unit.id, name: unit.name } });
      return "/admin/units?notice=updated";
    });
    return redirect(target);
  } catch (error) {
    if (error instanceof UnitError) return fieldError(submission, error.field, error.messageKey);
    throw error;
  }
}

function UnitForm({ flat, submissionId, unit }: { flat: { id: string; name: string; depth: number }[]; submissionId: string; unit?: UnitNode }) {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const mine = actionData?.result && (unit ? actionData.result.initialValue?.unitId === unit.id : actionData.result.initialValue?.intent === "create");
  const [form, fields] = useForm({
    id: unit ? `unit-${unit.id}` : "unit-new",
    lastResult: mine ? actionData.result : undefined,
    defaultValue: unit ? { name: unit.name, parentId: unit.parentId ?? "" } : undefined,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  const parentOptions = [
    { value: "", label: t("admin.noParent") },
    ...flat.filter((u) => u.id !== unit?.id).map((u) => ({ value: u.id, label: `${"— ".repeat(u.depth)}${u.name}` })),
  ];
  return (
    <Form method="post" {...getFormProps(form)} className="form">
      <FormErrorSummary errors={form.errors} show={false} />
      <input type="hidden" name="intent" value={unit ? "update" : "create"} />
      <input type="hidden" name="submissionId" value={submissionId} />
      {unit ? <input type="hidden" name="unitId" value={unit.id} /> : null}
      <TextField meta={fields.name} label={t("admin.unitName")} />
      <SelectField meta={fields.parentId} label={t("admin.parentUnit")} options={parentOptions} />
      <button type="submit" className="button">
        {unit ? t("common.save") : t("admin.addUnit")}
      </button>
    </Form>
  );
}

function Tree({ nodes, flat, submissionId }: { nodes: UnitNode[]; flat: { id: string; name: string; depth: number }[]; submissionId: string }) {
  const { t } = useTranslation();
  // The unit whose form came back with an error stays open, so the message is seen.
  const actionData = useActionData<typeof action>();
  const failedUnitId = actionData?.result?.initialValue?.unitId;
  return (
    <ul className="tree">
      {nodes.map((node) => (
        <li key={node.id}>
          <details open={failedUnitId === node.id || undefined}>
            <summary>
              <strong>{node.name}</strong>{" "}
              <span className="muted small">
                · {t("admin.members")}: {node.memberCount} · {t("admin.unitLeads")}:{" "}
                {node.leads.length ? node.leads.map((l) => l.name).join(", ") : t("admin.noLead")}
              </span>
            </summary>
            <div className="card">
              <UnitForm flat={flat} submissionId={submissionId} unit={node} />
            </div>
          </details>
          {node.children.length ? <Tree nodes={node.children} flat={flat} submissionId={submissionId} /> : null}
        </li>
      ))}
    </ul>
  );
}

export default function AdminUnits() {
  const { t } = useTranslation();
  const { roots, flat, submissionId } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const notice = params.get("notice");
  return (
    <>
      <h2>{t("admin.unitsTitle")}</h2>
      {notice === "created" ? <Notice>{t("common.saved")}</Notice> : notice === "updated" ? <Notice>{t("admin.unitRenamed")}</Notice> : null}
      <Tree nodes={roots} flat={flat} submissionId={submissionId} />
      <section className="card" aria-labelledby="new-unit">
        <h3 id="new-unit">{t("admin.addUnit")}</h3>
        <UnitForm flat={flat} submissionId={submissionId} />
      </section>
    </>
  );
}
