// Training demand, pure: which module closes a gap to a level, and how long it takes.

export interface ModuleInfo {
  courseId: string;
  moduleId: string;
  minutes: number;
  /** Competence id → level the module certifies. */
  competences: Record<string, number>;
}

export interface ModuleChoice {
  competenceId: string;
  /** Target level this choice reaches. */
  level: number;
  courseId: string;
  moduleId: string;
  minutes: number;
}

/**
 * For each competence and target level 1–4, the shortest module that certifies at least that
 * level (ties: the module id in alphabetical order, so the choice is stable). Levels no module
 * reaches have no entry: those gaps need other training and are counted separately.
 */
export function modulesForLevels(modules: readonly ModuleInfo[]): ModuleChoice[] {
  const best = new Map<string, ModuleChoice>();
  for (const m of modules) {
    for (const [competenceId, certified] of Object.entries(m.competences)) {
      for (let level = 1; level <= certified; level++) {
        const key = `${competenceId}@${level}`;
        const current = best.get(key);
        const candidate = { competenceId, level, courseId: m.courseId, moduleId: m.moduleId, minutes: m.minutes };
        if (!current || m.minutes < current.minutes || (m.minutes === current.minutes && m.moduleId < current.moduleId)) best.set(key, candidate);
      }
    }
  }
  return [...best.values()].sort((a, b) => a.competenceId.localeCompare(b.competenceId) || a.level - b.level);
}

/** Minutes → hours with one decimal, for reports. */
export function toHours(minutes: number): number {
  return Math.round((minutes / 60) * 10) / 10;
}
