// A module: its content, reflection prompts and the quiz (graded on the server). With
// ?attempt=<id> it shows one of the person's own graded attempts with the explanations.
import { hasControlCharacters } from "~/shell/text";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ClientLoaderFunctionArgs } from "@remix-run/react";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import * as z from "zod";
import { notFound, requirePermission } from "~/auth/access.server";
import { DrawOutdated, RetakeTooEarly, SubmissionConflict, UnknownDraw } from "~/courses/attempts.server";
import { getModule } from "~/courses/catalog.server";
import { courseComponents, ModuleContextProvider } from "~/courses/components";
import { loadModuleCode, useModuleComponent } from "~/courses/module-code";
import { drawnKey, toOriginalAnswers } from "~/courses/draw";
import { findDraw } from "~/courses/draws.server";
import { unanswered, type Answers } from "~/courses/grading";
import { getSettings } from "~/org/settings.server";
import { courseForAuthority, moduleForLearner } from "~/courses/authority-catalog.server";
import { modulePage } from "~/learning/course-pages.server";
import { submitQuiz } from "~/learning/quiz-outcome.server";
import { maxReflectionLength, saveReflection } from "~/courses/reflections.server";
import { getDb } from "~/db/client.server";
import { moduleLegalStatus } from "~/legal/changes.server";
import { RechtsstandLine, RevisionNotice } from "~/legal/module-notice";
import { submissionIdField } from "~/db/once.server";
import { resolveLocale } from "~/i18n/locale.server";

import { useNonce } from "~/shell/nonce";
import { badRequest } from "~/shell/forms.server";
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.module.title} – Horizont` : "Horizont" }];

/** The course and the version of the module this person gets (the authority's own, or built-in). */
async function findModule(params: LoaderFunctionArgs["params"], person: { id: string; authorityId: string }) {
  // The course as the authority has it (its own modules and courses too; the next one's title).
  const course = await courseForAuthority(getDb(), person.authorityId, params.course ?? "");
  const listed = course?.modules.find((m) => m.id === params.module);
  if (!course || !listed) throw notFound();
  // A built-in module's own frontmatter is the base the authority's version replaces.
  const base = getModule(course.id, listed.id) ?? listed;
  const resolved = await moduleForLearner(getDb(), person, base);
  if (!resolved) throw new Response("This module has not been compiled.", { status: 503 });
  return { course, module: resolved.module, compiled: resolved.compiled, version: resolved.version, withdrawn: resolved.withdrawn };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "read:course:any");
  const { course, module, compiled, version, withdrawn } = await findModule(params, viewer);
  const locale = await resolveLocale(request, viewer.locale);
  const search = new URL(request.url).searchParams;
  const attemptId = search.get("attempt");
  const db = getDb();
  const page = await modulePage(db, viewer, { course, module, compiled, attemptId, retake: search.get("retake") === "1", now: new Date(), locale });
  return { ...page, version, withdrawn, legal: await moduleLegalStatus(db, viewer.authorityId, module) };
}

// Client-side navigation: load the module's code file before rendering (the document request
// loads it with the <script> in the page, before hydration).
export async function clientLoader({ serverLoader }: ClientLoaderFunctionArgs) {
  const page = await serverLoader<typeof loader>();
  await loadModuleCode(page.codeUrl, page.contentHash);
  return page;
}

const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("quiz"), submissionId: submissionIdField, contentHash: z.string().min(1) }),
  z.object({
    intent: z.literal("reflection"),
    promptId: z.string().min(1),
    body: z.string().max(maxReflectionLength, "courses.reflection.tooLong").refine((s) => !hasControlCharacters(s), "validation.controlCharacters").default(""),
  }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requirePermission(request, "read:course:any");
  const { course, module, compiled } = await findModule(params, viewer);
  let formData: FormData;
  try {
    formData = await request.formData();
  } catch {
    throw badRequest("errors.formUnreadable");
  }
  const parsed = schema.safeParse(Object.fromEntries([...formData.entries()].filter(([, v]) => typeof v === "string")));
  if (!parsed.success) return data({ error: parsed.error.issues[0]?.message ?? "invalid" }, { status: 400 });
  const form = parsed.data;
  if (form.intent === "reflection") {
    if (!compiled.reflections.some((r) => r.id === form.promptId)) return data({ error: "validation.invalidChoice" }, { status: 400 });
    await getDb().transaction((tx) =>
      saveReflection(tx, { authorityId: viewer.authorityId, personId: viewer.id, courseId: course.id, moduleId: module.id, promptId: form.promptId, body: form.body, now: new Date() }),
    );
    return { saved: form.promptId };
  }
  if (form.contentHash !== compiled.hash) return data({ quizErrors: { changed: true }, answers: null }, { status: 409 });
  // The draw this form shows (its id is the submission id): only its items are read and graded.
  const where = { authorityId: viewer.authorityId, personId: viewer.id, courseId: course.id, moduleId: module.id };
  const draw = await findDraw(getDb(), where, form.submissionId);
  if (!draw) return data({ quizErrors: { unknownDraw: true }, answers: null }, { status: 400 });
  const answers: Answers = Object.fromEntries(draw.items.map((item) => [item.id, formData.getAll(`q-${item.id}`).filter((v): v is string => typeof v === "string")]));
  const open = unanswered(drawnKey(compiled.key, draw.items), toOriginalAnswers(draw.items, answers));
  if (open.length) return data({ quizErrors: { unanswered: open }, answers }, { status: 400 });
  const settings = await getSettings(getDb(), viewer.authorityId);
  try {
    const result = await getDb().transaction((tx) =>
      submitQuiz(tx, {
        authorityId: viewer.authorityId,
        personId: viewer.id,
        course,
        module,
        contentHash: compiled.hash,
        key: compiled.key,
        answers,
        submissionId: form.submissionId,
        retakeWaitMinutes: settings.retakeWaitMinutes,
        now: new Date(),
      }),
    );
    return redirect(`/courses/${course.id}/${module.id}?attempt=${result.attemptId}#result`);
  } catch (error) {
    if (error instanceof SubmissionConflict) return data({ error: "conflict" }, { status: 409 });
    if (error instanceof UnknownDraw) return data({ quizErrors: { unknownDraw: true }, answers: null }, { status: 400 });
    if (error instanceof DrawOutdated) return data({ quizErrors: { changed: true }, answers: null }, { status: 409 });
    // 429: the attempt is refused until the retake wait has passed; nothing was written.
    if (error instanceof RetakeTooEarly) return data({ quizErrors: { notBefore: error.notBefore }, answers: null }, { status: 429 });
    throw error;
  }
}

