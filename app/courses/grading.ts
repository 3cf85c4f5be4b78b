// Quiz grading (pure): single choice, multiple choice (exact set) and situational judgement
// (0–2 points per option). Score = points reached / points possible; pass at passMark percent.

export type QuestionKind = "single" | "multiple" | "judgement";

/** One answer option as the server knows it (the browser only sees value and text). */
export interface KeyOption {
  value: string;
  text: string;
  /** single / multiple: whether the option belongs to the correct set. */
  correct: boolean;
  /** judgement: 0 (harmful), 1 (acceptable) or 2 (best); single / multiple: 1 when correct. */
  points: number;
  explanation: string;
}

export interface KeyQuestion {
  id: string;
  kind: QuestionKind;
  prompt: string;
  scene?: string;
  options: KeyOption[];
}

/** The answer key of one module: server-only, never sent before grading. */
export interface QuizKey {
  questions: KeyQuestion[];
}

/** Chosen option values per question id. */
export type Answers = Record<string, string[]>;

export interface QuestionResult {
  id: string;
  points: number;
  maxPoints: number;
  chosen: string[];
}

export interface Grade {
  points: number;
  maxPoints: number;
  /** 0–100, rounded down to whole percent so a pass is never rounded into existence. */
  percent: number;
  passed: boolean;
  questions: QuestionResult[];
}

export function maxPointsOf(question: KeyQuestion): number {
  return question.kind === "judgement" ? Math.max(0, ...question.options.map((o) => o.points)) : 1;
}

export function gradeQuestion(question: KeyQuestion, chosenRaw: readonly string[] | undefined): QuestionResult {
  const known = new Set(question.options.map((o) => o.value));
  // Unknown values are ignored; duplicates count once.
  const chosen = [...new Set((chosenRaw ?? []).filter((v) => known.has(v)))].sort();
  const maxPoints = maxPointsOf(question);
  let points = 0;
  if (question.kind === "multiple") {
    const correct = question.options.filter((o) => o.correct).map((o) => o.value).sort();
    points = chosen.length === correct.length && chosen.every((v, i) => v === correct[i]) ? 1 : 0;
  } else if (chosen.length === 1) {
    // single and judgement take exactly one choice; several choices score nothing.
    const option = question.options.find((o) => o.value === chosen[0])!;
    points = question.kind === "single" ? (option.correct ? 1 : 0) : option.points;
  }
  return { id: question.id, points, maxPoints, chosen };
}

export function grade(key: QuizKey, answers: Answers, passMark: number): Grade {
  const questions = key.questions.map((q) => gradeQuestion(q, answers[q.id]));
  const points = questions.reduce((sum, q) => sum + q.points, 0);
  const maxPoints = questions.reduce((sum, q) => sum + q.maxPoints, 0);
  const percent = maxPoints === 0 ? 0 : Math.floor((points * 100) / maxPoints);
  // Compare in integers: points/max >= passMark/100.
  const passed = maxPoints > 0 && points * 100 >= passMark * maxPoints;
  return { points, maxPoints, percent, passed, questions };
}

/** Question ids without any answer (the form asks for them before grading). */
export function unanswered(key: QuizKey, answers: Answers): string[] {
  return key.questions.filter((q) => !(answers[q.id]?.length > 0)).map((q) => q.id);
}
