// People per unit: assign a role description and change the FTE (part time).
import { readFormData } from "~/shell/forms.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import * as z from "zod";
import { requirePermission } from "~/auth/access.server";
import { audit } from "~/audit/audit.server";
import { getDb, type Tx } from "~/db/client.server";
import { applyOnce, submissionIdField } from "~/db/once.server";
import { assignRole, listPeopleOfUnit, listPeopleWithoutRole, markLeft, PEOPLE_PAGE_LIMIT } from "~/people/staff.server";
import { getSettings } from "~/org/settings.server";
import { listRoles } from "~/role-descriptions/roles.server";
import { useNumber } from "~/reports/ui";
import { listUnits, toTree } from "~/org/units.server";
import { Notice } from "~/shell/forms";
import { pageTitle } from "~/shell/meta";
import { addMonths } from "~/dates/calendar";
import { DataTable } from "~/shell/data-table";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "hr.people.title");

const assignSchema = z.object({
  submissionId: submissionIdField,
  personId: z.uuid(),
  /** Only where to return to: a unit, or "none" (people without a unit). */
  unitId: z.union([z.uuid(), z.literal("none")]),
  roleDescriptionId: z.union([z.literal(""), z.uuid()]).transform((v) => v || null),
  fte: z
    .string()
    .transform((s) => Number(s.replace(",", ".")))
    .pipe(z.number().min(0.05).max(1)),
});
const leaveSchema = z.object({ intent: z.literal("leave"), submissionId: submissionIdField, personId: z.uuid(), unitId: z.uuid() });

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "read:report:any");
  const db = getDb();
  const { flat } = toTree(await listUnits(db, viewer.authorityId));
  const wanted = new URL(request.url).searchParams.get("unit");
  // "none": people without a unit (created at their first directory sign-in), for HR to place.
  const withoutUnit = wanted === "none";
  const unit = withoutUnit ? undefined : (flat.find((u) => u.id === wanted) ?? flat.find((u) => u.memberCount > 0) ?? flat[0]);
  const people = withoutUnit ? await listPeopleOfUnit(db, viewer.authorityId, null) : unit ? await listPeopleOfUnit(db, viewer.authorityId, unit.id) : [];
  const roles = (await listRoles(db, viewer.authorityId)).filter((r) => r.status === "active");
  const { leaverRetentionMonths } = await getSettings(db, viewer.authorityId);
  return {
    leaverRetentionMonths,
    viewerId: viewer.id,
    units: flat.map((u) => ({ id: u.id, name: u.name, depth: u.depth })),
    unitId: withoutUnit ? "none" : (unit?.id ?? null),
    people: people.map(({ deactivatedAt, ...p }) => ({
      ...p,
      fte: Number(p.fte),
      submissionId: crypto.randomUUID(),
      leaveSubmissionId: crypto.randomUUID(),
      // When the person left (HR or an admin deactivated the account) and when their data is erased.
      leftOn: deactivatedAt ? deactivatedAt.toISOString() : null,
      erasedFrom: deactivatedAt ? addMonths(deactivatedAt, leaverRetentionMonths).toISOString() : null,
    })),
    roles: roles.map((r) => ({ id: r.id, title: r.title })),
    limit: PEOPLE_PAGE_LIMIT,
    withoutRole: await listPeopleWithoutRole(db, viewer.authorityId),
  };
}

/** A refusal the page shows beside the list (the person is not in this authority, or cannot leave). */
const refusal = (messageKey: "hr.people.leaveInvalid" | "hr.people.invalid") => Response.json({ error: messageKey }, { status: 400 });

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requirePermission(request, "write:report:any");
  const form = Object.fromEntries(await readFormData(request));
  const db = getDb();
  // A refusal thrown inside the transaction undoes it (the submission id too), so the form can be sent again.
  const once = async (submissionId: string, fallback: string, work: (tx: Tx) => Promise<string>) => {
    try {
      return redirect(await applyOnce(db, submissionId, viewer.id, fallback, work));
    } catch (error) {
      if (error instanceof Response && error.status === 400) return error;
      throw error;
    }
  };
  if (form.intent === "leave") {
    const leave = leaveSchema.safeParse(form);
    if (!leave.success) return refusal("hr.people.leaveInvalid");
    const { submissionId, personId, unitId } = leave.data;
    const left = `/hr/people?unit=${unitId}&left=${personId}#p-${personId}`;
    return once(submissionId, left, async (tx) => {
      if (!(await markLeft(tx, viewer.authorityId, viewer.id, personId))) throw refusal("hr.people.leaveInvalid");
      await audit(tx, { authorityId: viewer.authorityId, actorId: viewer.id, action: "person.left", subjectPersonId: personId });
      return left;
    });
  }
  const parsed = assignSchema.safeParse(form);
  if (!parsed.success) return refusal("hr.people.invalid");
  const { submissionId, personId, unitId, roleDescriptionId, fte } = parsed.data;
  const saved = `/hr/people?unit=${unitId}&saved=${personId}#p-${personId}`;
  return once(submissionId, saved, async (tx) => {
    const before = await assignRole(tx, viewer.authorityId, personId, { roleDescriptionId, fte });
    if (!before) throw refusal("hr.people.invalid");
    await audit(tx, {
      authorityId: viewer.authorityId,
      actorId: viewer.id,
      action: "person.assign-role",
      subjectPersonId: personId,
      details: { from: { roleDescriptionId: before.roleDescriptionId, fte: Number(before.fte) }, to: { roleDescriptionId, fte } },
    });
    return saved;
  });
}

