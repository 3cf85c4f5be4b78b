// Import people from a CSV staff list: upload (with a progress bar when JavaScript runs),
// preview with per-row errors, all-or-nothing commit, then set-password links: each goes out in a
// welcome mail; only without a mail server (the demo) are the links also shown here.
import { readFormData } from "~/shell/forms.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigate, useNavigation } from "@remix-run/react";
import { useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import * as z from "zod";
import { requirePermission } from "~/auth/access.server";
import { audit } from "~/audit/audit.server";
import { getDb } from "~/db/client.server";
import { applyOnce, applyOnceWith, submissionIdField } from "~/db/once.server";
import { receiveUpload } from "~/staff-import/import-upload.server";
import { commitImport, createImportLinks, getBatch, ImportError, previewImport } from "~/staff-import/import.server";
import { mailConfigured } from "~/mail/service.server";
import { logger } from "~/ops/logger.server";
import { Notice, useErrorText } from "~/shell/forms";
import { pageTitle } from "~/shell/meta";
import { DataTable } from "~/shell/data-table";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "hr.import.title");

const SHOWN_OK_ROWS = 20;
const SHOWN_ERROR_ROWS = 500;
const batchAction = z.object({ intent: z.enum(["commit", "links"]), batchId: z.uuid(), submissionId: submissionIdField });

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "read:report:any");
  const batchId = z.uuid().safeParse(new URL(request.url).searchParams.get("batch"));
  const submissionId = crypto.randomUUID();
  if (!batchId.success) return { batch: null, submissionId };
  const db = getDb();
  const batch = await getBatch(db, viewer.authorityId, batchId.data);
  if (!batch) return { batch: null, submissionId, missing: true };
  if (batch.committedAt) {
    return { batch: { id: batch.id, fileName: batch.fileName, committed: true as const, count: ((batch.personIds as string[] | null) ?? []).length }, submissionId, smtp: mailConfigured() };
  }
  const preview = await previewImport(db, viewer.authorityId, batch.content);
  if (!preview.ok) return { batch: { id: batch.id, fileName: batch.fileName, committed: false as const, error: preview.error }, submissionId };
  const errorRows = preview.rows.filter((r) => r.errors.length > 0);
  const okRows = preview.rows.filter((r) => r.errors.length === 0).slice(0, SHOWN_OK_ROWS);
  const strip = ({ unitId: _u, roleDescriptionId: _r, ...row }: (typeof preview.rows)[number]) => row;
  return {
    batch: {
      id: batch.id,
      fileName: batch.fileName,
      committed: false as const,
      total: preview.rows.length,
      errorCount: preview.errorCount,
      rows: [...errorRows.slice(0, SHOWN_ERROR_ROWS), ...okRows].sort((a, b) => a.line - b.line).map(strip),
    },
    submissionId,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requirePermission(request, "write:report:any");
  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
    const result = await receiveUpload(request, viewer);
    if (!result.ok) return Response.json({ error: result.error }, { status: 400 });
    return redirect(`/hr/import?batch=${result.batchId}`);
  }
  const parsed = batchAction.safeParse(Object.fromEntries(await readFormData(request)));
  if (!parsed.success) return Response.json({ error: "hr.import.errors.batchMissing" }, { status: 400 });
  const { intent, batchId, submissionId } = parsed.data;
  const db = getDb();
  const batchPage = `/hr/import?batch=${batchId}`;
  if (intent === "commit") {
    try {
      return redirect(
        await applyOnce(db, submissionId, viewer.id, batchPage, async (tx) => {
          const ids = await commitImport(tx, viewer.authorityId, batchId);
          await audit(tx, { authorityId: viewer.authorityId, actorId: viewer.id, action: "people.import", details: { batchId, count: ids.length } });
          return batchPage;
        }),
      );
    } catch (error) {
      if (error instanceof ImportError) return Response.json({ error: error.messageKey }, { status: 400 });
      throw error;
    }
  }
  const outcome = await applyOnceWith(db, submissionId, viewer.id, batchPage, async (tx) => {
    const created = await createImportLinks(tx, viewer.authorityId, batchId);
    await audit(tx, { authorityId: viewer.authorityId, actorId: viewer.id, action: "people.import-links", details: { batchId, count: created.length } });
    return { to: batchPage, answer: created };
  });
  // A repeat shows no links: they were shown once, to the first submit (a link is a credential).
  const links = outcome.repeat ? [] : outcome.answer;
  // With a mail server each link goes only in its welcome mail (queued in the transaction above);
  // without one the links are shown to HR on this page only. A set-password link is a credential
  // and an address is personal data, so neither goes to the log (only how many were made).
  const mailed = mailConfigured();
  const withUrls = links.map((l) => ({ name: l.name, email: l.email, url: mailed ? null : new URL(`/set-password?token=${l.token}`, request.url).toString() }));
  logger.info({ batchId, count: withUrls.length, mailed }, "set-password links created for imported accounts");
  return { links: withUrls, mailed };
}

