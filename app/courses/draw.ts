// Drawing one quiz attempt (pure): which items of the pool it shows, in which order, and each
// item's options in which order; and the translation between what the form shows and the key.
// The browser only ever sees display values ("a", "b", …: the displayed position), so neither
// the form nor the page data tells a learner where an option stood in the module file.
import type { Answers, KeyQuestion, QuizKey } from "./grading";
import { judgementsPerAttempt } from "./content-rules";

/** One drawn item: the question id and its original option values in display order. */
export interface DrawnItem {
  id: string;
  options: string[];
}

/** A uniform random integer in [0, n). The server passes crypto.randomInt. */
export type RandomInt = (n: number) => number;

function shuffle<T>(list: readonly T[], randomInt: RandomInt): T[] {
  const out = [...list];
  // Fisher–Yates: every order equally likely when randomInt is uniform.
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * Draws the items of one attempt: with `attemptSize`, exactly `judgementsPerAttempt` judgements
 * and `attemptSize − judgementsPerAttempt` questions, each uniformly from its pool (fewer when a
 * pool is smaller); without it, every item. Items and options are shuffled.
 */
export function drawItems(key: QuizKey, attemptSize: number | null, randomInt: RandomInt): DrawnItem[] {
  let chosen: KeyQuestion[];
  if (attemptSize === null) chosen = key.questions;
  else {
    const judgements = key.questions.filter((q) => q.kind === "judgement");
    const questions = key.questions.filter((q) => q.kind !== "judgement");
    chosen = [
      ...shuffle(judgements, randomInt).slice(0, judgementsPerAttempt),
      ...shuffle(questions, randomInt).slice(0, Math.max(0, attemptSize - judgementsPerAttempt)),
    ];
  }
  return shuffle(chosen, randomInt).map((q) => ({ id: q.id, options: shuffle(q.options.map((o) => o.value), randomInt) }));
}

/** The display value of the option at display position `index` ("a", "b", …). */
export const displayValue = (index: number) => String.fromCharCode(97 + index);

/** The key restricted to the drawn items (grading grades exactly these). */
export function drawnKey(key: QuizKey, items: readonly DrawnItem[]): QuizKey {
  const byId = new Map(key.questions.map((q) => [q.id, q]));
  return { questions: items.map((item) => byId.get(item.id)).filter((q): q is KeyQuestion => q !== undefined) };
}

/**
 * The form's answers (display values per question id) as original option values, for the drawn
 * items only; answers to items not drawn and unknown values are dropped.
 */
export function toOriginalAnswers(items: readonly DrawnItem[], displayed: Answers): Answers {
  return Object.fromEntries(
    items.map((item) => [
      item.id,
      (displayed[item.id] ?? []).map((v) => item.options[v.length === 1 ? v.charCodeAt(0) - 97 : -1]).filter((v): v is string => v !== undefined),
    ]),
  );
}

/** Original option values (e.g. from the key) as the display values a form would send. */
export function toDisplayedAnswers(items: readonly DrawnItem[], original: Answers): Answers {
  return Object.fromEntries(items.map((item) => [item.id, (original[item.id] ?? []).map((v) => displayValue(item.options.indexOf(v)))]));
}
