// Reports never show aggregates over fewer people than the minimum group size.
import { describe, expect, it } from "vitest";
import { mustSuppress, suppressionSet, suppressSmallGroups } from "./suppression";

describe("small-group suppression", () => {
  it("suppresses groups below the minimum, not at or above it", () => {
    expect(mustSuppress(4, 5)).toBe(true);
    expect(mustSuppress(5, 5)).toBe(false);
    expect(mustSuppress(1, 2)).toBe(true);
    // An empty group identifies nobody; it shows as zero.
    expect(mustSuppress(0, 5)).toBe(false);
  });

  it("blanks the figures of small groups but keeps the group and marks it", () => {
    const rows = [
      { unit: "Aufenthalt 1", people: 11, met: 7, hours: 12 },
      { unit: "Leitung", people: 2, met: 1, hours: 3 },
    ];
    expect(suppressSmallGroups(rows, 5, ["met", "hours"])).toEqual([
      { unit: "Aufenthalt 1", people: 11, met: 7, hours: 12, suppressed: false },
      { unit: "Leitung", people: 2, met: null, hours: null, suppressed: true },
    ]);
  });
});

describe("secondary suppression", () => {
  it("also hides the smallest shown group when the hidden ones could be recovered from the total", () => {
    // Total 30 = 11 + 11 + 7 + 1: hiding only the 1 would let anyone compute it as 30 − 29.
    expect([...suppressionSet([{ people: 11 }, { people: 11 }, { people: 7 }, { people: 1 }], 5)].sort()).toEqual([2, 3]);
  });

  it("hides nothing more when the hidden groups together reach the minimum", () => {
    expect([...suppressionSet([{ people: 11 }, { people: 3 }, { people: 2 }], 5)].sort()).toEqual([1, 2]);
    expect(suppressionSet([{ people: 11 }, { people: 6 }], 5).size).toBe(0);
  });
});
