// People per unit: assign a role description and change the FTE (part time).
import { readFormData } from "~/shell/forms.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireRole } from "~/auth/access.server";
import { audit } from "~/audit/audit.server";
import { getDb } from "~/db/client.server";
import { claimSubmission, submissionIdField } from "~/db/once.server";
import { assignRole, listPeopleOfUnit, PEOPLE_PAGE_LIMIT } from "~/hr/people.server";
import { listRoles } from "~/hr/roles.server";
import { useNumber } from "~/hr/ui";
import { listUnits, toTree } from "~/org/units.server";
import { Notice } from "~/shell/forms";
import { pageTitle } from "~/shell/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "hr.people.title");

const assignSchema = z.object({
  submissionId: submissionIdField,
  personId: z.uuid(),
  unitId: z.uuid(),
  roleDescriptionId: z.union([z.literal(""), z.uuid()]).transform((v) => v || null),
  fte: z
    .string()
    .transform((s) => Number(s.replace(",", ".")))
    .pipe(z.number().min(0.05).max(1)),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, "hr");
  const db = getDb();
  const { flat } = toTree(await listUnits(db, viewer.authorityId));
  const wanted = new URL(request.url).searchParams.get("unit");
  const unit = flat.find((u) => u.id === wanted) ?? flat.find((u) => u.memberCount > 0) ?? flat[0];
  const people = unit ? await listPeopleOfUnit(db, viewer.authorityId, unit.id) : [];
  const roles = (await listRoles(db, viewer.authorityId)).filter((r) => r.status === "active");
  return {
    units: flat.map((u) => ({ id: u.id, name: u.name, depth: u.depth })),
    unitId: unit?.id ?? null,
    people: people.map((p) => ({ ...p, fte: Number(p.fte), submissionId: crypto.randomUUID() })),
    roles: roles.map((r) => ({ id: r.id, title: r.title })),
    limit: PEOPLE_PAGE_LIMIT,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireRole(request, "hr");
  const parsed = assignSchema.safeParse(Object.fromEntries(await readFormData(request)));
  if (!parsed.success) return new Response(JSON.stringify({ error: "hr.people.invalid" }), { status: 400, headers: { "Content-Type": "application/json" } });
  const { submissionId, personId, unitId, roleDescriptionId, fte } = parsed.data;
  const ok = await getDb().transaction(async (tx) => {
    if (!(await claimSubmission(tx, submissionId, viewer.id))) return true;
    const before = await assignRole(tx, viewer.authorityId, personId, { roleDescriptionId, fte });
    if (!before) return false;
    await audit(tx, {
      authorityId: viewer.authorityId,
      actorId: viewer.id,
      action: "person.assign-role",
      subjectPersonId: personId,
      details: { from: { roleDescriptionId: before.roleDescriptionId, fte: Number(before.fte) }, to: { roleDescriptionId, fte } },
    });
    return true;
  });
  if (!ok) return new Response(JSON.stringify({ error: "hr.people.invalid" }), { status: 400, headers: { "Content-Type": "application/json" } });
  return redirect(`/hr/people?unit=${unitId}&saved=${personId}#p-${personId}`);
}

export default function HrPeople() {
  const { t, i18n } = useTranslation();
  const { units, unitId, people, roles, limit } = useLoaderData<typeof loader>();
  const actionData = useActionData<{ error?: string }>();
  const [params] = useSearchParams();
  const num = useNumber();
  const total = people.filter((p) => p.active).reduce((s, p) => s + p.fte, 0);
  return (
    <>
      <h2>{t("hr.people.title")}</h2>
      <p>{t("hr.people.intro")}</p>
      <Form method="get" className="inline-form no-print">
        <div className="field">
          <label htmlFor="unit">{t("hr.people.unit")}</label>
          <select id="unit" name="unit" defaultValue={unitId ?? undefined}>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {"— ".repeat(u.depth)}
                {u.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button--secondary">
          {t("hr.people.show")}
        </button>
      </Form>
      {params.get("saved") ? <Notice>{t("hr.people.saved")}</Notice> : null}
      {actionData?.error ? (
        <div className="notice notice--error" role="alert">
          <p>{t("hr.people.invalid")}</p>
        </div>
      ) : null}
      {people.length === 0 ? (
        <p>{t("hr.people.empty")}</p>
      ) : (
        <>
          <p>{t("hr.people.sumFte", { fte: num(total, 2) })}</p>
          {people.length >= limit ? <p className="muted">{t("hr.people.limited", { limit })}</p> : null}
          <div className="table-wrap" tabIndex={0} role="region" aria-label={t("hr.people.title")}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("hr.people.name")}</th>
                  <th scope="col">{t("hr.people.role")}</th>
                  <th scope="col">{t("hr.people.fte")}</th>
                  <th scope="col" className="no-print">
                    <span className="visually-hidden">{t("common.actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {people.map((p) => {
                  const name = `${p.givenName} ${p.familyName}`;
                  const formId = `f-${p.id}`;
                  return (
                    <tr key={p.id} id={`p-${p.id}`}>
                      <th scope="row">
                        {p.familyName}, {p.givenName} {!p.active ? <span className="badge badge--muted">{t("hr.people.inactive")}</span> : null}
                      </th>
                      <td>
                        <label className="visually-hidden" htmlFor={`role-${p.id}`}>
                          {t("hr.people.roleLabel", { name })}
                        </label>
                        <select id={`role-${p.id}`} name="roleDescriptionId" form={formId} defaultValue={p.roleDescriptionId ?? ""}>
                          <option value="">{t("hr.people.noRole")}</option>
                          {roles.map((r) => (
                            <option key={r.id} value={r.id}>
                              {r.title}
                            </option>
                          ))}
                          {p.roleDescriptionId && !roles.some((r) => r.id === p.roleDescriptionId) ? <option value={p.roleDescriptionId}>{p.roleTitle}</option> : null}
                        </select>
                      </td>
                      <td>
                        <label className="visually-hidden" htmlFor={`fte-${p.id}`}>
                          {t("hr.people.fteLabel", { name })}
                        </label>
                        <input id={`fte-${p.id}`} name="fte" form={formId} type="text" inputMode="decimal" className="input--short" defaultValue={p.fte.toLocaleString(i18n.language)} />
                      </td>
                      <td className="no-print">
                        <Form method="post" id={formId}>
                          <input type="hidden" name="submissionId" value={p.submissionId} />
                          <input type="hidden" name="personId" value={p.id} />
                          <input type="hidden" name="unitId" value={unitId ?? ""} />
                          <button type="submit" className="button button--quiet">
                            <span aria-hidden="true">{t("hr.people.save")}</span>
                            <span className="visually-hidden">{t("hr.people.saveFor", { name })}</span>
                          </button>
                        </Form>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
