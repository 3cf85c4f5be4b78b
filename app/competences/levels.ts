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