export default function HrPeople() {
  const { t, i18n } = useTranslation();
  const { units, unitId, people, roles, limit, withoutRole, viewerId, leaverRetentionMonths } = useLoaderData<typeof loader>();
  const date = (iso: string) => new Date(iso).toLocaleDateString(i18n.language, { timeZone: "Europe/Berlin" });
  const actionData = useActionData<{ error?: string }>();
  const [params] = useSearchParams();
  const leftPerson = people.find((p) => p.id === params.get("left"));
  const num = useNumber();
  const total = people.filter((p) => p.active).reduce((s, p) => s + p.fte, 0);
  return (
    <>
      <h2>{t("hr.people.title")}</h2>
      <p>{t("hr.people.intro")}</p>
      <section aria-labelledby="without-role" className={withoutRole.length > 0 ? "notice notice--warn" : undefined}>
        <h3 id="without-role">{t("hr.people.withoutRoleTitle", { count: withoutRole.length })}</h3>
        {withoutRole.length === 0 ? (
          <p>{t("hr.people.withoutRoleNone")}</p>
        ) : (
          <>
            <p>{t("hr.people.withoutRoleIntro")}</p>
            <ul>
              {withoutRole.map((p) => (
                <li key={p.id}>
                  {p.unitId ? (
                    <Link to={`/hr/people?unit=${p.unitId}#p-${p.id}`}>
                      {p.familyName}, {p.givenName}
                    </Link>
                  ) : (
                    <>
                      {p.familyName}, {p.givenName}
                    </>
                  )}{" "}
                  <span className="muted">({p.unitName ?? t("hr.people.noUnit")})</span>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
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
            <option value="none">{t("hr.people.withoutUnit")}</option>
          </select>
        </div>
        <button type="submit" className="button button--secondary">
          {t("hr.people.show")}
        </button>
      </Form>
      {params.get("saved") ? <Notice>{t("hr.people.saved")}</Notice> : null}
      {leftPerson?.erasedFrom ? (
        <Notice>{t("hr.people.leftSaved", { name: `${leftPerson.givenName} ${leftPerson.familyName}`, date: date(leftPerson.erasedFrom), months: leaverRetentionMonths })}</Notice>
      ) : null}
      {actionData?.error ? (
        <div className="notice notice--error" role="alert">
          <p>{t(actionData.error === "hr.people.leaveInvalid" ? "hr.people.leaveInvalid" : "hr.people.invalid")}</p>
        </div>
      ) : null}
      {people.length === 0 ? (
        <p>{t("hr.people.empty")}</p>
      ) : (
        <>
          <p>{t("hr.people.sumFte", { fte: num(total, 2) })}</p>
          {people.length >= limit ? <p className="muted">{t("hr.people.limited", { limit })}</p> : null}
          <DataTable
            label={t("hr.people.title")}
            columns={[
              t("hr.people.name"),
              t("hr.people.role"),
              t("hr.people.fte"),
              { label: <span className="visually-hidden">{t("common.actions")}</span>, className: "no-print" },
            ]}
          >
            {people.map((p) => {
              const name = `${p.givenName} ${p.familyName}`;
              const formId = `f-${p.id}`;
              return (
                <tr key={p.id} id={`p-${p.id}`}>
                  <th scope="row">
                    {p.familyName}, {p.givenName}{" "}
                    {p.leftOn && p.erasedFrom ? (
                      <span className="badge badge--muted">{t("hr.people.left", { left: date(p.leftOn), erased: date(p.erasedFrom) })}</span>
                    ) : !p.active ? (
                      <span className="badge badge--muted">{t("hr.people.inactive")}</span>
                    ) : null}
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
                    {!p.leftOn && p.id !== viewerId ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="leave" />
                        <input type="hidden" name="submissionId" value={p.leaveSubmissionId} />
                        <input type="hidden" name="personId" value={p.id} />
                        <input type="hidden" name="unitId" value={unitId ?? ""} />
                        <button type="submit" className="button button--quiet">
                          <span aria-hidden="true">{t("hr.people.leave")}</span>
                          <span className="visually-hidden">{t("hr.people.leaveFor", { name })}</span>
                        </button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </DataTable>
        </>
      )}
    </>
  );
}
