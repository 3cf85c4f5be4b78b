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
}

const key = (a: string, p: string, c: string) => `${a}|${p}|${c}`;
const render = (steps: readonly LevelStep[]) =>
  steps.map((s) => `${s.level}${s.validUntil ? ` bis ${s.validUntil.toISOString()}` : ""}`).join(", ") || "–";

export function describeDifference(d: LevelDifference) {
  return `authority ${d.authorityId} person ${d.personId} ${d.competenceId}: evidence gives [${render(d.expected)}], table holds [${render(d.stored)}]`;
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
      const s = rowsOf<{ authority_id: string; person_id: string; competence_id: string; level: number; valid_until: string | Date | null }>(
        await tx.execute(sql`select cl.authority_id, cl.person_id, cl.competence_id, cl.level, cl.valid_until from current_levels cl where true ${only("cl")}`),
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
  const storedByPair = new Map<string, { a: string; p: string; c: string; steps: LevelStep[] }>();
  for (const r of storedRows) {
    const k = key(r.authority_id, r.person_id, r.competence_id);
    let entry = storedByPair.get(k);
    if (!entry) storedByPair.set(k, (entry = { a: r.authority_id, p: r.person_id, c: r.competence_id, steps: [] }));
    entry.steps.push({ level: Number(r.level), validUntil: date(r.valid_until) });
  }
  const differences: LevelDifference[] = [];
  const same = (x: readonly LevelStep[], y: readonly LevelStep[]) =>
    x.length === y.length && x.every((s, i) => s.level === y[i].level && (s.validUntil?.getTime() ?? null) === (y[i].validUntil?.getTime() ?? null));
  for (const k of new Set([...evidenceByPair.keys(), ...storedByPair.keys()])) {
    const e = evidenceByPair.get(k);
    const s = storedByPair.get(k);
    const expected = e ? levelSteps(e.rows) : [];
    const stored = (s?.steps ?? []).sort((x, y) => y.level - x.level);
    if (!same(expected, stored)) {
      const where = (e ?? s)!;
      differences.push({ authorityId: where.a, personId: where.p, competenceId: where.c, expected, stored });
    }
  }
  return { pairs: evidenceByPair.size, differences };
}