type ActionData = { error?: string; mailed?: boolean; links?: { name: string; email: string; url: string | null }[] };

function UploadForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const text = useErrorText();
  const formRef = useRef<HTMLFormElement>(null);
  // With JavaScript: send by XHR to show upload progress; without, the form posts normally.
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const form = formRef.current;
    if (!form || typeof XMLHttpRequest === "undefined") return;
    event.preventDefault();
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/hr/import/upload");
    xhr.upload.onprogress = (e) => setProgress(e.lengthComputable ? Math.round((e.loaded / e.total) * 100) : null);
    xhr.onload = () => {
      setProgress(null);
      try {
        const body = JSON.parse(xhr.responseText) as { url?: string; error?: string };
        if (body.url) navigate(body.url);
        else setError(body.error ?? "errors.genericTitle");
      } catch {
        setError("errors.genericTitle");
      }
    };
    xhr.onerror = () => {
      setProgress(null);
      setError("errors.genericTitle");
    };
    setError(null);
    setProgress(0);
    xhr.send(new FormData(form));
  };
  return (
    <Form method="post" encType="multipart/form-data" className="form no-print" ref={formRef} onSubmit={onSubmit}>
      {error ? (
        <div className="notice notice--error" role="alert">
          <p>{text(error)}</p>
        </div>
      ) : null}
      <div className="field">
        <label htmlFor="file">{t("hr.import.file")}</label>
        <span className="hint" id="file-hint">
          {t("hr.import.fileHint")}
        </span>
        <input id="file" name="file" type="file" accept=".csv,text/csv,.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required aria-describedby="file-hint" />
      </div>
      {progress !== null ? (
        <div className="field" role="status">
          <label htmlFor="upload-progress">{t("hr.import.uploading")}</label>
          <progress id="upload-progress" max={100} value={progress}>
            {progress} %
          </progress>
        </div>
      ) : null}
      <button type="submit" className="button" disabled={progress !== null}>
        {t("hr.import.upload")}
      </button>
    </Form>
  );
}