/** Dates of earlier attempts (Berlin time), one formatter per language for the life of the page. */
const attemptDateFormat = {
  de: new Intl.DateTimeFormat("de-DE", { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/Berlin" }),
  en: new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/Berlin" }),
};

export default function ModulePage() {
  const nonce = useNonce();
  const { t, i18n } = useTranslation();
  const page = useLoaderData<typeof clientLoader>();
  const actionData = useActionData<typeof action>();
  const Content = useModuleComponent(page.contentHash);
  const quizErrors = actionData && "quizErrors" in actionData ? actionData.quizErrors : null;
  const previousAnswers = actionData && "answers" in actionData ? actionData.answers : null;
  const savedReflection = actionData && "saved" in actionData ? actionData.saved : null;
  const dateFormat = attemptDateFormat[i18n.language === "en" ? "en" : "de"];
  return (
    <article className="page module-page">
      <nav aria-label={t("courses.backToCourses")} className="breadcrumbs">
        <Link to="/courses">{t("courses.backToCourses")}</Link> ›{" "}
        <Link to={`/courses/${page.course.id}`}>{page.course.title}</Link>
      </nav>
      <header className="module-page__header">
        <p className="muted">{t("courses.moduleOf", { position: page.module.position, total: page.course.total })}</p>
        <h1>{page.module.title}</h1>
        <p className="lead-text">{page.module.summary}</p>
        <ul className="module-facts">
          <li>{t("courses.minutes", { minutes: page.module.minutes })}</li>
          <li>{t("courses.passMarkInfo", { passMark: page.module.passMark })}</li>
          {page.module.expiresAfterMonths ? <li>{t("courses.expiresInfo", { months: page.module.expiresAfterMonths })}</li> : null}
          <li>
            {t("courses.certifies")}: {page.module.competences.map((c) => t("courses.competenceLevel", { name: c.name, level: c.level })).join(", ")}
          </li>
          <RechtsstandLine status={page.legal} />
        </ul>
        <RevisionNotice status={page.legal} />
        {page.version ? <p className="muted" data-testid="module-version">{t("authoring.learner.version", { version: page.version })}</p> : null}
        {page.withdrawn ? (
          <div className="callout callout--warning" role="note">
            <p>{t("authoring.learner.withdrawn", { version: page.withdrawn.version, reason: page.withdrawn.reason ?? "" })}</p>
          </div>
        ) : null}
      </header>
      <script src={page.codeUrl} nonce={nonce} suppressHydrationWarning />
      <div className="module-content" lang={page.module.language}>
        <ModuleContextProvider
          value={{
            contentHash: page.contentHash,
            courseId: page.course.id,
            quiz: page.quiz,
            reflections: page.reflections,
            savedReflection,
            result: page.result,
            quizErrors,
            previousAnswers,
            retryHref: `/courses/${page.course.id}/${page.module.id}?retake=1#quiz-title`,
            nextModule: page.nextModule,
          }}
        >
          <Content components={courseComponents} />
        </ModuleContextProvider>
      </div>
      {page.history.length ? (
        <section aria-labelledby="history-title" className="card">
          <h2 id="history-title">{t("courses.quiz.history")}</h2>
          <ul>
            {page.history.map((h) => (
              <li key={h.id}>
                <Link to={`?attempt=${h.id}#result`}>
                  {t("courses.quiz.historyItem", {
                    date: dateFormat.format(new Date(h.submittedAt)),
                    percent: h.scorePercent,
                    result: h.passed ? t("courses.quiz.historyPassed") : t("courses.quiz.historyFailed"),
                  })}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {page.glossary.length ? (
        <section aria-labelledby="glossary-title" className="card glossary">
          <h2 id="glossary-title">{t("courses.glossaryTitle")}</h2>
          <dl>
            {page.glossary.map((g) => (
              <div key={g.term}>
                <dt>{g.term}</dt>
                <dd>{g.definition}</dd>
              </div>
            ))}
          </dl>
        </section>
      ) : null}
    </article>
  );
}
