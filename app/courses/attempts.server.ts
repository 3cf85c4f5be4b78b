// Taking a quiz: grade on the server, store the attempt (with the content hash, every answer,
// the score and pass/fail), and on a pass write evidence for the module's competences, mark
// the module passed and fulfil the person's assignments. A double submit records one attempt.
import { and, eq, inArray, isNotNull } from "drizzle-orm";
import { fulfilAssignments } from "~/competences/assignments.server";
import { addMonths } from "~/competences/levels";
import type { Queryable } from "~/db/client.server";
import { claimSubmission } from "~/db/once.server";
import { evidence, moduleProgress, quizAttempts } from "~/db/schema";
import type { CourseInfo, ModuleInfo } from "./catalog.server";
import { grade, type Answers, type QuizKey } from "./grading";
import { markPassed } from "./progress.server";

export class SubmissionConflict extends Error {
  constructor() {
    super("This form was already used for something else.");
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
    answers: Answers;
    submissionId: string;
    now: Date;
  },
): Promise<{ attemptId: string; passed: boolean; repeated: boolean }> {
  const { authorityId, personId, course, module, now } = input;
  if (!(await claimSubmission(db, input.submissionId, personId))) {
    // The same form sent again: answer with the attempt the first submit recorded.
    const [first] = await db
      .select({ id: quizAttempts.id, passed: quizAttempts.passed })
      .from(quizAttempts)
      .where(and(eq(quizAttempts.submissionId, input.submissionId), eq(quizAttempts.personId, personId), eq(quizAttempts.authorityId, authorityId)));
    if (!first) throw new SubmissionConflict();
    return { attemptId: first.id, passed: first.passed, repeated: true };
  }
  // Only the questions of the key are stored; anything else the form carried is dropped.
  const answers: Answers = Object.fromEntries(input.key.questions.map((q) => [q.id, [...new Set(input.answers[q.id] ?? [])].sort()]));
  const result = grade(input.key, answers, module.passMark);
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
  if (result.passed) {
    const validUntil = module.expiresAfterMonths ? addMonths(now, module.expiresAfterMonths) : null;
    await db.insert(evidence).values(
      module.competences.map((c) => ({
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
    );
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

export interface GradedQuestion {
  id: string;
  kind: QuizKey["questions"][number]["kind"];
  prompt: string;
  scene?: string;
  points: number;
  maxPoints: number;
  options: { value: string; text: string; chosen: boolean; correct: boolean; points: number; explanation: string }[];
}

export interface AttemptResult {
  id: string;
  submittedAt: Date;
  points: number;
  maxPoints: number;
  scorePercent: number;
  passMark: number;
  passed: boolean;
  /** Explanations per question; null when the attempt was graded on an older content version. */
  questions: GradedQuestion[] | null;
}

/** One of the person's own attempts with the explanations (sent to the browser only after grading). */
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
  const questions =
    row.contentHash === input.contentHash
      ? input.key.questions.map((q) => {
          const chosen = new Set(row.answers[q.id] ?? []);
          return {
            id: q.id,
            kind: q.kind,
            prompt: q.prompt,
            scene: q.scene,
            points: row.questionPoints[q.id] ?? 0,
            maxPoints: q.kind === "judgement" ? Math.max(...q.options.map((o) => o.points)) : 1,
            options: q.options.map((o) => ({ ...o, chosen: chosen.has(o.value) })),
          };
        })
      : null;
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
