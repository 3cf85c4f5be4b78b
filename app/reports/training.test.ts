// The module that closes a gap is the shortest one certifying at least the required level.
import { describe, expect, it } from "vitest";
import { modulesForLevels, toHours } from "./training";

describe("training demand", () => {
  it("picks the shortest module reaching each level, and none where no module reaches it", () => {
    const choices = modulesForLevels([
      { courseId: "a", moduleId: "wege", minutes: 18, competences: { "k.residence-paths": 2 } },
      { courseId: "a", moduleId: "ermessen", minutes: 25, competences: { "k.residence-paths": 3, "c.explaining-decisions": 3 } },
      { courseId: "b", moduleId: "kurz", minutes: 10, competences: { "k.residence-paths": 1 } },
    ]);
    const rp = choices.filter((c) => c.competenceId === "k.residence-paths").map((c) => [c.level, c.moduleId, c.minutes]);
    expect(rp).toEqual([
      [1, "kurz", 10],
      [2, "wege", 18],
      [3, "ermessen", 25],
    ]);
    expect(choices.some((c) => c.level === 4)).toBe(false);
  });

  it("reports hours with one decimal", () => {
    expect(toHours(90)).toBe(1.5);
    expect(toHours(100)).toBe(1.7);
  });
});
