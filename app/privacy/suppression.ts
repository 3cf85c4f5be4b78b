// Small-group suppression (staff-council requirement), the one rule behind every aggregate view
// and export: HR's coverage report (page, trend, CSV/XLSX) and a lead's team page and team export
// while "leads see individual profiles" is off.
//
// The rule works on "atoms": the people who share a unit and a role description. Every figure is
// a count of people, and people of one atom are alike for every grouping a report offers (by unit,
// by role, the whole authority, one team), so no combination of figures (differencing totals,
// rows, views, months or group definitions) can say more than how many people of an atom hold
// which level. An atom with fewer people than the minimum group size is therefore left out of
// every figure (its people are only counted as "not included"); then every number shown is a sum
// over atoms of at least the minimum size, a competence row cannot shrink to "1 of 1", and no
// blank row or group can be recovered by subtraction, because nothing blank was ever added in.
//
// What this does not hide: an atom in which everyone holds the same level shows that level; and
// someone who knows whose evidence changed between two readings learns the direction of that
// change. Both are documented in docs/security.md.

/** True when a group of `people` must not be reported under `minGroupSize`. */
export function mustSuppress(people: number, minGroupSize: number): boolean {
  return people > 0 && people < minGroupSize;
}

/** The smallest atom that is counted (for queries that apply the rule in SQL). */
export function smallestCountedAtom(minGroupSize: number): number {
  return Math.max(1, minGroupSize);
}

export interface Placed {
  unitId: string | null;
  roleId: string | null;
}

/** The people whose atom (same unit and role) holds at least `minGroupSize` of the given people. */
export function countedPeople<T extends Placed>(people: readonly T[], minGroupSize: number): T[] {
  const sizes = new Map<string, number>();
  const key = (p: Placed) => `${p.unitId ?? ""}|${p.roleId ?? ""}`;
  for (const p of people) sizes.set(key(p), (sizes.get(key(p)) ?? 0) + 1);
  return people.filter((p) => sizes.get(key(p))! >= smallestCountedAtom(minGroupSize));
}
