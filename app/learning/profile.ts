// The profile as the person sees it (pure): per dimension of the framework, each competence's
// standing against the role's requirement, and the modules that would close each gap.
import type { Framework } from "~/competences/framework";
import { standing, type EvidenceLike, type Standing, type StoredLevel } from "~/competences/levels";

export interface ModuleRef {
  courseId: string;
  moduleId: string;
  title: string;
  minutes: number;
  /** competence id → level the module certifies */
  competences: Record<string, number>;
}

export interface ProfileEvidence extends EvidenceLike {
  id: string;
  competenceId: string;
  note: string | null;
  recordedByName: string | null;
  /** When it was recorded (for "neu seit Ihrem letzten Besuch"). */
  createdAt?: Date;
  /** For a passed quiz: the module it belongs to, by title (the note holds its "course/module" path). */
  module?: { courseId: string; moduleId: string; title: string; /** The authority's version it was earned on; null: built-in. */ version?: number | null } | null;
}

export interface ProfileRow extends Standing<ProfileEvidence> {
  competenceId: string;
  /** Modules certifying at least the required level (they close the gap on passing). */
  closingModules: ModuleRef[];
  /** Modules that raise the level but not up to the requirement (a step on the way). */
  partialModules: ModuleRef[];
}

export interface ProfileDimension {
  id: string;
  rows: ProfileRow[];
}

/**
 * Builds the profile from the framework file (the competences it lists today, in its order),
 * the role's requirements and the person's evidence. Evidence about competences that left the
 * framework is kept in the database but not shown; a renamed competence keeps its evidence
 * because evidence points at the stable id.
 */
export function buildProfile(input: {
  framework: Pick<Framework, "dimensions">;
  requirements: ReadonlyMap<string, number>;
  evidence: readonly ProfileEvidence[];
  modules: readonly ModuleRef[];
  at: Date;
  /** Current levels from the table of current levels at `at` (competence → level); without it they are derived from the evidence. */
  levels?: ReadonlyMap<string, StoredLevel>;
}): ProfileDimension[] {
  const byCompetence = new Map<string, ProfileEvidence[]>();
  for (const e of input.evidence) {
    const list = byCompetence.get(e.competenceId) ?? [];
    list.push(e);
    byCompetence.set(e.competenceId, list);
  }
  return input.framework.dimensions.map((dimension) => ({
    id: dimension.id,
    rows: dimension.competences.map((competence) => {
      const required = input.requirements.get(competence.id) ?? 0;
      const stored = input.levels ? (input.levels.get(competence.id) ?? null) : undefined;
      const s = standing(required, byCompetence.get(competence.id) ?? [], input.at, stored);
      const { closing, partial } = modulesFor(input.modules, competence.id, s.current, required);
      return { ...s, competenceId: competence.id, closingModules: closing, partialModules: partial };
    }),
  }));
}

/** Modules for a gap: those certifying ≥ required close it; those above current only help. */
export function modulesFor(modules: readonly ModuleRef[], competenceId: string, current: number, required: number) {
  const closing: ModuleRef[] = [];
  const partial: ModuleRef[] = [];
  if (required <= current) return { closing, partial };
  for (const m of modules) {
    const level = m.competences[competenceId];
    if (level === undefined || level <= current) continue;
    (level >= required ? closing : partial).push(m);
  }
  const byLevel = (a: ModuleRef, b: ModuleRef) => (b.competences[competenceId] ?? 0) - (a.competences[competenceId] ?? 0) || a.minutes - b.minutes;
  return { closing: closing.sort(byLevel), partial: partial.sort(byLevel) };
}

/**
 * Recommended modules from a person's gaps: every module that closes or narrows a gap, ranked
 * by the gap it addresses (largest first), then by how many gaps it touches, then shortest.
 * Modules already assigned (open) are left out: they are listed above the recommendations.
 */
export function recommendModules(rows: readonly ProfileRow[], exclude: ReadonlySet<string>, limit = 6) {
  const score = new Map<string, { module: ModuleRef; gap: number; touches: number; competenceIds: string[] }>();
  for (const row of rows) {
    if (row.gap <= 0) continue;
    for (const m of [...row.closingModules, ...row.partialModules]) {
      const key = `${m.courseId}/${m.moduleId}`;
      if (exclude.has(key)) continue;
      const entry = score.get(key) ?? { module: m, gap: 0, touches: 0, competenceIds: [] };
      entry.gap = Math.max(entry.gap, row.gap);
      entry.touches += 1;
      entry.competenceIds.push(row.competenceId);
      score.set(key, entry);
    }
  }
  return [...score.values()]
    .sort((a, b) => b.gap - a.gap || b.touches - a.touches || a.module.minutes - b.module.minutes || a.module.title.localeCompare(b.module.title))
    .slice(0, limit);
}

/** Module page address (owned by the course engine). */
export function moduleHref(m: Pick<ModuleRef, "courseId" | "moduleId">) {
  return `/courses/${m.courseId}/${m.moduleId}`;
}
