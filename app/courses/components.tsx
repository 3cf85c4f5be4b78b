// The components course authors use in modules (courses/README.md), rendered in the browser and
// on the server from the compiled MDX. The quiz is a real <form method="post"> that works without
// JavaScript; with JavaScript Remix submits it without a full reload. Before grading these
// components know only ids, prompts and option texts; after grading they read the result the
// server sent (explanations, points) from the module context.
import { Form, Link, useFetcher, useLocation, useNavigation } from "@remix-run/react";
import * as React from "react";
import { createContext, useContext, useId, useMemo, type ComponentType, type ReactNode } from "react";
import * as ReactDOM from "react-dom";
import * as jsxRuntime from "react/jsx-runtime";
import { useTranslation } from "react-i18next";

export interface GradedOptionView {
  value: string;
  text: string;
  chosen: boolean;
  correct: boolean;
  points: number;
  explanation: string;
}

export interface GradedQuestionView {
  id: string;
  kind: "single" | "multiple" | "judgement";
  points: number;
  maxPoints: number;
  options: GradedOptionView[];
}

export interface ResultView {
  id: string;
  points: number;
  maxPoints: number;
  scorePercent: number;
  passMark: number;
  passed: boolean;
  questions: GradedQuestionView[] | null;
}

export interface ModuleContextValue {
  submissionId: string;
  contentHash: string;
  /** The person's own reflection notes by prompt id. */
  reflections: Record<string, string>;
  /** Prompt id just saved (form sent without JavaScript). */
  savedReflection?: string | null;
  result: ResultView | null;
  /** After a rejected submit: questions left open, the answers given, or a content change. */
  quizErrors?: { unanswered?: string[]; changed?: boolean } | null;
  previousAnswers?: Record<string, string[]> | null;
  retryHref: string;
  nextModule: { href: string; title: string } | null;
}

const ModuleContext = createContext<ModuleContextValue | null>(null);
export const ModuleContextProvider = ModuleContext.Provider;
const useModule = () => {
  const value = useContext(ModuleContext);
  if (!value) throw new Error("Course components render inside ModuleContextProvider.");
  return value;
};

const QuestionContext = createContext<{ id: string; kind: GradedQuestionView["kind"]; graded: GradedQuestionView | null } | null>(null);

export function CaseVignette({ title, children }: { title?: string; children?: ReactNode }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <section className="vignette" aria-labelledby={id}>
      <h3 id={id} className="vignette__title">
        <span className="vignette__kind">{t("courses.vignette")}</span>
        {title ? <>: {title}</> : null}
      </h3>
      {children}
    </section>
  );
}

export function Callout({ type = "info", title, children }: { type?: "info" | "tip" | "warning"; title?: string; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className={`callout callout--${type}`} role="note">
      <p className="callout__title">
        <strong>{title ?? t(`courses.callout.${type}`)}</strong>
      </p>
      {children}
    </div>
  );
}

export function Term({ definition, children }: { definition: string; children?: ReactNode }) {
  const id = useId();
  return (
    <span className="term">
      <dfn tabIndex={0} aria-describedby={id}>
        {children}
      </dfn>
      <span role="tooltip" id={id} className="term__tip">
        {definition}
      </span>
    </span>
  );
}

export function Reflection({ id, prompt }: { id: string; prompt: string }) {
  const { t } = useTranslation();
  const module = useModule();
  const fetcher = useFetcher<{ saved?: string }>();
  const { pathname } = useLocation();
  const fieldId = `reflection-${id}`;
  const saved = fetcher.state === "idle" && (fetcher.data?.saved === id || (!fetcher.data && module.savedReflection === id));
  return (
    <section className="reflection" aria-labelledby={`${fieldId}-prompt`}>
      <h3 id={`${fieldId}-prompt`} className="reflection__prompt">
        {prompt}
      </h3>
      <fetcher.Form method="post" action={pathname} className="form reflection__form">
        <input type="hidden" name="intent" value="reflection" />
        <input type="hidden" name="promptId" value={id} />
        <div className="field">
          <label htmlFor={fieldId}>{t("courses.reflection.label")}</label>
          <span className="hint" id={`${fieldId}-hint`}>
            {t("courses.reflection.hint")}
          </span>
          <textarea id={fieldId} name="body" rows={5} maxLength={10_000} defaultValue={module.reflections[id] ?? ""} aria-describedby={`${fieldId}-hint`} />
        </div>
        <div className="button-row">
          <button type="submit" className="button button--secondary">
            {t("courses.reflection.save")}
          </button>
          <span role="status" className="reflection__status">
            {saved ? t("courses.reflection.saved") : ""}
          </span>
        </div>
      </fetcher.Form>
    </section>
  );
}

