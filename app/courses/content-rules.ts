// Editorial rules over the whole catalog that go beyond one module's syntax (pure, no fs): quiz
// pools large enough for a different draw on retake, no favoured answer position or length, a
// Rechtsstand for every module that cites the law, and every Leitziel taught somewhere.
// `npm run courses:check` reports them; the app itself starts without them.
import { parseNorms } from "./norms";
import type { QuizKey, KeyQuestion } from "./grading";

export interface RuleModule {
  file: string;
  attemptSize: number | null;
  leitziele: number[];
  legalBasis: string[];
  reviewedAt: string | null;
  expiresAfterMonths: number | null;
  competences: { competenceId: string; level: number }[];
  /** Module body (after the frontmatter). */
  body: string;
  key: QuizKey;
}

export interface RuleFinding {
  file: string;
  level: "error" | "warning";
  message: string;
}

/** A pool must hold at least this many times the items one attempt shows. */
export const poolFactor = 1.5;
/**
 * Every attempt shows exactly this many situational judgements; the rest of `attemptSize` are
 * single- and multiple-choice questions. Judgements give partial points (2/1/0), so more of them
 * per attempt would make guessing pay.
 */
export const judgementsPerAttempt = 2;
/** Legal content expires after at most this many months. */
export const maxLegalExpiryMonths = 24;
/** A module alone certifies at most this level; above it needs observed practice or a workshop. */
export const maxModuleLevel = 2;
/** A review older than this many months is flagged. */
export const reviewWarnMonths = 12;

/** Index of the best option: the correct one (single) or the highest-scoring one (judgement); null for multiple choice. */
export function bestOptionIndex(question: KeyQuestion): number | null {
  if (question.kind === "multiple") return null;
  if (question.kind === "single") return question.options.findIndex((o) => o.correct);
  const max = Math.max(...question.options.map((o) => o.points));
  return question.options.findIndex((o) => o.points === max);
}

/** How often the best option stands at each position (0-based), over single and judgement items. */
export function bestPositionCounts(key: QuizKey): number[] {
  const counts: number[] = [];
  for (const q of key.questions) {
    const i = bestOptionIndex(q);
    if (i === null || i < 0) continue;
    counts[i] = (counts[i] ?? 0) + 1;
  }
  return Array.from(counts, (n) => n ?? 0);
}

/** Items whose best option is also the strictly longest text. */
export function bestIsLongestCount(key: QuizKey): { longest: number; items: number } {
  let longest = 0;
  let items = 0;
  for (const q of key.questions) {
    const i = bestOptionIndex(q);
    if (i === null || i < 0) continue;
    items++;
    const lengths = q.options.map((o) => o.text.length);
    const max = Math.max(...lengths);
    if (lengths[i] === max && lengths.filter((l) => l === max).length === 1) longest++;
  }
  return { longest, items };
}

/**
 * What shows that a text states the law, each with the norm it points to: a § or Art. citation,
 * a statute named without one, and legal terms whose meaning a statute fixes. A module can state
 * the law without a single "§" (the Fiktionsbescheinigung, a decision "nach Aktenlage", a
 * threat as an Arbeitsunfall); it then needs a legalBasis as much as one that cites. The terms
 * are chosen so that ordinary talk of Anhörung, Widerspruch or Verlängerung does not count.
 */
export const lawMarkers: { pattern: RegExp; shows: string }[] = [
  { pattern: /§|\bArt\.\s*\d+\s+(?:GG|DSGVO|GRCh|EMRK)\b/u, shows: "a § or Art. citation" },
  {
    pattern: /(?<![\p{L}-])(?:AufenthG|AufenthV|AsylG|AsylbLG|VwVfG|VwGO|StAG|AGG|DSGVO|DS-GVO|BQFG|OZG|LADG|SGB\s+[IVX]+|Aufenthaltsgesetz\p{L}*|Verwaltungsverfahrensgesetz\p{L}*|Sozialgesetzbuch\p{L}*|Grundgesetz\p{L}*|Datenschutz-Grundverordnung)(?![\p{L}])/u,
    shows: "a statute named without §",
  },
  { pattern: /Fiktionsbescheinigung/u, shows: "„Fiktionsbescheinigung“ (§ 81 Abs. 5 AufenthG)" },
  {
    pattern: /Fortgeltung|als fortbestehend|gilt (?:Ihre |seine |ihre |die |der )?bisherige\p{L}* \p{L}+ weiter|(?:ohne|keine[nm]?) gültige\p{L}* (?:Aufenthaltserlaubnis|Aufenthaltstitel)/u,
    shows: "the continued validity of a residence title (§ 81 Abs. 4 AufenthG)",
  },
  { pattern: /nach Aktenlage/u, shows: "„nach Aktenlage“ (§ 82 Abs. 1 AufenthG)" },
  { pattern: /Amtssprache (?:im Verwaltungsverfahren )?(?:ist |bleibt )?Deutsch/u, shows: "the official language (§ 23 Abs. 1 VwVfG)" },
  { pattern: /Arbeitsunfall|Dienstunfall|Unfallversicherungsträger/u, shows: "„Arbeitsunfall“ (§ 8 SGB VII)" },
  { pattern: /ab Zugang|Bekanntgabe|Postlaufzeit/u, shows: "when a letter counts as received (§ 41 VwVfG)" },
];

