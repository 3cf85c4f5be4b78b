// Level derivation (pure): a competence's current level is the highest level among the
// person's unexpired, unrevoked evidence whose source counts. Self-assessment never counts.
export type EvidenceSource = "quiz" | "observed" | "certificate" | "self" | "attendance";

export interface EvidenceLike {
  level: number;
  source: EvidenceSource;
  achievedAt: Date;
  validUntil: Date | null;
  revokedAt: Date | null;
}

export const countingSources: readonly EvidenceSource[] = ["quiz", "observed", "certificate", "attendance"];

export function counts(evidence: EvidenceLike, at: Date): boolean {
  return (
    countingSources.includes(evidence.source) &&
    evidence.revokedAt === null &&
    (evidence.validUntil === null || evidence.validUntil.getTime() > at.getTime())
  );
}

/** The current level (0 = none) and the evidence it rests on (the newest among the highest). */
export function currentLevel<E extends EvidenceLike>(evidence: readonly E[], at: Date): { level: number; basis: E | null } {
  let basis: E | null = null;
  for (const e of evidence) {
    if (!counts(e, at)) continue;
    if (!basis || e.level > basis.level || (e.level === basis.level && e.achievedAt > basis.achievedAt)) basis = e;
  }
  return { level: basis?.level ?? 0, basis };
}

/** Gap = required − current where positive. */
export function gap(required: number, current: number): number {
  return Math.max(0, required - current);
}

/** Evidence about to expire within this many days is flagged on the profile. */
export const EXPIRY_WARNING_DAYS = 60;
const DAY = 86_400_000;

/** True when `validUntil` lies within the warning window after `at` (and not already past). */
export function expiresSoon(validUntil: Date | null, at: Date, days = EXPIRY_WARNING_DAYS): boolean {
  if (!validUntil) return false;
  const left = validUntil.getTime() - at.getTime();
  return left > 0 && left <= days * DAY;
}

/**
 * Until when the current level holds: the latest expiry among counting evidence at (or above)
 * the current level; null when some of it never expires (or there is no level at all).
 */
export function levelValidUntil(evidence: readonly EvidenceLike[], at: Date): Date | null {
  const { level } = currentLevel(evidence, at);
  if (level === 0) return null;
  let until: Date | null = null;
  for (const e of evidence) {
    if (!counts(e, at) || e.level < level) continue;
    if (e.validUntil === null) return null;
    if (!until || e.validUntil > until) until = e.validUntil;
  }
  return until;
}

export type EvidenceStatus = "basis" | "counts" | "expired" | "revoked" | "self";

/** Why a piece of evidence does or does not count today (for "why this level"). */
export function evidenceStatus(evidence: EvidenceLike, at: Date, basis: EvidenceLike | null): EvidenceStatus {
  if (evidence.source === "self") return "self";
  if (evidence.revokedAt !== null) return "revoked";
  if (evidence.validUntil !== null && evidence.validUntil.getTime() <= at.getTime()) return "expired";
  return evidence === basis ? "basis" : "counts";
}

export interface Standing<E extends EvidenceLike> {
  current: number;
  required: number;
  gap: number;
  basis: E | null;
  /** Until when the current level holds (null: open-ended or no level). */
  validUntil: Date | null;
  expiresSoon: boolean;
  /** The person's latest self-assessment: shown beside the level, never counted. */
  selfLevel: number | null;
  /** All evidence, newest first, each with why it counts or not. */
  explanation: { evidence: E; status: EvidenceStatus; expiresSoon: boolean }[];
}

/** A current level as stored in the table of current levels (null when there is none at `at`). */
export interface StoredLevel {
  level: number;
  validUntil: Date | null;
}

/**
 * Everything the profile shows for one competence, derived from its evidence. With `stored`
 * (the table of current levels, read for `at`) the level and its expiry come from there; the
 * evidence still explains it.
 */
export function standing<E extends EvidenceLike>(required: number, evidence: readonly E[], at: Date, stored?: StoredLevel | null): Standing<E> {
  const derived = currentLevel(evidence, at);
  const basis = derived.basis;
  const level = stored === undefined ? derived.level : (stored?.level ?? 0);
  const validUntil = stored === undefined ? levelValidUntil(evidence, at) : (stored?.validUntil ?? null);
  const sorted = [...evidence].sort((a, b) => b.achievedAt.getTime() - a.achievedAt.getTime());
  const latestSelf = sorted.find((e) => e.source === "self" && e.revokedAt === null);
  return {
    current: level,
    required,
    gap: gap(required, level),
    basis,
    validUntil,
    expiresSoon: expiresSoon(validUntil, at),
    selfLevel: latestSelf?.level ?? null,
    explanation: sorted.map((e) => {
      const status = evidenceStatus(e, at, basis);
      return { evidence: e, status, expiresSoon: (status === "basis" || status === "counts") && expiresSoon(e.validUntil, at) };
    }),
  };
}

/** An observed assessment describes practice at one moment: it is valid for this long. */
export const OBSERVED_VALID_MONTHS = 24;

/**
 * The two numbers every view shows under the same names: "Lücken" (gaps) counts the
 * competences below the requirement; "fehlende Stufen" (missing levels) sums the levels missing
 * across them. Required 3 and current 1 is one gap of two missing levels.
 */
export function gapSummary(cells: readonly { required: number; current: number }[]): { gaps: number; missingLevels: number } {
  let gaps = 0;
  let missingLevels = 0;
  for (const c of cells) {
    const g = gap(c.required, c.current);
    if (g > 0) {
      gaps++;
      missingLevels += g;
    }
  }
  return { gaps, missingLevels };
}

/** One row of the table of current levels: `level` holds until `validUntil` (null: open-ended). */
export interface LevelStep {
  level: number;
  validUntil: Date | null;
}

/**
 * The rows the table of current levels holds for one person × competence (highest level
 * first): for each level with counting evidence, the latest expiry at exactly that level,
 * kept only when it is later than every higher level's. The level at an instant is then the
 * highest step not yet expired, and that step's expiry is `levelValidUntil`. The database
 * computes the same (drizzle/0011); `levels:verify` compares the two.
 */
export function levelSteps(evidence: readonly EvidenceLike[]): LevelStep[] {
  const latest = new Map<number, number>();
  for (const e of evidence) {
    if (!countingSources.includes(e.source) || e.revokedAt !== null) continue;
    const until = e.validUntil === null ? Infinity : e.validUntil.getTime();
    latest.set(e.level, Math.max(latest.get(e.level) ?? -Infinity, until));
  }
  const steps: LevelStep[] = [];
  let higher = -Infinity;
  for (const level of [...latest.keys()].sort((a, b) => b - a)) {
    const until = latest.get(level)!;
    if (until > higher) steps.push({ level, validUntil: until === Infinity ? null : new Date(until) });
    higher = Math.max(higher, until);
  }
  return steps;
}

/** The level (and until when it holds) that steps give at `at`; null when none holds. */
export function levelFromSteps(steps: readonly LevelStep[], at: Date): LevelStep | null {
  let best: LevelStep | null = null;
  for (const s of steps)
    if ((s.validUntil === null || s.validUntil.getTime() > at.getTime()) && (!best || s.level > best.level)) best = s;
  return best;
}
