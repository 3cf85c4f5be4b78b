// Who hears about a role change: only people whose gap grows.
import { describe, expect, it } from "vitest";
import { grownGaps } from "./requirement-change";

describe("a raised requirement", () => {
  const before = { "k.residence-paths": 2, "c.interpreters": 2 };
  const after = { "k.residence-paths": 3, "c.interpreters": 2, "s.empathy": 1 };

  it("opens a new gap for someone who met the old level but not the new one", () => {
    expect(grownGaps(before, after, { "k.residence-paths": 2, "c.interpreters": 2, "s.empathy": 1 })).toEqual([{ competenceId: "k.residence-paths", from: 2, to: 3, current: 2 }]);
  });

  it("widens an existing gap, and a newly required competence counts too", () => {
    // Interpreters stays at 2 with current 0: the gap is the same as before, so it is not news.
    expect(grownGaps(before, after, { "k.residence-paths": 1 }).map((g) => g.competenceId)).toEqual(["k.residence-paths", "s.empathy"]);
  });

  it("says nothing to someone who already holds the new level, or when requirements fall", () => {
    expect(grownGaps(before, after, { "k.residence-paths": 4, "c.interpreters": 2, "s.empathy": 2 })).toEqual([]);
    expect(grownGaps(after, before, {})).toEqual([]);
  });
});