function QuizResultSummary({ result }: { result: ResultView }) {
  const { t } = useTranslation();
  const module = useModule();
  const params = { percent: result.scorePercent, points: result.points, max: result.maxPoints, passMark: result.passMark };
  return (
    <div className={`notice ${result.passed ? "notice--ok" : "notice--warn"}`} role="status" id="result" tabIndex={-1}>
      <h3 className="quiz__result-title">{t("courses.quiz.resultTitle")}</h3>
      <p>{result.passed ? t("courses.quiz.passed", params) : t("courses.quiz.failed", params)}</p>
      {result.questions ? null : <p>{t("courses.quiz.oldVersion")}</p>}
      <p className="button-row">
        {result.passed && module.nextModule ? (
          <Link className="button" to={module.nextModule.href}>
            {t("courses.quiz.nextModule", { module: module.nextModule.title })}
          </Link>
        ) : null}
        <Link className={result.passed ? "button button--secondary" : "button"} to={module.retryHref}>
          {t("courses.quiz.retry")}
        </Link>
      </p>
    </div>
  );
}

export function Quiz({ children }: { children?: ReactNode }) {
  const { t } = useTranslation();
  const module = useModule();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "quiz";
  const open = module.quizErrors?.unanswered?.length ?? 0;
  if (module.result)
    return (
      <section className="quiz quiz--graded" aria-labelledby="quiz-title">
        <h2 id="quiz-title">{t("courses.quiz.title")}</h2>
        <QuizResultSummary result={module.result} />
        {module.result.questions ? <ol className="quiz__questions">{children}</ol> : null}
      </section>
    );
  return (
    <section className="quiz" aria-labelledby="quiz-title">
      <h2 id="quiz-title">{t("courses.quiz.title")}</h2>
      <p>{t("courses.quiz.intro")}</p>
      {module.quizErrors?.changed ? (
        <div className="notice notice--error" role="alert">
          <p>{t("courses.quiz.changed")}</p>
        </div>
      ) : open ? (
        <div className="notice notice--error" role="alert">
          <p>{t("courses.quiz.unanswered", { count: open })}</p>
        </div>
      ) : null}
      <Form method="post" className="quiz__form" preventScrollReset={false}>
        <input type="hidden" name="intent" value="quiz" />
        <input type="hidden" name="submissionId" value={module.submissionId} />
        <input type="hidden" name="contentHash" value={module.contentHash} />
        <ol className="quiz__questions">{children}</ol>
        <button type="submit" className="button" disabled={busy}>
          {busy ? t("courses.quiz.submitting") : t("courses.quiz.submit")}
        </button>
      </Form>
    </section>
  );
}

