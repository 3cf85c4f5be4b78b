// Who already meets what a module certifies, as the assignment form and action decide it.
import { describe, expect, it } from "vitest";
import { certifiedLevels, meetsAlready } from "./assignment-check";

describe("assignment check", () => {
  const module = { competences: [{ competenceId: "c.interpreters", level: 2 }] };
  const course = [module, { competences: [{ competenceId: "c.interpreters", level: 3 }, { competenceId: "s.empathy", level: 2 }] }];

  it("takes the highest level a course's modules certify per competence", () => {
    expect(certifiedLevels(course)).toEqual({ "c.interpreters": 3, "s.empathy": 2 });
  });

  it("says someone meets a module when they hold every level it certifies", () => {
    const certified = certifiedLevels([module]);
    expect(meetsAlready({ "c.interpreters": 2 }, certified)).toBe(true);
    expect(meetsAlready({ "c.interpreters": 4 }, certified)).toBe(true);
    expect(meetsAlready({ "c.interpreters": 1 }, certified)).toBe(false);
    expect(meetsAlready(undefined, certified)).toBe(false);
    // A course meets only when all of its levels are held.
    expect(meetsAlready({ "c.interpreters": 3 }, certifiedLevels(course))).toBe(false);
    expect(meetsAlready({ "c.interpreters": 3, "s.empathy": 2 }, certifiedLevels(course))).toBe(true);
    // Nothing certified: assigning cannot be "pointless" by this rule.
    expect(meetsAlready({ "c.interpreters": 4 }, {})).toBe(false);
  });
});
