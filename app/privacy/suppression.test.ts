// Reports never show aggregates over fewer people than the minimum group size.
import { describe, expect, it } from "vitest";
import { countedPeople, mustSuppress } from "./suppression";

describe("small-group suppression", () => {
  it("suppresses groups below the minimum, not at or above it", () => {
    expect(mustSuppress(4, 5)).toBe(true);
    expect(mustSuppress(5, 5)).toBe(false);
    expect(mustSuppress(1, 2)).toBe(true);
    // An empty group identifies nobody; it shows as zero.
    expect(mustSuppress(0, 5)).toBe(false);
  });

  it("counts only people who share unit and role with at least the minimum number of people", () => {
    const people = [
      ...["a", "b", "c"].map((id) => ({ id, unitId: "u1", roleId: "sachbearbeitung" })),
      { id: "d", unitId: "u1", roleId: "leitung" },
      ...["e", "f"].map((id) => ({ id, unitId: "u2", roleId: "sachbearbeitung" })),
    ];
    expect(countedPeople(people, 3).map((p) => p.id)).toEqual(["a", "b", "c"]);
    // The same role in another unit is another group: "e" and "f" are not added to "a"–"c".
    expect(countedPeople(people, 2).map((p) => p.id)).toEqual(["a", "b", "c", "e", "f"]);
    expect(countedPeople(people, 1)).toHaveLength(6);
  });
});