export default function ImportPage() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const navigation = useNavigation();
  const text = useErrorText();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "commit";
  const batch = data.batch;
  return (
    <>
      <h2>{t("hr.import.title")}</h2>
      <p>{t("hr.import.intro")}</p>
      {actionData?.error ? (
        <div className="notice notice--error" role="alert">
          <p>{text(actionData.error)}</p>
        </div>
      ) : null}
      {"missing" in data && data.missing ? <Notice tone="warn">{t("hr.import.errors.batchMissing")}</Notice> : null}
      {!batch ? <UploadForm /> : null}
      {batch && batch.committed ? (
        <section className="card">
          <Notice>{t("hr.import.committed", { count: batch.count })}</Notice>
          {actionData?.links ? (
            actionData.links.length === 0 ? (
              <p>{t("hr.import.noLinks")}</p>
            ) : (
              <>
                <p>{actionData.mailed ? t("hr.import.linksMailed") : t("hr.import.linksCreated")}</p>
                <DataTable
                  label={actionData.mailed ? t("hr.import.linksMailed") : t("hr.import.linksCreated")}
                  columns={[
                    t("hr.import.name"),
                    t("hr.import.email"),
                    actionData.mailed ? t("hr.import.mailed") : t("hr.import.link"),
                  ]}
                >
                  {actionData.links.map((l) => (
                    <tr key={l.email}>
                      <th scope="row">{l.name}</th>
                      <td>{l.email}</td>
                      {l.url ? <td className="code-box">{l.url}</td> : <td>{t("hr.import.mailOnItsWay")}</td>}
                    </tr>
                  ))}
                </DataTable>
              </>
            )
          ) : (
            <Form method="post" className="no-print">
              <input type="hidden" name="intent" value="links" />
              <input type="hidden" name="batchId" value={batch.id} />
              <input type="hidden" name="submissionId" value={data.submissionId} />
              <button type="submit" className="button">
                {"smtp" in data && data.smtp ? t("hr.import.createMails") : t("hr.import.createLinks")}
              </button>
            </Form>
          )}
        </section>
      ) : null}
      {batch && !batch.committed ? (
        <section aria-labelledby="preview">
          <h3 id="preview">{t("hr.import.preview", { file: batch.fileName })}</h3>
          {"error" in batch && batch.error ? (
            <div className="notice notice--error" role="alert">
              <p>{text(batch.error)}</p>
              <p>{t("hr.import.fixAndRetry")}</p>
            </div>
          ) : "rows" in batch ? (
            <>
              <p id="import-summary">{batch.errorCount ? t("hr.import.rows", { count: batch.total, errors: batch.errorCount }) : t("hr.import.rowsOk", { count: batch.total })}</p>
              {(batch.errorCount ?? 0) > 0 ? (
                <div className="notice notice--error" role="alert">
                  <p>{t("hr.import.fixAndRetry")}</p>
                </div>
              ) : null}
              <p className="muted small">{t("hr.import.onlyErrors", { count: SHOWN_OK_ROWS })}</p>
              <DataTable
                label={t("hr.import.preview", { file: batch.fileName })}
                columns={[
                  { label: t("hr.import.line"), className: "num" },
                  t("hr.import.givenName"),
                  t("hr.import.familyName"),
                  t("hr.import.email"),
                  t("hr.import.unit"),
                  t("hr.import.role"),
                  { label: t("hr.import.fte"), className: "num" },
                  t("hr.import.problems"),
                ]}
              >
                {(batch.rows ?? []).map((r) => (
                  <tr key={r.line} className={r.errors.length ? "row--error" : undefined}>
                    <th scope="row" className="num">{r.line}</th>
                    <td>{r.givenName}</td>
                    <td>{r.familyName}</td>
                    <td>{r.email}</td>
                    <td>{r.unit}</td>
                    <td>{r.role}</td>
                    <td className="num">{r.fte?.toLocaleString("de-DE") ?? "–"}</td>
                    <td>{r.errors.length ? <span className="text-bad">{r.errors.map((e) => text(e)).join("; ")}</span> : <span className="badge badge--ok">{t("hr.import.ok")}</span>}</td>
                  </tr>
                ))}
              </DataTable>
              {batch.errorCount === 0 && batch.total > 0 ? (
                <Form method="post" className="no-print">
                  <input type="hidden" name="intent" value="commit" />
                  <input type="hidden" name="batchId" value={batch.id} />
                  <input type="hidden" name="submissionId" value={data.submissionId} />
                  <button type="submit" className="button" disabled={busy}>
                    {t("hr.import.commit", { count: batch.total })}
                  </button>
                  {busy ? (
                    <div role="status" className="field">
                      <label htmlFor="commit-progress">{t("hr.import.committing")}</label>
                      <progress id="commit-progress" />
                    </div>
                  ) : null}
                </Form>
              ) : null}
            </>
          ) : null}
          <p className="no-print">
            <a href="/hr/import">{t("hr.import.upload")}</a>
          </p>
        </section>
      ) : null}
    </>
  );
}
