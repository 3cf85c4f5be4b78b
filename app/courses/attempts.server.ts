// Taking a quiz: grade the learner's draw on the server, store the attempt (with the content
// hash, every answer, the score and pass/fail), and on a pass write evidence for the module's
// competences, mark the module passed and fulfil the person's assignments. The draw's id is the
// form's submission id, so a double submit (or a second submit of the same draw) records one attempt.
// What a pass completes outside the course (a workshop's post-quiz) is learning/quiz-outcome's submitQuiz.
import { and, eq, inArray, isNotNull } from "drizzle-orm";
import { fulfilAssignments } from "~/competences/assignments.server";
import { writeEvidence } from "~/competences/evidence.server";
import type { Queryable } from "~/db/client.server";
import { claimSubmission } from "~/db/once.server";
import { moduleProgress, quizAttempts, quizDraws } from "~/db/schema";
import type { CourseInfo, ModuleInfo } from "./catalog.server";
import { displayValue, drawnKey, toOriginalAnswers, type DrawnItem } from "./draw";
import { findDraw, retakeNotBefore } from "./draws.server";
import { grade, maxPointsOf, type Answers, type QuizKey } from "./grading";
import { queueQuizAttempt } from "~/xapi/statements.server";
import { markPassed } from "./progress.server";
import { addMonths } from "~/dates/calendar";

export class SubmissionConflict extends Error {
  constructor() {
    super("This form was already used for something else.");
  }
}

/** The submitted draw is not one of the person's draws of this module. */
export class UnknownDraw extends Error {
  constructor() {
    super("This quiz was not drawn for you.");
  }
}

/** The draw was made from another version of the module. */
export class DrawOutdated extends Error {
  constructor() {
    super("The module changed since the quiz was drawn.");
  }
}

/** A retake after a failed attempt before the authority's wait has passed. */
export class RetakeTooEarly extends Error {
  constructor(readonly notBefore: Date) {
    super(`The next attempt is possible from ${notBefore.toISOString()}.`);
  }
}

export async function submitAttempt(
  db: Queryable,
  input: {
    authorityId: string;
    personId: string;
    course: CourseInfo;
    module: ModuleInfo;
    contentHash: string;
    key: QuizKey;
    /** Display values per question id, as the form sent them. */
    answers: Answers;
    /** The draw's id (the form's submission id). */
    submissionId: string;
    retakeWaitMinutes?: number;
    now: Date;
  },
): Promise<{ attemptId: string; passed: boolean; repeated: boolean }> {
  const { authorityId, personId, course, module, now } = input;
  const where = { authorityId, personId, courseId: course.id, moduleId: module.id };
  const draw = await findDraw(db, where, input.submissionId);
  if (!draw) throw new UnknownDraw();
  if (draw.contentHash !== input.contentHash) throw new DrawOutdated();
  if (!(await claimSubmission(db, input.submissionId, personId))) {
    // The same form sent again: answer with the attempt the first submit recorded.
    const [first] = await db
      .select({ id: quizAttempts.id, passed: quizAttempts.passed })
      .from(quizAttempts)
      .where(and(eq(quizAttempts.submissionId, input.submissionId), eq(quizAttempts.personId, personId), eq(quizAttempts.authorityId, authorityId)));
    if (!first) throw new SubmissionConflict();
    return { attemptId: first.id, passed: first.passed, repeated: true };
  }
  const notBefore = await retakeNotBefore(db, where, input.retakeWaitMinutes ?? 0, now);
  // Thrown inside the caller's transaction: the claim above is rolled back, nothing is written.
  if (notBefore) throw new RetakeTooEarly(notBefore);
  // Only the drawn items are graded and stored; anything else the form carried is dropped.
  const key = drawnKey(input.key, draw.items);
  const original = toOriginalAnswers(draw.items, input.answers);
  const answers: Answers = Object.fromEntries(key.questions.map((q) => [q.id, [...new Set(original[q.id] ?? [])].sort()]));
  const result = grade(key, answers, module.passMark);
  const [attempt] = await db
    .insert(quizAttempts)
    .values({
      authorityId,
      personId,
      courseId: course.id,
      moduleId: module.id,
      contentHash: input.contentHash,
      answers,
      questionPoints: Object.fromEntries(result.questions.map((q) => [q.id, q.points])),
      points: result.points,
      maxPoints: result.maxPoints,
      scorePercent: result.percent,
      passMark: module.passMark,
      passed: result.passed,
      submissionId: input.submissionId,
      submittedAt: now,
    })
    .returning({ id: quizAttempts.id });
  await db.update(quizDraws).set({ submittedAt: now }).where(eq(quizDraws.id, draw.id));
  await queueQuizAttempt(db, {
    authorityId,
    personId,
    attemptId: attempt.id,
    courseId: course.id,
    moduleId: module.id,
    moduleTitle: module.title,
    points: result.points,
    maxPoints: result.maxPoints,
    passed: result.passed,
    now,
  });
  if (result.passed) {
    const validUntil = module.expiresAfterMonths ? addMonths(now, module.expiresAfterMonths) : null;
    await writeEvidence(db, {
      insert: module.competences.map((c) => ({
        authorityId,
        personId,
        competenceId: c.competenceId,
        level: c.level,
        source: "quiz" as const,
        attemptId: attempt.id,
        recordedBy: personId,
        note: `${course.id}/${module.id}`,
        achievedAt: now,
        validUntil,
      })),
    });
    await markPassed(db, { authorityId, personId, courseId: course.id, moduleId: module.id, at: now });
    const passedModules = await db
      .select({ moduleId: moduleProgress.moduleId })
      .from(moduleProgress)
      .where(
        and(
          eq(moduleProgress.personId, personId),
          eq(moduleProgress.authorityId, authorityId),
          eq(moduleProgress.courseId, course.id),
          isNotNull(moduleProgress.passedAt),
          inArray(
            moduleProgress.moduleId,
            course.modules.map((m) => m.id),
          ),
        ),
      );
    const courseCompleted = passedModules.length === course.modules.length;
    await fulfilAssignments(db, { personId, courseId: course.id, moduleId: module.id, courseCompleted, at: now });
  }
  return { attemptId: attempt.id, passed: result.passed, repeated: false };
}

