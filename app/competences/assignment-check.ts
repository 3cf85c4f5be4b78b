// Whether an assignment can change anything (pure): the levels a module or course certifies,
// and who already holds them, so a lead does not assign what cannot raise a level.

/** Message key of the action's refusal; the form then offers "assign anyway". */
export const ALREADY_MEETS = "competences.errors.alreadyMeets";

export interface CertifyingModule {
  competences: readonly { competenceId: string; level: number }[];
}

/** Competence → the highest level the given modules certify (a course: all its modules). */
export function certifiedLevels(modules: readonly CertifyingModule[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of modules) for (const c of m.competences) out[c.competenceId] = Math.max(out[c.competenceId] ?? 0, c.level);
  return out;
}

/**
 * True when the person already holds every level the target certifies: passing it could not
 * raise any of their levels. A target that certifies nothing is never "already met".
 */
export function meetsAlready(current: Readonly<Record<string, number>> | undefined, certified: Readonly<Record<string, number>>): boolean {
  const entries = Object.entries(certified);
  return entries.length > 0 && entries.every(([competenceId, level]) => (current?.[competenceId] ?? 0) >= level);
}
