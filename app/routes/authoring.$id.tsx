// One authored module (/authoring/:id): the draft's text beside a server-rendered preview (as
// learners will see it, without answer keys; its quiz can be tried without writing anything), the
// workflow (save, send to review, approve or send back by a second editor, withdraw) and export.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import type { ClientLoaderFunctionArgs } from "@remix-run/react";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import * as z from "zod";
import {
  approveVersion,
  AuthoringError,
  authoredModule,
  previewModule,
  rejectVersion,
  saveDraft,
  submitForReview,
  withdrawVersion,
} from "~/authoring/authoring.server";
import { forbidden, notFound, requirePermission, type Viewer } from "~/auth/access.server";
import { composeSource, frontmatterDefaults, frontmatterFormSchema } from "~/authoring/frontmatter-form";
import { FrontmatterFields } from "~/authoring/frontmatter-fields";
import { ProblemList } from "~/authoring/problem-list";
import { parseModuleFrontmatter } from "~/courses/format";
import { allCompetences, framework } from "~/competences/framework";
import { parseWithZod } from "@conform-to/zod/v4";
import { courseComponents, ModuleContextProvider } from "~/courses/components";
import { loadModuleCode, useModuleComponent } from "~/courses/module-code";
import { toOriginalAnswers } from "~/courses/draw";
import { drawView } from "~/courses/draws.server";
import { grade, type Answers } from "~/courses/grading";
import { registerServerComponent } from "~/courses/modules.server";
import { getDb } from "~/db/client.server";
import { Notice } from "~/shell/forms";
import { readFormData } from "~/shell/forms.server";
import { useNonce } from "~/shell/nonce";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.module.moduleId} – Redaktion – Horizont` : "Horizont" }];

const PREVIEW_DRAW = "00000000-0000-4000-8000-000000000000";

function authoringResponse(error: unknown): never {
  if (error instanceof AuthoringError && error.code === "notFound") throw notFound();
  if (error instanceof AuthoringError && error.code === "notEditor") throw forbidden();
  throw error;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "write:module:any");
  const db = getDb();
  const [module, preview] = await Promise.all([
    authoredModule(db, viewer, params.id ?? "").catch(authoringResponse),
    previewModule(db, viewer, params.id ?? "").catch(authoringResponse),
  ]);
  let rendered = null;
  if (preview.compiled) {
    await registerServerComponent(preview.compiled);
    const key = preview.compiled.key;
    const items = key.questions.map((q) => ({ id: q.id, options: q.options.map((o) => o.value) }));
    rendered = {
      codeUrl: `/authoring/preview-code/${module.id}.${preview.compiled.hash}.js`,
      contentHash: preview.compiled.hash,
      title: preview.frontmatter!.title,
      summary: preview.frontmatter!.summary,
      language: preview.frontmatter!.language,
      draw: drawView({ id: PREVIEW_DRAW, items } as Parameters<typeof drawView>[0], key),
      glossary: preview.compiled.glossary,
    };
  }
  const meta = frontmatterDefaults(module.draftSource);
  return {
    viewerId: viewer.id,
    meta,
    competenceOptions: allCompetences.map((c) => ({ id: c.id, dimension: c.dimension, dimensionName: framework.dimensions.find((d) => d.id === c.dimension)!.name, name: c.name })),
    module: {
      id: module.id,
      courseId: module.courseId,
      moduleId: module.moduleId,
      copiedFrom: module.copiedFrom,
      draftSource: module.draftSource,
      draftRevision: module.draftRevision,
      draftUpdatedAt: module.draftUpdatedAt.toISOString(),
    },
    versions: module.versions.map((v) => ({ ...v, submittedAt: v.submittedAt.toISOString(), reviewedAt: v.reviewedAt?.toISOString() ?? null, mine: v.submittedBy === viewer.id, submittedBy: undefined, contentHash: v.contentHash })),
    problems: preview.problems,
    preview: rendered,
  };
}

export async function clientLoader({ serverLoader }: ClientLoaderFunctionArgs) {
  const page = await serverLoader<typeof loader>();
  if (page.preview) await loadModuleCode(page.preview.codeUrl, page.preview.contentHash);
  return page;
}

const revision = z.coerce.number().int().min(1);
const uuid = z.string().regex(/^[0-9a-f-]{36}$/i);
const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("save"), source: z.string().max(2_000_000).optional(), revision }),
  z.object({ intent: z.literal("submit"), revision }),
  z.object({ intent: z.literal("approve"), versionId: uuid }),
  z.object({ intent: z.literal("reject"), versionId: uuid, note: z.string().max(500).default("") }),
  z.object({ intent: z.literal("withdraw"), versionId: uuid, reason: z.string().max(2000).default("") }),
  z.object({ intent: z.literal("quiz"), contentHash: z.string() }),
  z.object({ intent: z.literal("reflection"), promptId: z.string() }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requirePermission(request, "write:module:any");
  const formData = await readFormData(request);
  const parsed = schema.safeParse(Object.fromEntries([...formData.entries()].filter(([, v]) => typeof v === "string")));
  if (!parsed.success) return data({ error: "invalid" as const, problems: [] }, { status: 400 });
  const form = parsed.data;
  const id = params.id ?? "";
  const db = getDb();
  if (form.intent === "save" && formData.has("body")) return saveForm(db, viewer, id, formData, form.revision);
  try {
    switch (form.intent) {
      case "reflection":
        // The preview stores nothing.
        return { saved: form.promptId };
      case "quiz": {
        const preview = await previewModule(db, viewer, id);
        if (!preview.compiled || preview.compiled.hash !== form.contentHash) return data({ error: "invalid" as const, problems: preview.problems }, { status: 409 });
        const key = preview.compiled.key;
        const items = key.questions.map((q) => ({ id: q.id, options: q.options.map((o) => o.value) }));
        const answers: Answers = Object.fromEntries(items.map((item) => [item.id, formData.getAll(`q-${item.id}`).filter((v): v is string => typeof v === "string")]));
        const result = grade(key, toOriginalAnswers(items, answers), preview.frontmatter!.passMark);
        return { tried: { percent: result.percent, points: result.points, max: result.maxPoints, passed: result.passed } };
      }
      case "save":
        if (form.source === undefined) return data({ error: "invalid" as const, problems: [] }, { status: 400 });
        await db.transaction((tx) => saveDraft(tx, viewer, id, form.source!, form.revision));
        return redirect(`/authoring/${id}?notice=saved`);
      case "submit": {
        const version = await db.transaction((tx) => submitForReview(tx, viewer, id, form.revision));
        return redirect(`/authoring/${id}?notice=submitted&version=${version.version}`);
      }
      case "approve":
        await db.transaction((tx) => approveVersion(tx, viewer, form.versionId));
        return redirect(`/authoring/${id}?notice=published`);
      case "reject":
        await db.transaction((tx) => rejectVersion(tx, viewer, form.versionId, form.note));
        return redirect(`/authoring/${id}?notice=rejected`);
      case "withdraw":
        await db.transaction((tx) => withdrawVersion(tx, viewer, form.versionId, form.reason));
        return redirect(`/authoring/${id}?notice=withdrawn`);
    }
  } catch (error) {
    if (error instanceof AuthoringError && error.code !== "notFound" && error.code !== "notEditor") {
      const mine = form.intent === "save" ? (form.source ?? null) : null;
      return data(
        { error: error.code, problems: error.problems, conflict: error.current ? { current: error.current.source, revision: error.current.revision, mine } : null },
        { status: error.code === "conflict" ? 409 : 400 },
      );
    }
    authoringResponse(error);
  }
}

/**
 * Saves the frontmatter form and the body: the fields are checked per field (German messages,
 * 400 and nothing written), the composed file once more with the schema of courses/, then saved
 * like a whole file (optimistic locking; a conflict keeps the editor's entries in the form).
 */
async function saveForm(db: ReturnType<typeof getDb>, viewer: Viewer, id: string, formData: FormData, expectedRevision: number) {
  const submission = parseWithZod(formData, { schema: frontmatterFormSchema });
  if (submission.status !== "success") return data({ error: "fields" as const, problems: [], result: submission.reply() }, { status: 400 });
  try {
    const row = await authoredModule(db, viewer, id);
    const source = composeSource(row.moduleId, submission.value);
    const checked = parseModuleFrontmatter(source, `${row.moduleId}.mdx`, row.moduleId);
    if (!checked.value) return data({ error: "fields" as const, problems: [], result: submission.reply({ formErrors: ["authoring.meta.errors.schema"] }) }, { status: 400 });
    await db.transaction((tx) => saveDraft(tx, viewer, id, source, expectedRevision));
    return redirect(`/authoring/${id}?notice=saved`);
  } catch (error) {
    if (error instanceof AuthoringError && error.code !== "notFound" && error.code !== "notEditor")
      return data(
        { error: error.code, problems: error.problems, result: submission.reply(), conflict: error.current ? { current: error.current.source, revision: error.current.revision, mine: null } : null },
        { status: error.code === "conflict" ? 409 : 400 },
      );
    authoringResponse(error);
  }
}

type ActionData = {
  result?: import("@conform-to/react").SubmissionResult<string[]>;
  error?: string;
  problems?: { line: number; column: number; message: string; original?: string }[];
  conflict?: { current: string; revision: number; mine: string | null } | null;
  tried?: { percent: number; points: number; max: number; passed: boolean };
  saved?: string;
};

function Preview({ preview }: { preview: NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["preview"]> }) {
  const Content = useModuleComponent(preview.contentHash);
  return (
    <ModuleContextProvider
      value={{
        contentHash: preview.contentHash,
        courseId: "",
        quiz: { mode: "open", draw: preview.draw },
        reflections: {},
        savedReflection: null,
        result: null,
        quizErrors: null,
        previousAnswers: null,
        retryHref: "#quiz-title",
        nextModule: null,
      }}
    >
      <Content components={courseComponents} />
    </ModuleContextProvider>
  );
}

export default function AuthoredModulePage() {
  const nonce = useNonce();
  const { t, i18n } = useTranslation();
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const [params] = useSearchParams();
  const notice = params.get("notice");
  const dateFormat = new Intl.DateTimeFormat(i18n.language === "en" ? "en-GB" : "de-DE", { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/Berlin" });
  const problems = actionData?.problems?.length ? actionData.problems : page.problems;
  const conflict = actionData?.conflict ?? null;
  const title = page.preview?.title ?? page.module.moduleId;
  return (
    <div className="page authoring-page">
      <nav aria-label={t("authoring.editor.back")} className="breadcrumbs">
        <Link to="/authoring">{t("authoring.editor.back")}</Link>
      </nav>
      <h1>{t("authoring.editor.title", { title })}</h1>
      {page.module.copiedFrom ? <p className="muted">{t("authoring.editor.copiedFrom", { key: page.module.copiedFrom })}</p> : null}
      {notice === "saved" ? <Notice>{t("authoring.editor.saved")}</Notice> : null}
      {notice === "imported" ? <Notice>{t("authoring.import.done")}</Notice> : null}
      {notice === "submitted" ? <Notice>{t("authoring.editor.submitted", { version: Number(params.get("version")) })}</Notice> : null}
      {notice === "published" || notice === "rejected" || notice === "withdrawn" ? (
        <Notice>{t(`authoring.versions.${notice}`, { version: page.versions[0]?.version ?? 0 })}</Notice>
      ) : null}
      {actionData?.error ? (
        <Notice tone="error">{t(`authoring.errors.${actionData.error}` as "authoring.errors.invalid")}</Notice>
      ) : null}

      <div className="authoring-columns">
        <section aria-labelledby="source-title" className="authoring-source">
          <h2 id="source-title">{t("authoring.editor.source")}</h2>
          {problems.length ? (
            <div className="notice notice--error" role="alert" id="source-problems">
              <p>{t("authoring.editor.problemsTitle", { count: problems.length })}</p>
              <ProblemList problems={problems} />
            </div>
          ) : null}
          {page.meta.readable ? null : <Notice tone="warn" focus={false}>{t("authoring.meta.unreadable")}</Notice>}
          <FrontmatterFields
            key={conflict ? `c${conflict.revision}` : `r${page.module.draftRevision}`}
            formKey={conflict ? `c${conflict.revision}` : `r${page.module.draftRevision}`}
            defaults={page.meta.values}
            revision={conflict?.revision ?? page.module.draftRevision}
            lastResult={actionData?.result}
            competenceOptions={page.competenceOptions}
            bodyDescribedBy={problems.length ? "source-hint source-problems" : "source-hint"}
          >
            <p className="muted">{t("authoring.editor.revision", { revision: page.module.draftRevision, date: dateFormat.format(new Date(page.module.draftUpdatedAt)) })}</p>
            <div className="button-row">
              <button type="submit" name="intent" value="save" className="button">
                {t("authoring.editor.save")}
              </button>
              <a className="button button--secondary" href={`/authoring/${page.module.id}/export`}>
                {t("authoring.editor.exportDraft")}
              </a>
              <a className="button button--secondary" href={`/authoring/${page.module.id}/export?format=zip`}>
                {t("authoring.editor.exportZip")}
              </a>
            </div>
          </FrontmatterFields>
          {conflict ? (
            <div className="field">
              <label htmlFor="current-draft">{t("authoring.errors.currentDraft")}</label>
              <textarea id="current-draft" readOnly rows={12} className="authoring-textarea" defaultValue={conflict.current} />
            </div>
          ) : null}
          <Form method="post" className="form">
            <input type="hidden" name="revision" value={page.module.draftRevision} />
            <button type="submit" name="intent" value="submit" className="button button--secondary" disabled={problems.length > 0}>
              {t("authoring.editor.submit")}
            </button>
          </Form>
        </section>

        <section aria-labelledby="preview-title" className="authoring-preview card">
          <h2 id="preview-title">{t("authoring.preview.title")}</h2>
          {page.preview ? (
            <>
              <p className="muted">{t("authoring.preview.tryNote")}</p>
              {actionData?.tried ? (
                <Notice tone={actionData.tried.passed ? "ok" : "warn"}>
                  {t("authoring.preview.tried", {
                    percent: actionData.tried.percent,
                    points: actionData.tried.points,
                    max: actionData.tried.max,
                    result: actionData.tried.passed ? t("authoring.preview.passed") : t("authoring.preview.failed"),
                  })}
                </Notice>
              ) : null}
              <script src={page.preview.codeUrl} nonce={nonce} suppressHydrationWarning />
              <div className="module-page">
                <h3>{page.preview.title}</h3>
                <p className="lead-text">{page.preview.summary}</p>
                <div className="module-content" lang={page.preview.language}>
                  <Preview preview={page.preview} />
                </div>
              </div>
            </>
          ) : (
            <p>{t("authoring.preview.invalid")}</p>
          )}
        </section>
      </div>

      <section aria-labelledby="versions-title">
        <h2 id="versions-title">{t("authoring.versions.title")}</h2>
        {page.versions.length === 0 ? (
          <p>{t("authoring.versions.empty")}</p>
        ) : (
          <ul className="plain-list">
            {page.versions.map((v) => (
              <li key={v.id} className="card" data-version={v.version}>
                <h3>
                  {t("authoring.versions.version", { version: v.version })}: {t(`authoring.versions.status.${v.status}`)}
                </h3>
                <p>{t("authoring.versions.submittedBy", { name: v.submittedByName ?? "–", date: dateFormat.format(new Date(v.submittedAt)) })}</p>
                {v.reviewedAt ? <p>{t("authoring.versions.reviewedBy", { name: v.reviewedByName ?? "–", date: dateFormat.format(new Date(v.reviewedAt)) })}</p> : null}
                {v.reviewNote ? <p>{t("authoring.versions.note", { note: v.reviewNote })}</p> : null}
                {v.withdrawnReason ? <p>{t("authoring.versions.note", { note: v.withdrawnReason })}</p> : null}
                <p>
                  <a href={`/authoring/${page.module.id}/export?version=${v.id}`}>{t("authoring.versions.export")}</a>
                </p>
                {v.status === "in_review" && v.mine ? <p className="muted">{t("authoring.versions.ownVersion")}</p> : null}
                {v.status === "in_review" && !v.mine ? (
                  <div className="button-row">
                    <Form method="post">
                      <input type="hidden" name="versionId" value={v.id} />
                      <button type="submit" name="intent" value="approve" className="button">
                        {t("authoring.versions.approve")}
                      </button>
                    </Form>
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="versionId" value={v.id} />
                      <div className="field">
                        <label htmlFor={`note-${v.id}`}>{t("authoring.versions.rejectNote")}</label>
                        <input id={`note-${v.id}`} name="note" maxLength={500} />
                      </div>
                      <button type="submit" name="intent" value="reject" className="button button--secondary">
                        {t("authoring.versions.reject")}
                      </button>
                    </Form>
                  </div>
                ) : null}
                {v.status === "published" ? (
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="versionId" value={v.id} />
                    <div className="field">
                      <label htmlFor={`reason-${v.id}`}>{t("authoring.versions.withdrawReason")}</label>
                      <input id={`reason-${v.id}`} name="reason" maxLength={500} />
                    </div>
                    <button type="submit" name="intent" value="withdraw" className="button button--secondary">
                      {t("authoring.versions.withdraw")}
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
