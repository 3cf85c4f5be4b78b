// Small-group suppression (staff-council requirement): an aggregate over fewer people than the
// authority's minimum group size is not shown, so a report cannot identify individuals.

export interface Suppressed {
  suppressed: true;
  people: null;
}

/** True when a group of `people` must not be reported under `minGroupSize`. */
export function mustSuppress(people: number, minGroupSize: number): boolean {
  return people > 0 && people < minGroupSize;
}

/**
 * Replaces the figures of groups below the minimum with null and marks them suppressed.
 * Groups are kept (so the reader sees that a unit exists and why its figures are missing).
 */
export function suppressSmallGroups<T extends { people: number }, K extends keyof T>(
  rows: readonly T[],
  minGroupSize: number,
  figures: readonly K[],
): (Omit<T, K> & { [P in K]: T[P] | null } & { suppressed: boolean })[] {
  return rows.map((row) => {
    if (!mustSuppress(row.people, minGroupSize)) return { ...row, suppressed: false };
    const copy: Record<string, unknown> = { ...row, suppressed: true };
    for (const key of figures) copy[key as string] = null;
    return copy as Omit<T, K> & { [P in K]: T[P] | null } & { suppressed: boolean };
  });
}