/** The markers of legal statements a module body contains (empty: it states no law). */
export function lawStatements(body: string): string[] {
  return lawMarkers.filter((m) => m.pattern.test(body)).map((m) => m.shows);
}

function monthsBetween(from: string, to: Date) {
  const [y, m, d] = from.split("-").map(Number);
  return (to.getUTCFullYear() - y) * 12 + (to.getUTCMonth() + 1 - m) - (to.getUTCDate() < d ? 1 : 0);
}

/** The rules for one module. */
export function checkModule(module: RuleModule, today: Date): RuleFinding[] {
  const findings: RuleFinding[] = [];
  const error = (message: string) => findings.push({ file: module.file, level: "error", message });
  const warn = (message: string) => findings.push({ file: module.file, level: "warning", message });
  const items = module.key.questions.length;
  const judgements = module.key.questions.filter((q) => q.kind === "judgement").length;

  if (module.attemptSize === null) error(`missing attemptSize: the number of quiz items one attempt shows (the pool has ${items})`);
  else {
    const needed = Math.ceil(module.attemptSize * poolFactor);
    if (items < needed) error(`the quiz pool has ${items} items; attemptSize ${module.attemptSize} needs at least ${needed} (${poolFactor} ×) so that a retake gets a different draw`);
    const neededJudgements = Math.ceil(judgementsPerAttempt * poolFactor);
    if (judgements < neededJudgements)
      error(`the quiz pool has ${judgements} <Judgement> items; at least ${neededJudgements} are needed (${judgementsPerAttempt} per attempt, ${poolFactor} ×)`);
    const neededQuestions = Math.ceil((module.attemptSize - judgementsPerAttempt) * poolFactor);
    if (items - judgements < neededQuestions)
      error(`the quiz pool has ${items - judgements} <Question> items; attemptSize ${module.attemptSize} needs at least ${neededQuestions} (${module.attemptSize - judgementsPerAttempt} per attempt, ${poolFactor} ×)`);
  }

  const counts = bestPositionCounts(module.key);
  const scored = counts.reduce((a, b) => a + b, 0);
  counts.forEach((n, position) => {
    if (scored > 0 && n * 2 > scored)
      error(`the best option stands at position ${position + 1} in ${n} of ${scored} single-choice and judgement items (more than half): vary the order`);
  });
  const { longest, items: withBest } = bestIsLongestCount(module.key);
  if (withBest > 0 && longest * 2 > withBest)
    error(`the best option is the longest in ${longest} of ${withBest} items (more than half): balance the option lengths`);

  for (const c of module.competences)
    if (c.level > maxModuleLevel) error(`certifies ${c.competenceId} at level ${c.level}: a module certifies at most level ${maxModuleLevel} (level 3 needs observed practice or a workshop)`);
  if (module.leitziele.length === 0) error("missing leitziele: the Leitziele (1–12) this module teaches");
  const statements = lawStatements(module.body);
  if (statements.length > 0 && module.legalBasis.length === 0)
    error(`the module cites legal norms but has no legalBasis in its frontmatter (it states the law through ${statements.join("; ")})`);
  for (const citation of module.legalBasis)
    if (parseNorms(citation).length === 0)
      error(`legalBasis entry "${citation}" is not a citation a recorded change can match: write it as „§ <number> [Abs. <n>] <statute>“ or „Art. <number> … <statute>“`);
  if (module.legalBasis.length > 0) {
    if (module.expiresAfterMonths === null || module.expiresAfterMonths > maxLegalExpiryMonths)
      error(`a module with legal content needs expiresAfterMonths of at most ${maxLegalExpiryMonths}`);
    if (!module.reviewedAt) error("a module with legal content needs reviewedAt (the date of its last legal review)");
  }
  if (module.reviewedAt && monthsBetween(module.reviewedAt, today) >= reviewWarnMonths)
    warn(`reviewedAt ${module.reviewedAt} is ${reviewWarnMonths} months old or older: review the content against the current law`);
  return findings;
}

/** The rules over the catalog: every module's, plus every Leitziel taught by at least one module. */
export function checkCatalog(modules: RuleModule[], today: Date): RuleFinding[] {
  const findings = modules.flatMap((m) => checkModule(m, today));
  const taught = new Set(modules.flatMap((m) => m.leitziele));
  const missing = Array.from({ length: 12 }, (_, i) => i + 1).filter((n) => !taught.has(n));
  if (modules.length > 0 && missing.length)
    findings.push({ file: "courses", level: "error", message: `no module teaches Leitziel ${missing.join(", ")} (every Leitziel 1–12 needs at least one)` });
  return findings;
}
