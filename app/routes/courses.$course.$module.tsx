// A module: its content, reflection prompts and the quiz (graded on the server). With
// ?attempt=<id> it shows one of the person's own graded attempts with the explanations.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ClientLoaderFunctionArgs } from "@remix-run/react";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { notFound, requireRole } from "~/auth/access.server";
import { SubmissionConflict, submitAttempt } from "~/courses/attempts.server";
import { getCourse } from "~/courses/catalog.server";
import { courseComponents, loadModuleCode, ModuleContextProvider, useModuleComponent } from "~/courses/components";
import { unanswered, type Answers } from "~/courses/grading";
import { getCompiledModule } from "~/courses/modules.server";
import { modulePage } from "~/courses/pages.server";
import { maxReflectionLength, saveReflection } from "~/courses/reflections.server";
import { getDb } from "~/db/client.server";
import { submissionIdField } from "~/db/once.server";
import { resolveLocale } from "~/i18n/locale.server";
import { learnerRoles } from "~/courses/roles";

import { useNonce } from "~/shell/nonce";
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.module.title} – Horizont` : "Horizont" }];

function findModule(params: LoaderFunctionArgs["params"]) {
  const course = getCourse(params.course ?? "");
  const module = course?.modules.find((m) => m.id === params.module);
  if (!course || !module) throw notFound();
  return { course, module };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, ...learnerRoles);
  const { course, module } = findModule(params);
  const locale = await resolveLocale(request, viewer.locale);
  const attemptId = new URL(request.url).searchParams.get("attempt");
  return modulePage(getDb(), viewer, { course, module, attemptId, now: new Date(), locale });
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
    body: z.string().max(maxReflectionLength, "courses.reflection.tooLong").default(""),
  }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireRole(request, ...learnerRoles);
  const { course, module } = findModule(params);
  const compiled = getCompiledModule(course.id, module.id);
  if (!compiled) throw new Response("This module has not been compiled.", { status: 503 });
  let formData: FormData;
  try {
    formData = await request.formData();
  } catch {
    throw new Response("The form could not be read.", { status: 400 });
  }
  const parsed = schema.safeParse(Object.fromEntries([...formData.entries()].filter(([, v]) => typeof v === "string")));
  if (!parsed.success) return data({ error: parsed.error.issues[0]?.message ?? "invalid" }, { status: 400 });
  const form = parsed.data;
  if (form.intent === "reflection") {
    if (!compiled.reflections.some((r) => r.id === form.promptId)) return data({ error: "unknown prompt" }, { status: 400 });
    await getDb().transaction((tx) =>
      saveReflection(tx, { authorityId: viewer.authorityId, personId: viewer.id, courseId: course.id, moduleId: module.id, promptId: form.promptId, body: form.body, now: new Date() }),
    );
    return { saved: form.promptId };
  }
  const answers: Answers = Object.fromEntries(
    compiled.key.questions.map((q) => [q.id, formData.getAll(`q-${q.id}`).filter((v): v is string => typeof v === "string")]),
  );
  if (form.contentHash !== compiled.hash) return data({ quizErrors: { changed: true }, answers: null }, { status: 409 });
  const open = unanswered(compiled.key, answers);
  if (open.length) return data({ quizErrors: { unanswered: open }, answers }, { status: 400 });
  try {
    const result = await getDb().transaction((tx) =>
      submitAttempt(tx, {
        authorityId: viewer.authorityId,
        personId: viewer.id,
        course,
        module,
        contentHash: compiled.hash,
        key: compiled.key,
        answers,
        submissionId: form.submissionId,
        now: new Date(),
      }),
    );
    return redirect(`/courses/${course.id}/${module.id}?attempt=${result.attemptId}#result`);
  } catch (error) {
    if (error instanceof SubmissionConflict) return data({ error: "conflict" }, { status: 409 });
    throw error;
  }
}

export default function ModulePage() {
  const nonce = useNonce();
  const { t, i18n } = useTranslation();
  const page = useLoaderData<typeof clientLoader>();
  const actionData = useActionData<typeof action>();
  const Content = useModuleComponent(page.contentHash);
  const quizErrors = actionData && "quizErrors" in actionData ? actionData.quizErrors : null;
  const previousAnswers = actionData && "answers" in actionData ? actionData.answers : null;
  const savedReflection = actionData && "saved" in actionData ? actionData.saved : null;
  const dateFormat = new Intl.DateTimeFormat(i18n.language === "en" ? "en-GB" : "de-DE", { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/Berlin" });
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
        </ul>
      </header>
      <script src={page.codeUrl} nonce={nonce} suppressHydrationWarning />
      <div className="module-content" lang={page.module.language}>
        <ModuleContextProvider
          value={{
            submissionId: page.submissionId,
            contentHash: page.contentHash,
            reflections: page.reflections,
            savedReflection,
            result: page.result,
            quizErrors,
            previousAnswers,
            retryHref: `/courses/${page.course.id}/${page.module.id}#quiz-title`,
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
