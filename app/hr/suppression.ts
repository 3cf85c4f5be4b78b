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

/**
 * Secondary suppression: when the groups already suppressed hold fewer than `minGroupSize`
 * people together, a reader could subtract the shown groups from the total and recover them.
 * Then the smallest shown groups are suppressed too, until the hidden people reach the minimum
 * (or nothing is left to hide). Returns the indexes of all groups to suppress.
 */
export function suppressionSet(groups: readonly { people: number }[], minGroupSize: number): Set<number> {
  const hidden = new Set<number>();
  groups.forEach((g, i) => {
    if (mustSuppress(g.people, minGroupSize)) hidden.add(i);
  });
  if (hidden.size === 0) return hidden;
  let hiddenPeople = [...hidden].reduce((s, i) => s + groups[i].people, 0);
  const candidates = groups
    .map((g, i) => ({ i, people: g.people }))
    .filter((c) => !hidden.has(c.i) && c.people > 0)
    .sort((a, b) => a.people - b.people || a.i - b.i);
  for (const c of candidates) {
    if (hiddenPeople >= minGroupSize) break;
    hidden.add(c.i);
    hiddenPeople += c.people;
  }
  return hidden;
}
