// `npm run levels:verify`: recomputes every person's levels from the evidence with the pure
// rule (levels.ts, independent of the database's trigger function) and compares them with the
// table of current levels. Any difference means a write bypassed the maintenance or the two
// computations disagree; both are bugs (docs/decisions/015).
import { sql } from "drizzle-orm";
import { rowsOf, type Queryable } from "~/db/client.server";
import { levelSteps, type EvidenceSource, type LevelStep } from "./levels";

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
  const only = (alias: string) => (authorityId ? sql`and ${sql.raw(alias)}.authority_id = ${authorityId}` : sql``);
  // Read both in one snapshot, so a concurrent write cannot show up as a difference.
  const [evidenceRows, storedRows] = await db.transaction(
    async (tx) => {
      const e = rowsOf<{ authority_id: string; person_id: string; competence_id: string; level: number; source: EvidenceSource; valid_until: string | Date | null; revoked_at: string | Date | null }>(
        await tx.execute(sql`select e.authority_id, e.person_id, e.competence_id, e.level, e.source, e.valid_until, e.revoked_at from evidence e where true ${only("e")}`),
      );
      const s = rowsOf<{ authority_id: string; person_id: string; competence_id: string; level: number; valid_until: string | Date | null; valid_from: string | Date | null }>(
        await tx.execute(sql`select cl.authority_id, cl.person_id, cl.competence_id, cl.level, cl.valid_until, cl.valid_from from current_levels cl where true ${only("cl")}`),
      );
      return [e, s] as const;
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
  const date = (v: string | Date | null) => (v === null ? null : new Date(v));
  const evidenceByPair = new Map<string, { a: string; p: string; c: string; rows: Parameters<typeof levelSteps>[0][number][] }>();
  for (const r of evidenceRows) {
    const k = key(r.authority_id, r.person_id, r.competence_id);
    let entry = evidenceByPair.get(k);
    if (!entry) evidenceByPair.set(k, (entry = { a: r.authority_id, p: r.person_id, c: r.competence_id, rows: [] }));
    entry.rows.push({ level: Number(r.level), source: r.source, achievedAt: new Date(0), validUntil: date(r.valid_until), revokedAt: date(r.revoked_at) });
  }
  const storedByPair = new Map<string, { a: string; p: string; c: string; steps: (LevelStep & { validFrom: Date | null })[] }>();
  for (const r of storedRows) {
    const k = key(r.authority_id, r.person_id, r.competence_id);
    let entry = storedByPair.get(k);
    if (!entry) storedByPair.set(k, (entry = { a: r.authority_id, p: r.person_id, c: r.competence_id, steps: [] }));
    entry.steps.push({ level: Number(r.level), validUntil: date(r.valid_until), validFrom: date(r.valid_from) });
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
