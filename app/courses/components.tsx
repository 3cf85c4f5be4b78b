// The components course authors use in modules (courses/README.md), rendered in the browser and
// on the server from the compiled MDX. The quiz is a real <form method="post"> that works without
// JavaScript; with JavaScript Remix submits it without a full reload. The quiz shows only the
// items the server drew for this attempt, in the drawn order, with the options in the drawn
// order (from the module context: display values "a", "b", … and option texts). After grading
// they read the result the server sent (explanations, points) from the module context.
import { Form, Link, useFetcher, useLocation, useNavigation } from "@remix-run/react";
import * as React from "react";
import { createContext, useContext, useId, useMemo, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { CompetenceChange } from "./quiz-outcome.server";

export interface GradedOptionView {
  /** Display value ("a", "b", …) in the drawn order. */
  value: string;
  text: string;
  chosen: boolean;
  /** Null for the options a learner did not choose in a failed attempt (their key stays unknown). */
  feedback: { correct: boolean; good: boolean; points: number; explanation: string } | null;
}

export interface GradedQuestionView {
  id: string;
  kind: "single" | "multiple" | "judgement";
  points: number;
  maxPoints: number;
  options: GradedOptionView[];
}

/** How a passed quiz changed the learner's levels, as the server computes it (quiz-outcome.server.ts). */
export type CompetenceChangeView = CompetenceChange;

export interface ResultView {
  id: string;
  points: number;
  maxPoints: number;
  scorePercent: number;
  passMark: number;
  passed: boolean;
  /** The drawn items in their drawn order; null for an attempt on an older content version. */
  questions: GradedQuestionView[] | null;
  changes: CompetenceChangeView[];
  /** After a failed attempt: when the next one is possible (null: now). */
  retakeNotBefore: Date | string | null;
}

/** The drawn items of the open quiz: ids and option texts in display order, display values only. */
export interface DrawView {
  id: string;
  items: { id: string; options: { value: string; text: string }[] }[];
}

/** What the quiz area shows: the open draw, the retake wait, a passed module's status, or a result. */
export type QuizView =
  | { mode: "open"; draw: DrawView }
  | { mode: "wait"; notBefore: Date | string }
  | { mode: "passed"; status: { passedAt: Date | string; scorePercent: number; attemptId: string; validUntil: Date | string | null; certificate: boolean } }
  | { mode: "result" };

export interface ModuleContextValue {
  contentHash: string;
  courseId: string;
  /** The person's own reflection notes by prompt id. */
  reflections: Record<string, string>;
  /** Prompt id just saved (form sent without JavaScript). */
  savedReflection?: string | null;
  quiz: QuizView;
  result: ResultView | null;
  /** After a rejected submit: questions left open, the answers given, a content change, a retake too early. */
  quizErrors?: { unanswered?: string[]; changed?: boolean; notBefore?: Date | string; unknownDraw?: boolean } | null;
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

function useDateFormat() {
  const { i18n } = useTranslation();
  return useMemo(
    () => new Intl.DateTimeFormat(i18n.language === "en" ? "en-GB" : "de-DE", { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/Berlin" }),
    [i18n.language],
  );
}

/** How items are scored, above every quiz. */
function ScoringNote() {
  const { t } = useTranslation();
  return (
    <div className="quiz__scoring">
      <p>{t("courses.quiz.scoringIntro")}</p>
      <ul>
        <li>{t("courses.quiz.scoringSingle")}</li>
        <li>{t("courses.quiz.scoringMultiple")}</li>
        <li>{t("courses.quiz.scoringJudgement")}</li>
      </ul>
    </div>
  );
}

/** Per competence the module certifies: level before and after, the requirement, what closes the rest. */
function CompetenceChanges({ changes }: { changes: CompetenceChangeView[] }) {
  const { t } = useTranslation();
  const format = useDateFormat();
  if (!changes.length) return null;
  return (
    <section className="quiz__changes" aria-labelledby="changes-title">
      <h4 id="changes-title">{t("courses.quiz.changesTitle")}</h4>
      <ul>
        {changes.map((c) => (
          <li key={c.competenceId}>
            <strong>{c.name}</strong>:{" "}
            {c.after > c.before ? t("courses.quiz.levelRaised", { before: c.before, after: c.after }) : t("courses.quiz.levelStays", { level: c.after })}
            {"; "}
            {c.required === 0
              ? t("courses.quiz.noRequirement")
              : c.remaining === 0
                ? t("courses.quiz.requirementMet", { required: c.required })
                : (
                    <>
                      {t("courses.quiz.missingFor", { required: c.required })}{" "}
                      {c.modules.map((m, i) => (
                        <React.Fragment key={m.href}>
                          {i > 0 ? ", " : null}
                          <Link to={m.href}>{m.title}</Link>
                        </React.Fragment>
                      ))}
                      {c.needsPractice ? (
                        <>
                          {c.modules.length ? ` ${t("courses.quiz.and")} ` : null}
                          {c.workshop ? t("courses.quiz.practiceOrThisWorkshop") : t("courses.quiz.practiceOrWorkshop")}
                        </>
                      ) : null}
                      {!c.modules.length && !c.needsPractice ? (c.workshop ? t("courses.quiz.practiceOrThisWorkshop") : t("courses.quiz.practiceOrWorkshop")) : null}
                      {c.workshop ? (
                        <>
                          {c.needsPractice || !c.modules.length ? " " : ` ${t("courses.quiz.orThisWorkshop")} `}
                          <Link to={c.workshop.href}>{c.workshop.title}</Link> {t("courses.quiz.workshopOn", { date: format.format(new Date(c.workshop.startsAt)) })}
                        </>
                      ) : null}
                    </>
                  )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function QuizResultSummary({ result }: { result: ResultView }) {
  const { t } = useTranslation();
  const module = useModule();
  const format = useDateFormat();
  const params = { percent: result.scorePercent, points: result.points, max: result.maxPoints, passMark: result.passMark };
  return (
    <div className={`notice ${result.passed ? "notice--ok" : "notice--warn"}`} role="status" id="result" tabIndex={-1}>
      <h3 className="quiz__result-title">{t("courses.quiz.resultTitle")}</h3>
      <p>{result.passed ? t("courses.quiz.passed", params) : t("courses.quiz.failed", params)}</p>
      {result.questions ? result.passed ? null : <p>{t("courses.quiz.failedFeedback")}</p> : <p>{t("courses.quiz.oldVersion")}</p>}
      <CompetenceChanges changes={result.changes} />
      {result.retakeNotBefore ? <p>{t("courses.quiz.wait", { date: format.format(new Date(result.retakeNotBefore)) })}</p> : null}
      <p className="button-row">
        {result.passed && module.nextModule ? (
          <Link className="button" to={module.nextModule.href}>
            {t("courses.quiz.nextModule", { module: module.nextModule.title })}
          </Link>
        ) : null}
        {result.retakeNotBefore ? null : (
          <Link className={result.passed ? "button button--secondary" : "button"} to={module.retryHref}>
            {t("courses.quiz.retry")}
          </Link>
        )}
      </p>
    </div>
  );
}

/** The drawn (or graded) items among the compiled quiz's children, in the drawn order. */
function inDrawnOrder(children: ReactNode, ids: readonly string[]) {
  const byId = new Map<string, React.ReactElement<{ id: string }>>();
  React.Children.forEach(children, (child) => {
    if (React.isValidElement<{ id?: unknown }>(child) && typeof child.props.id === "string") byId.set(child.props.id, child as React.ReactElement<{ id: string }>);
  });
  return ids.flatMap((id) => {
    const element = byId.get(id);
    return element ? [React.cloneElement(element, { key: id })] : [];
  });
}

export function Quiz({ children }: { children?: ReactNode }) {
  const { t } = useTranslation();
  const module = useModule();
  const navigation = useNavigation();
  const format = useDateFormat();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "quiz";
  const open = module.quizErrors?.unanswered?.length ?? 0;
  const quiz = module.quiz;
  if (module.result)
    return (
      <section className="quiz quiz--graded" aria-labelledby="quiz-title">
        <h2 id="quiz-title">{t("courses.quiz.title")}</h2>
        <QuizResultSummary result={module.result} />
        {module.result.questions ? (
          <ol className="quiz__questions">
            {inDrawnOrder(
              children,
              module.result.questions.map((q) => q.id),
            )}
          </ol>
        ) : null}
      </section>
    );
  if (quiz.mode === "passed") {
    const { status } = quiz;
    return (
      <section className="quiz" aria-labelledby="quiz-title">
        <h2 id="quiz-title">{t("courses.quiz.title")}</h2>
        <div className="notice notice--ok" role="status">
          <h3 className="quiz__result-title">{t("courses.quiz.statusTitle")}</h3>
          <p>{t("courses.quiz.statusPassed", { date: format.format(new Date(status.passedAt)), percent: status.scorePercent })}</p>
          <p>{status.validUntil ? t("courses.quiz.statusValidUntil", { date: format.format(new Date(status.validUntil)) }) : t("courses.quiz.statusNoExpiry")}</p>
          <p className="button-row">
            <Link className="button button--secondary" to={`?attempt=${status.attemptId}#result`}>
              {t("courses.quiz.statusShowAttempt")}
            </Link>
            {status.certificate ? (
              <a className="button button--secondary" href={`/courses/${module.courseId}/certificate`}>
                {t("courses.certificateDownload")}
              </a>
            ) : null}
            <Link className="button" to="?retake=1#quiz-title">
              {t("courses.quiz.retakePassed")}
            </Link>
          </p>
        </div>
      </section>
    );
  }
  if (quiz.mode !== "open") {
    const notBefore = quiz.mode === "wait" ? quiz.notBefore : module.quizErrors?.notBefore;
    return (
      <section className="quiz" aria-labelledby="quiz-title">
        <h2 id="quiz-title">{t("courses.quiz.title")}</h2>
        <ScoringNote />
        {notBefore ? (
          <div className="notice notice--warn" role="status">
            <p>{t("courses.quiz.wait", { date: format.format(new Date(notBefore)) })}</p>
          </div>
        ) : null}
      </section>
    );
  }
  return (
    <section className="quiz" aria-labelledby="quiz-title">
      <h2 id="quiz-title">{t("courses.quiz.title")}</h2>
      <p>{t("courses.quiz.intro")}</p>
      <ScoringNote />
      {module.quizErrors?.changed ? (
        <div className="notice notice--error" role="alert">
          <p>{t("courses.quiz.changed")}</p>
        </div>
      ) : module.quizErrors?.unknownDraw ? (
        <div className="notice notice--error" role="alert">
          <p>{t("courses.quiz.unknownDraw")}</p>
        </div>
      ) : module.quizErrors?.notBefore ? (
        <div className="notice notice--error" role="alert">
          <p>{t("courses.quiz.wait", { date: format.format(new Date(module.quizErrors.notBefore)) })}</p>
        </div>
      ) : open ? (
        <div className="notice notice--error" role="alert">
          <p>{t("courses.quiz.unanswered", { count: open })}</p>
        </div>
      ) : null}
      <Form method="post" className="quiz__form" preventScrollReset={false}>
        <input type="hidden" name="intent" value="quiz" />
        <input type="hidden" name="submissionId" value={quiz.draw.id} />
        <input type="hidden" name="contentHash" value={module.contentHash} />
        <ol className="quiz__questions">
          {inDrawnOrder(
            children,
            quiz.draw.items.map((item) => item.id),
          )}
        </ol>
        <button type="submit" className="button" disabled={busy}>
          {busy ? t("courses.quiz.submitting") : t("courses.quiz.submit")}
        </button>
      </Form>
    </section>
  );
}

function QuestionFrame({ id, kind, prompt, scene }: { id: string; kind: GradedQuestionView["kind"]; prompt: string; scene?: string }) {
  const { t } = useTranslation();
  const module = useModule();
  const graded = module.result?.questions?.find((q) => q.id === id) ?? null;
  const drawn = module.quiz.mode === "open" ? module.quiz.draw.items.find((item) => item.id === id) : undefined;
  const missing = !module.result && module.quizErrors?.unanswered?.includes(id);
  const hintId = `q-${id}-hint`;
  const errorId = `q-${id}-error`;
  if (!graded && !drawn) return null;
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
        <ul className="quiz__options">
          {graded
            ? graded.options.map((o) => <GradedOption key={o.value} kind={kind} option={o} />)
            : drawn!.options.map((o) => <OptionInput key={o.value} questionId={id} kind={kind} value={o.value} text={o.text} />)}
        </ul>
        {graded ? <p className="quiz__points">{t("courses.quiz.questionPoints", { points: graded.points, count: graded.maxPoints })}</p> : null}
      </fieldset>
    </li>
  );
}

export function Question({ id, type, prompt }: { id: string; type: "single" | "multiple"; prompt: string; children?: ReactNode }) {
  return <QuestionFrame id={id} kind={type} prompt={prompt} />;
}

export function Judgement({ id, scene, prompt }: { id: string; scene: string; prompt: string; children?: ReactNode }) {
  return <QuestionFrame id={id} kind="judgement" prompt={prompt} scene={scene} />;
}

function GradedOption({ kind, option }: { kind: GradedQuestionView["kind"]; option: GradedOptionView }) {
  const { t } = useTranslation();
  const feedback = option.feedback;
  return (
    <li className={`quiz__option quiz__option--graded${option.chosen ? " is-chosen" : ""}${feedback?.good ? " is-good" : ""}`}>
      <p className="quiz__option-text">
        <span aria-hidden="true" className="quiz__marker">
          {option.chosen ? "◉" : "○"}
        </span>{" "}
        {option.text}
      </p>
      <p className="quiz__option-meta">
        <strong>{option.chosen ? t("courses.quiz.yourChoice") : t("courses.quiz.notChosen")}</strong>
        {feedback ? (
          kind === "judgement" ? (
            <> · {t("courses.quiz.optionPoints", { count: feedback.points })}</>
          ) : feedback.correct ? (
            <> · {option.chosen ? t("courses.quiz.chosenCorrect") : t("courses.quiz.correctOption")}</>
          ) : option.chosen ? (
            <> · {t("courses.quiz.chosenWrong")}</>
          ) : null
        ) : null}
      </p>
      {feedback ? <p className="quiz__explanation">{feedback.explanation}</p> : null}
    </li>
  );
}

function OptionInput({ questionId, kind, value, text }: { questionId: string; kind: GradedQuestionView["kind"]; value: string; text: string }) {
  const module = useModule();
  const inputId = `q-${questionId}-${value}`;
  const previous = module.previousAnswers?.[questionId] ?? [];
  return (
    <li className="quiz__option">
      <label className={kind === "multiple" ? "checkbox" : "radio"} htmlFor={inputId}>
        <input id={inputId} type={kind === "multiple" ? "checkbox" : "radio"} name={`q-${questionId}`} value={value} defaultChecked={previous.includes(value)} />
        <span>{text}</span>
      </label>
    </li>
  );
}

/**
 * The compiled MDX still lists every option in file order; the quiz renders the drawn options
 * from the draw instead (QuestionFrame), so this placeholder renders nothing.
 */
export function Option(_props: { value: string; children?: ReactNode }) {
  return null;
}

export const courseComponents = { CaseVignette, Reflection, Callout, Term, Quiz, Question, Judgement, Option };
