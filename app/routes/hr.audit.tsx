// The audit log (HR and admin): who viewed or changed what about whom, filterable.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireRole } from "~/auth/access.server";
import { getDb } from "~/db/client.server";
import { AUDIT_PAGE_SIZE, listAuditActions, listAuditEntries } from "~/hr/audit-log.server";
import { getSettings } from "~/org/settings.server";
import { pageTitle } from "~/shell/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "hr.audit.title");

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined);
const filterSchema = z.object({
  action: z.string().max(100).optional().catch(undefined),
  person: z.string().max(100).optional().catch(undefined),
  from: day,
  to: day,
});

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, "hr", "admin");
  const raw = Object.fromEntries([...new URL(request.url).searchParams].filter(([, v]) => v !== ""));
  const filter = filterSchema.parse(raw);
  const db = getDb();
  const [{ entries, more }, actions, settings] = [
    await listAuditEntries(db, viewer.authorityId, filter),
    await listAuditActions(db, viewer.authorityId),
    await getSettings(db, viewer.authorityId),
  ];
  return { filter, entries, more, actions, months: settings.auditRetentionMonths };
}

export default function AuditPage() {
  const { t, i18n } = useTranslation();
  const { filter, entries, more, actions, months } = useLoaderData<typeof loader>();
  const date = (iso: string) => new Date(iso).toLocaleString(i18n.language, { dateStyle: "medium", timeStyle: "medium" });
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
                {a}
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
        <p>{t("hr.audit.empty")}</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t("hr.audit.title")}>
          <table id="audit-table">
            <thead>
              <tr>
                <th scope="col">{t("hr.audit.when")}</th>
                <th scope="col">{t("hr.audit.action")}</th>
                <th scope="col">{t("hr.audit.actor")}</th>
                <th scope="col">{t("hr.audit.subject")}</th>
                <th scope="col">{t("hr.audit.details")}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td>
                    <time dateTime={e.createdAt}>{date(e.createdAt)}</time>
                  </td>
                  <th scope="row">
                    <code>{e.action}</code>
                  </th>
                  <td>{e.actorName ?? t("hr.audit.system")}</td>
                  <td>{e.subjectName ?? t("common.none")}</td>
                  <td className="small">
                    {e.details
                      ? Object.entries(e.details)
                          .filter(([, v]) => typeof v !== "object" || v === null)
                          .map(([k, v]) => `${k}: ${String(v)}`)
                          .join(", ")
                      : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {more ? <p className="muted">{t("hr.audit.more", { count: AUDIT_PAGE_SIZE })}</p> : null}
    </>
  );
}
