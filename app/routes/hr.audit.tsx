// The audit log (HR and admin): who viewed or changed what about whom, filterable.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import * as z from "zod";
import { requirePermission } from "~/auth/access.server";
import { getDb } from "~/db/client.server";
import { auditActionKey, type AuditValue } from "~/reports/audit-describe";
import { AUDIT_PAGE_SIZE, describeAuditEntries, listAuditActions, listAuditEntries } from "~/reports/audit-log.server";
import { resolveLocale } from "~/i18n/locale.server";
import { formatDate } from "~/competences/labels";
import { getSettings } from "~/org/settings.server";
import { pageTitle } from "~/shell/meta";
import { isCalendarDate } from "~/shell/text";
import { DataTable } from "~/shell/data-table";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "hr.audit.title");

const day = z.string().refine(isCalendarDate).optional().catch(undefined);
const filterSchema = z.object({
  action: z.string().max(100).optional().catch(undefined),
  person: z.string().max(100).optional().catch(undefined),
  from: day,
  to: day,
});

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "read:audit-log:any");
  const raw = Object.fromEntries([...new URL(request.url).searchParams].filter(([, v]) => v !== ""));
  const filter = filterSchema.parse(raw);
  const db = getDb();
  const [{ entries, more }, actions, settings] = [
    await listAuditEntries(db, viewer.authorityId, filter),
    await listAuditActions(db, viewer.authorityId),
    await getSettings(db, viewer.authorityId),
  ];
  const locale = await resolveLocale(request, viewer.locale);
  return { filter, entries: await describeAuditEntries(db, viewer.authorityId, entries, locale), more, actions, months: settings.auditRetentionMonths };
}

export default function AuditPage() {
  const { t, i18n } = useTranslation();
  const { filter, entries, more, actions, months } = useLoaderData<typeof loader>();
  const date = (iso: string) => new Date(iso).toLocaleString(i18n.language, { dateStyle: "medium", timeStyle: "medium" });
  // Labels from the catalogs; a code no catalog knows yet (a newer action) is shown as is.
  const label = (key: string, fallback: string) => (i18n.exists(key) ? t(key as "hr.audit.title") : fallback);
  const actionLabel = (a: string) => label(auditActionKey(a), a);
  const valueText = (v: AuditValue, field?: string) =>
    field === "dueOn" && v.text ? formatDate(v.text, i18n.language) : (v.text ?? (v.keys ?? []).map((k) => label(k, k.split(".").at(-1) ?? k)).join(", "));
  return (
    <>
      <h2>{t("hr.audit.title")}</h2>
      <p>{t("hr.audit.intro", { months })}</p>
      <Form method="get" className="inline-form no-print" role="search">
        <div className="field">
          <label htmlFor="action">{t("hr.audit.action")}</label>
          <select id="action" name="action" defaultValue={filter.action ?? ""}>
            <option value="">{t("hr.audit.allActions")}</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {actionLabel(a)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="person">{t("hr.audit.person")}</label>
          <input id="person" name="person" type="search" defaultValue={filter.person ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="from">{t("hr.audit.from")}</label>
          <input id="from" name="from" type="date" defaultValue={filter.from ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="to">{t("hr.audit.to")}</label>
          <input id="to" name="to" type="date" defaultValue={filter.to ?? ""} />
        </div>
        <button type="submit" className="button button--secondary">
          {t("common.filter")}
        </button>
      </Form>
      {entries.length === 0 ? (
        filter.action || filter.person || filter.from || filter.to ? (
          <p>
            {t("hr.audit.empty")} <Link to="/hr/audit">{t("hr.audit.resetFilter")}</Link>
          </p>
        ) : (
          <p>{t("hr.audit.emptyLog")}</p>
        )
      ) : (
        <DataTable
          label={t("hr.audit.title")}
          id="audit-table"
          columns={[
            t("hr.audit.when"),
            t("hr.audit.action"),
            t("hr.audit.actor"),
            t("hr.audit.subject"),
            t("hr.audit.details"),
          ]}
        >
          {entries.map((e) => (
            <tr key={e.id}>
              <td>
                <time dateTime={e.createdAt}>{date(e.createdAt)}</time>
              </td>
              <th scope="row">{actionLabel(e.action)}</th>
              <td>{e.actorName ?? t("hr.audit.system")}</td>
              <td>{e.subjectName ?? t("common.none")}</td>
              <td className="small">
                {e.details.map((d, i) => (
                  <span key={d.field} className="audit-detail">
                    {i > 0 ? " · " : null}
                    {label(`hr.audit.fields.${d.field}`, d.field)}: {d.before ? `${valueText(d.before, d.field)} → ` : null}
                    {valueText(d.value, d.field)}
                  </span>
                ))}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {more ? <p className="muted">{t("hr.audit.more", { count: AUDIT_PAGE_SIZE })}</p> : null}
    </>
  );
}
