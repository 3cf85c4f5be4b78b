// Level derivation (pure): a competence's current level is the highest level among the
// person's unexpired, unrevoked evidence whose source counts. Self-assessment never counts.
export type EvidenceSource = "quiz" | "observed" | "certificate" | "self";

export interface EvidenceLike {
  level: number;
  source: EvidenceSource;
  achievedAt: Date;
  validUntil: Date | null;
  revokedAt: Date | null;
}

export const countingSources: readonly EvidenceSource[] = ["quiz", "observed", "certificate"];

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

/** Everything the profile shows for one competence, derived from its evidence. */
export function standing<E extends EvidenceLike>(required: number, evidence: readonly E[], at: Date): Standing<E> {
  const { level, basis } = currentLevel(evidence, at);
  const validUntil = levelValidUntil(evidence, at);
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

/** Adds months in UTC, clamping to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: Date, months: number): Date {
  const d = new Date(date.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

/** An observed assessment describes practice at one moment: it is valid for this long. */
export const OBSERVED_VALID_MONTHS = 24;
