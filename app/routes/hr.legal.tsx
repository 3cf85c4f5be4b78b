// Rechtsänderungen (changes in the law): HR records that a norm changed, sees which modules cite
// it (the review list), resolves changes and lets an affected module's evidence expire.
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { notFound, requirePermission } from "~/auth/access.server";
import { CompetenceFormError } from "~/competences/form-error";
import { moduleEvidenceHolders } from "~/competences/evidence.server";
import { formatDate } from "~/competences/labels";
import { catalogForAuthority } from "~/courses/authority-catalog.server";
import { getDb } from "~/db/client.server";
import { applyOnce } from "~/db/once.server";
import { affectedModules, expireAffectedModule, LegalFormError, listLegalChanges, recordLegalChange, resolveLegalChange } from "~/legal/changes.server";
import { legalFormSchema } from "~/legal/forms";
import { ExpireEvidenceForm, RecordChangeForm } from "~/legal/legal-forms";
import { Notice } from "~/shell/forms";
import { readFormData } from "~/shell/forms.server";
import { pageTitle } from "~/shell/meta";
import { berlinDate } from "~/dates/calendar";
import { DataTable } from "~/shell/data-table";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "legal.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "read:report:any");
  const db = getDb();
  const now = new Date();
  const changes = await listLegalChanges(db, viewer.authorityId);
  // The modules as the authority's people get them (an adapted version may cite other norms).
  const affected = affectedModules(changes, (await catalogForAuthority(db, viewer.authorityId)).courses);
  const holders = await moduleEvidenceHolders(db, viewer.authorityId, affected, now);
  return {
    changes: changes.map((c) => ({
      modules: affected.filter((m) => m.changes.some((x) => x.id === c.id)).length,
      id: c.id,
      norm: c.norm,
      effectiveOn: c.effectiveOn,
      note: c.note,
      recordedAt: c.recordedAt.toISOString(),
      recordedBy: c.recordedBy,
      resolvedAt: c.resolvedAt?.toISOString() ?? null,
    })),
    affected: affected.map((m) => ({ ...m, holders: holders.get(`${m.courseId}/${m.moduleId}`) ?? 0 })),
    today: berlinDate(now),
    submissionId: crypto.randomUUID(),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requirePermission(request, "write:legal-change:any");
  const submission = parseWithZod(await readFormData(request), { schema: legalFormSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const form = submission.value;
  const db = getDb();
  const now = new Date();
  try {
    const target = await applyOnce(db, form.submissionId, viewer.id, "/hr/legal", async (tx) => {
      if (form.intent === "record") {
        await recordLegalChange(tx, viewer, form, now);
        return "/hr/legal?notice=recorded";
      }
      if (form.intent === "resolve") {
        if (!(await resolveLegalChange(tx, viewer, form.changeId, now))) throw notFound();
        return "/hr/legal?notice=resolved";
      }
      const [courseId, moduleId] = form.module.split("/");
      const counts = await expireAffectedModule(tx, viewer, (await catalogForAuthority(tx, viewer.authorityId)).courses, { courseId, moduleId, validUntil: form.validUntil }, now);
      return `/hr/legal?${new URLSearchParams({ notice: "expired", evidence: String(counts.evidence), people: String(counts.people), until: form.validUntil })}`;
    });
    return redirect(target);
  } catch (error) {
    if (error instanceof LegalFormError || error instanceof CompetenceFormError)
      return data({ result: submission.reply({ fieldErrors: { [error.field]: [error.messageKey] } }) }, { status: 400 });
    throw error;
  }
}

export default function LegalChanges() {
  const { t, i18n } = useTranslation();
  const { changes, affected, today, submissionId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const lang = i18n.language;
  const initial = actionData?.result.initialValue as Record<string, unknown> | undefined;
  const resultFor = (intent: string, module?: string) =>
    initial?.intent === intent && (module === undefined || initial?.module === module) ? actionData?.result : undefined;
  const notice = params.get("notice");
  return (
    <>
      <h2>{t("legal.title")}</h2>
      <p>{t("legal.intro")}</p>
      {notice === "recorded" ? <Notice>{t("legal.notice.recorded")}</Notice> : null}
      {notice === "resolved" ? <Notice>{t("legal.notice.resolved")}</Notice> : null}
      {notice === "expired" ? (
        <Notice>{t("legal.notice.expired", { evidence: Number(params.get("evidence") ?? 0), people: Number(params.get("people") ?? 0), date: formatDate(params.get("until"), lang) })}</Notice>
      ) : null}

      <section aria-labelledby="review-title">
        <h3 id="review-title">{t("legal.review.title")}</h3>
        <p>{t("legal.review.intro")}</p>
        {affected.length === 0 ? (
          <p>{t("legal.review.empty")}</p>
        ) : (
          <ul className="review-list">
            {affected.map((m) => {
              const key = `${m.courseId}/${m.moduleId}`;
              return (
                <li key={key}>
                  <div className="card" data-module={key}>
                    <h4>
                      <Link to={`/courses/${key}`}>{m.moduleTitle}</Link> <span className="muted">({m.courseTitle})</span>
                    </h4>
                    <dl className="facts">
                      <dt>{t("legal.review.reviewedAt")}</dt>
                      <dd>{m.reviewedAt ? formatDate(m.reviewedAt, lang) : t("legal.review.notGiven")}</dd>
                      <dt>{t("legal.review.basis")}</dt>
                      <dd>{m.legalBasis.join("; ")}</dd>
                      <dt>{t("legal.review.change")}</dt>
                      <dd>{m.changes.map((c) => `${c.norm} (${formatDate(c.effectiveOn, lang)})`).join("; ")}</dd>
                      <dt>{t("legal.review.holders")}</dt>
                      <dd>{t("legal.review.holdersCount", { count: m.holders })}</dd>
                    </dl>
                    <ExpireEvidenceForm key={submissionId} module={key} title={m.moduleTitle} submissionId={submissionId} today={today} lastResult={resultFor("expire", key)} />
                  </div>
                </li>
              );
            })}
          </ul>
        )}
      </section>

      <section aria-labelledby="changes-title">
        <h3 id="changes-title">{t("legal.changes.title")}</h3>
        {changes.length === 0 ? (
          <p>{t("legal.changes.empty")}</p>
        ) : (
          <DataTable
            labelledBy="changes-title"
            columns={[
              t("legal.changes.norm"),
              t("legal.changes.effectiveOn"),
              t("legal.changes.note"),
              { label: t("legal.changes.modules"), className: "num" },
              t("legal.changes.recorded"),
              t("legal.changes.status"),
            ]}
          >
            {changes.map((c) => (
              <tr key={c.id}>
                <th scope="row">{c.norm}</th>
                <td>{formatDate(c.effectiveOn, lang)}</td>
                <td>{c.note}</td>
                <td className="num">{c.resolvedAt ? "–" : c.modules}</td>
                <td>{t("legal.changes.recordedBy", { date: formatDate(c.recordedAt, lang), name: c.recordedBy ?? "–" })}</td>
                <td>
                  {c.resolvedAt ? (
                    t("legal.changes.resolved", { date: formatDate(c.resolvedAt, lang) })
                  ) : (
                    <Form method="post" className="no-print">
                      <span>{t("legal.changes.open")}</span>{" "}
                      <input type="hidden" name="intent" value="resolve" />
                      <input type="hidden" name="submissionId" value={submissionId} />
                      <input type="hidden" name="changeId" value={c.id} />
                      <button type="submit" className="button button--quiet" aria-label={t("legal.changes.resolveLabel", { norm: c.norm })}>
                        {t("legal.changes.resolve")}
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>

      <RecordChangeForm key={submissionId} submissionId={submissionId} today={today} lastResult={resultFor("record")} />
    </>
  );
}
