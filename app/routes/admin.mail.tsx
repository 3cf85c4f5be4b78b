// The mail outbox of the admin's authority: recipient, subject, status, tries, last error, and a
// preview of one mail's text. Without SMTP_URL (the demo) mails stay here unsent.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/auth/access.server";
import { formatDate } from "~/competences/labels";
import { getDb } from "~/db/client.server";
import { listOutbox } from "~/mail/outbox.server";
import { mailConfigured } from "~/mail/service.server";
import { getEnv } from "~/env.server";
import { pageTitle } from "~/shell/meta";
import { DataTable } from "~/shell/data-table";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "mail.admin.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "read:administration:any");
  const rows = await listOutbox(getDb(), viewer.authorityId);
  const previewId = new URL(request.url).searchParams.get("preview");
  const preview = rows.find((r) => r.id === previewId) ?? null;
  return {
    smtp: mailConfigured(),
    keepDays: getEnv().MAIL_KEEP_DAYS,
    // Bodies stay on the server except the one asked for.
    mails: rows.map(({ textBody: _body, ...r }) => r),
    preview: preview ? { id: preview.id, subject: preview.subject, to: preview.toAddress, text: preview.textBody } : null,
  };
}

export default function AdminMail() {
  const { smtp, mails, preview, keepDays } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const statusText = { pending: t("mail.admin.statusPending"), sent: t("mail.admin.statusSent"), failed: t("mail.admin.statusFailed") };
  return (
    <section aria-labelledby="mail-title">
      <h2 id="mail-title">{t("mail.admin.title")}</h2>
      <p>{t("mail.admin.intro")}</p>
      <p className={smtp ? "notice notice--ok" : "notice notice--warn"}>{smtp ? t("mail.admin.smtp") : t("mail.admin.noSmtp")}</p>
      {preview ? (
        <section className="card" aria-labelledby="mail-preview-title">
          <h3 id="mail-preview-title">{t("mail.admin.showPreview", { subject: preview.subject })}</h3>
          <p>
            {t("mail.admin.recipient")}: {preview.to}
          </p>
          {preview.text ? (
            <pre className="mail-preview" style={{ whiteSpace: "pre-wrap" }}>
              {preview.text}
            </pre>
          ) : (
            <p>{t("mail.admin.bodyRemoved", { days: keepDays })}</p>
          )}
        </section>
      ) : null}
      {mails.length === 0 ? (
        <p>{t("mail.admin.empty")}</p>
      ) : (
        <DataTable
          label={t("mail.admin.title")}
          id="outbox-table"
          caption={<caption>{t("mail.admin.caption", { count: mails.length })}</caption>}
          columns={[
            t("mail.admin.created"),
            t("mail.admin.recipient"),
            t("mail.admin.subject"),
            t("mail.admin.status"),
            t("mail.admin.tries"),
            t("mail.admin.lastError"),
          ]}
        >
          {mails.map((m) => (
            <tr key={m.id}>
              <td>
                <time dateTime={m.createdAt}>{formatDate(m.createdAt, i18n.language)}</time>
              </td>
              <td>{m.toName ? `${m.toName} <${m.toAddress}>` : m.toAddress}</td>
              <th scope="row">
                <Link to={`?preview=${m.id}`} aria-label={t("mail.admin.showPreview", { subject: m.subject })}>
                  {m.subject}
                </Link>
              </th>
              <td>{statusText[m.status]}</td>
              <td>{m.tries}</td>
              <td className="small">{m.lastError ?? ""}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