export interface GradedOption {
  /** Display value ("a", "b", …) in the drawn order. */
  value: string;
  text: string;
  chosen: boolean;
  /**
   * What the option was worth: present for every option of a passed attempt, and only for the
   * chosen options of a failed one (the key of the others is the next attempt's key).
   */
  feedback: { correct: boolean; good: boolean; points: number; explanation: string } | null;
}

export interface GradedQuestion {
  id: string;
  kind: QuizKey["questions"][number]["kind"];
  points: number;
  maxPoints: number;
  options: GradedOption[];
}

export interface AttemptResult {
  id: string;
  submittedAt: Date;
  points: number;
  maxPoints: number;
  scorePercent: number;
  passMark: number;
  passed: boolean;
  /** The drawn items with feedback; null when the attempt was graded on an older content version. */
  questions: GradedQuestion[] | null;
}

/** One of the person's own attempts with its feedback (sent to the browser only after grading). */
export async function attemptResult(
  db: Queryable,
  input: { authorityId: string; personId: string; courseId: string; moduleId: string; attemptId: string; contentHash: string; key: QuizKey },
): Promise<AttemptResult | null> {
  const [row] = await db
    .select()
    .from(quizAttempts)
    .where(
      and(
        eq(quizAttempts.id, input.attemptId),
        eq(quizAttempts.personId, input.personId),
        eq(quizAttempts.authorityId, input.authorityId),
        eq(quizAttempts.courseId, input.courseId),
        eq(quizAttempts.moduleId, input.moduleId),
      ),
    );
  if (!row) return null;
  let questions: GradedQuestion[] | null = null;
  if (row.contentHash === input.contentHash) {
    const draw = await findDraw(db, input, row.submissionId);
    // Attempts from before draws existed showed every item in file order.
    const items: DrawnItem[] = draw?.items ?? input.key.questions.map((q) => ({ id: q.id, options: q.options.map((o) => o.value) }));
    questions = drawnKey(input.key, items).questions.map((q, i) => {
      const chosen = new Set(row.answers[q.id] ?? []);
      const max = maxPointsOf(q);
      return {
        id: q.id,
        kind: q.kind,
        points: row.questionPoints[q.id] ?? 0,
        maxPoints: max,
        options: items[i].options.map((value, position) => {
          const option = q.options.find((o) => o.value === value)!;
          const reveal = row.passed || chosen.has(value);
          return {
            value: displayValue(position),
            text: option.text,
            chosen: chosen.has(value),
            feedback: reveal
              ? { correct: option.correct, good: q.kind === "judgement" ? option.points === max : option.correct, points: option.points, explanation: option.explanation }
              : null,
          };
        }),
      };
    });
  }
  return {
    id: row.id,
    submittedAt: row.submittedAt,
    points: row.points,
    maxPoints: row.maxPoints,
    scorePercent: row.scorePercent,
    passMark: row.passMark,
    passed: row.passed,
    questions,
  };
}
