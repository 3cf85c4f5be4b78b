// `npm run levels:verify`: recomputes every person's levels from the evidence with the pure
// rule (levels.ts, independent of the database's trigger function) and compares them with the
// table of current levels. Any difference means a write bypassed the maintenance or the two
// computations disagree; both are bugs (docs/decisions/015).
import { eq } from "drizzle-orm";
import type { Queryable } from "~/db/client.server";
import { currentLevels, evidence } from "~/db/schema";
import { levelSteps, type LevelStep } from "./levels";

export interface LevelDifference {
  authorityId: string;
  personId: string;
  competenceId: string;
  /** What the evidence gives (highest level first). */
  expected: LevelStep[];
  /** What the table holds. */
  stored: LevelStep[];
  /**
   * Only when a row's valid_from (from when it is the level) is not the expiry of the next
   * higher row, as drizzle/0015 keeps it: the stored and the expected values, highest level first.
   */
  validFrom?: { expected: (Date | null)[]; stored: (Date | null)[] };
}

const key = (a: string, p: string, c: string) => `${a}|${p}|${c}`;
const render = (steps: readonly LevelStep[]) =>
  steps.map((s) => `${s.level}${s.validUntil ? ` bis ${s.validUntil.toISOString()}` : ""}`).join(", ") || "–";

const renderFrom = (froms: readonly (Date | null)[]) => froms.map((f) => f?.toISOString() ?? "–").join(", ");

export function describeDifference(d: LevelDifference) {
  const from = d.validFrom ? `; valid_from should be [${renderFrom(d.validFrom.expected)}], table holds [${renderFrom(d.validFrom.stored)}]` : "";
  return `authority ${d.authorityId} person ${d.personId} ${d.competenceId}: evidence gives [${render(d.expected)}], table holds [${render(d.stored)}]${from}`;
}

/** Every person × competence whose stored levels differ from the evidence (all authorities, or one). */
export async function verifyLevels(db: Queryable, authorityId?: string): Promise<{ pairs: number; differences: LevelDifference[] }> {
  // Read both in one snapshot, so a concurrent write cannot show up as a difference.
  const [evidenceRows, storedRows] = await db.transaction(
    async (tx) => {
      const e = await tx
        .select({
          authorityId: evidence.authorityId,
          personId: evidence.personId,
          competenceId: evidence.competenceId,
          level: evidence.level,
          source: evidence.source,
          validUntil: evidence.validUntil,
          revokedAt: evidence.revokedAt,
        })
        .from(evidence)
        .where(authorityId ? eq(evidence.authorityId, authorityId) : undefined);
      const s = await tx
        .select({
          authorityId: currentLevels.authorityId,
          personId: currentLevels.personId,
          competenceId: currentLevels.competenceId,
          level: currentLevels.level,
          validUntil: currentLevels.validUntil,
          validFrom: currentLevels.validFrom,
        })
        .from(currentLevels)
        .where(authorityId ? eq(currentLevels.authorityId, authorityId) : undefined);
      return [e, s] as const;
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
  const evidenceByPair = new Map<string, { a: string; p: string; c: string; rows: Parameters<typeof levelSteps>[0][number][] }>();
  for (const r of evidenceRows) {
    const k = key(r.authorityId, r.personId, r.competenceId);
    let entry = evidenceByPair.get(k);
    if (!entry) evidenceByPair.set(k, (entry = { a: r.authorityId, p: r.personId, c: r.competenceId, rows: [] }));
    entry.rows.push({ level: r.level, source: r.source, achievedAt: new Date(0), validUntil: r.validUntil, revokedAt: r.revokedAt });
  }
  const storedByPair = new Map<string, { a: string; p: string; c: string; steps: (LevelStep & { validFrom: Date | null })[] }>();
  for (const r of storedRows) {
    const k = key(r.authorityId, r.personId, r.competenceId);
    let entry = storedByPair.get(k);
    if (!entry) storedByPair.set(k, (entry = { a: r.authorityId, p: r.personId, c: r.competenceId, steps: [] }));
    entry.steps.push({ level: r.level, validUntil: r.validUntil, validFrom: r.validFrom });
  }
  const differences: LevelDifference[] = [];
  const same = (x: readonly LevelStep[], y: readonly LevelStep[]) =>
    x.length === y.length && x.every((s, i) => s.level === y[i].level && (s.validUntil?.getTime() ?? null) === (y[i].validUntil?.getTime() ?? null));
  for (const k of new Set([...evidenceByPair.keys(), ...storedByPair.keys()])) {
    const e = evidenceByPair.get(k);
    const s = storedByPair.get(k);
    const expected = e ? levelSteps(e.rows) : [];
    const rows = (s?.steps ?? []).sort((x, y) => y.level - x.level);
    const stored = rows.map(({ level, validUntil }) => ({ level, validUntil }));
    // A row is the level from the expiry of the next higher row on (the reads rely on it).
    const fromExpected = rows.map((_, i) => (i === 0 ? null : rows[i - 1].validUntil));
    const fromStored = rows.map((r) => r.validFrom);
    const fromRight = fromStored.every((f, i) => (f?.getTime() ?? null) === (fromExpected[i]?.getTime() ?? null));
    if (!same(expected, stored) || !fromRight) {
      const where = (e ?? s)!;
      differences.push({ authorityId: where.a, personId: where.p, competenceId: where.c, expected, stored, ...(fromRight ? {} : { validFrom: { expected: fromExpected, stored: fromStored } }) });
    }
  }
  return { pairs: evidenceByPair.size, differences };
}