function QuestionFrame({
  id,
  kind,
  prompt,
  scene,
  children,
}: {
  id: string;
  kind: GradedQuestionView["kind"];
  prompt: string;
  scene?: string;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const module = useModule();
  const graded = module.result?.questions?.find((q) => q.id === id) ?? null;
  const missing = !module.result && module.quizErrors?.unanswered?.includes(id);
  const hintId = `q-${id}-hint`;
  const errorId = `q-${id}-error`;
  const context = useMemo(() => ({ id, kind, graded }), [id, kind, graded]);
  return (
    <li className={`quiz__question${graded ? (graded.points === graded.maxPoints ? " is-full" : graded.points > 0 ? " is-partial" : " is-zero") : ""}`}>
      {scene ? (
        <p className="quiz__scene" id={`q-${id}-scene`}>
          {t("courses.quiz.judgement", { scene })}
        </p>
      ) : null}
      <fieldset aria-describedby={[scene ? `q-${id}-scene` : "", hintId, missing ? errorId : ""].filter(Boolean).join(" ")} aria-invalid={missing || undefined}>
        <legend>{prompt}</legend>
        <p className="hint" id={hintId}>
          {kind === "multiple" ? t("courses.quiz.multiple") : kind === "single" ? t("courses.quiz.single") : t("courses.quiz.judgementHint")}
        </p>
        {missing ? (
          <p className="field-error" id={errorId}>
            {t("courses.quiz.questionUnanswered")}
          </p>
        ) : null}
        <QuestionContext.Provider value={context}>
          <ul className="quiz__options">{children}</ul>
        </QuestionContext.Provider>
        {graded ? <p className="quiz__points">{t("courses.quiz.questionPoints", { points: graded.points, max: graded.maxPoints })}</p> : null}
      </fieldset>
    </li>
  );
}

export function Question({ id, type, prompt, children }: { id: string; type: "single" | "multiple"; prompt: string; children?: ReactNode }) {
  return (
    <QuestionFrame id={id} kind={type} prompt={prompt}>
      {children}
    </QuestionFrame>
  );
}

export function Judgement({ id, scene, prompt, children }: { id: string; scene: string; prompt: string; children?: ReactNode }) {
  return (
    <QuestionFrame id={id} kind="judgement" prompt={prompt} scene={scene}>
      {children}
    </QuestionFrame>
  );
}

export function Option({ value, children }: { value: string; children?: ReactNode }) {
  const { t } = useTranslation();
  const module = useModule();
  const question = useContext(QuestionContext);
  if (!question) return null;
  const inputId = `q-${question.id}-${value}`;
  const graded = question.graded?.options.find((o) => o.value === value);
  if (question.graded && graded) {
    const good = question.kind === "judgement" ? graded.points === Math.max(...question.graded.options.map((o) => o.points)) : graded.correct;
    return (
      <li className={`quiz__option quiz__option--graded${graded.chosen ? " is-chosen" : ""}${good ? " is-good" : ""}`}>
        <p className="quiz__option-text">
          <span aria-hidden="true" className="quiz__marker">
            {graded.chosen ? "◉" : "○"}
          </span>{" "}
          {children}
        </p>
        <p className="quiz__option-meta">
          <strong>{graded.chosen ? t("courses.quiz.yourChoice") : t("courses.quiz.notChosen")}</strong>
          {question.kind === "judgement" ? <> · {t("courses.quiz.optionPoints", { count: graded.points })}</> : good ? <> · {t("courses.quiz.correctOption")}</> : null}
        </p>
        <p className="quiz__explanation">{graded.explanation}</p>
      </li>
    );
  }
  const previous = module.previousAnswers?.[question.id] ?? [];
  return (
    <li className="quiz__option">
      <label className={question.kind === "multiple" ? "checkbox" : "radio"} htmlFor={inputId}>
        <input
          id={inputId}
          type={question.kind === "multiple" ? "checkbox" : "radio"}
          name={`q-${question.id}`}
          value={value}
          defaultChecked={previous.includes(value)}
        />
        <span>{children}</span>
      </label>
    </li>
  );
}

export const courseComponents = { CaseVignette, Reflection, Callout, Term, Quiz, Question, Judgement, Option };

/**
 * Compiled modules by content hash. The CSP forbids eval in the browser, so the browser gets each
 * module's code as a script file (/course-code/…) that registers a factory here, taking the same
 * scope getMDXComponent passes (React, ReactDOM, _jsx_runtime). On the server, the module index
 * registers the component that mdx-bundler's getMDXComponent made.
 */
type MdxProps = { components?: Record<string, ComponentType<never>> };
type Registered = { component?: ComponentType<MdxProps>; factory?: (react: unknown, reactDom: unknown, jsx: unknown) => { default: ComponentType<MdxProps> } };
export function moduleRegistry(): Record<string, Registered> {
  const holder = globalThis as unknown as { __horizontMdx?: Record<string, Registered> };
  return (holder.__horizontMdx ??= {});
}

const loading = new Map<string, Promise<void>>();
/** Loads a module's code file in the browser (client-side navigation); resolves when registered. */
export function loadModuleCode(url: string, hash: string): Promise<void> {
  if (moduleRegistry()[hash]) return Promise.resolve();
  let promise = loading.get(hash);
  if (!promise) {
    promise = new Promise<void>((resolve, reject) => {
      const script = document.createElement("script");
      script.src = url;
      script.onload = () => resolve();
      script.onerror = () => {
        loading.delete(hash);
        reject(new Error(`The module code ${url} could not be loaded.`));
      };
      document.head.appendChild(script);
    });
    loading.set(hash, promise);
  }
  return promise;
}

/** The module's content as a component, made once per content hash. */
export function useModuleComponent(hash: string) {
  return useMemo(() => {
    const entry = moduleRegistry()[hash];
    if (!entry) throw new Error(`Module ${hash} is not loaded.`);
    entry.component ??= entry.factory!(React, ReactDOM, jsxRuntime).default;
    return entry.component;
  }, [hash]);
}
