// Time shares of a role description must add up to 100 %, and changes are listed field by field.
import { describe, expect, it } from "vitest";
import { describeChanges, validateTaskShares, type RoleSnapshot } from "./role-description";

describe("time shares of a role description", () => {
  it("accept tasks that add up to exactly 100 %", () => {
    expect(validateTaskShares([{ sharePercent: 55 }, { sharePercent: 25 }, { sharePercent: 15 }, { sharePercent: 5 }])).toBeNull();
    expect(validateTaskShares([{ sharePercent: 33.33 }, { sharePercent: 33.33 }, { sharePercent: 33.34 }])).toBeNull();
  });

  it("name the actual sum when they do not", () => {
    expect(validateTaskShares([{ sharePercent: 55 }, { sharePercent: 40 }])).toBe('hr.roles.sharesSum|{"sum":"95"}');
    expect(validateTaskShares([{ sharePercent: 60 }, { sharePercent: 40.5 }])).toBe('hr.roles.sharesSum|{"sum":"100,5"}');
  });

  it("require at least one task", () => {
    expect(validateTaskShares([])).toBe("hr.roles.tasksRequired");
  });
});

describe("changes between versions", () => {
  const base: RoleSnapshot = {
    title: "Sachbearbeitung",
    payScheme: "TVöD",
    payGrade: "EG 9b",
    status: "active",
    tasks: [
      { title: "Entscheidung", category: "casework_decision", sharePercent: 70 },
      { title: "Beratung", category: "counselling", sharePercent: 30 },
    ],
    requirements: { "k.residence-paths": 3, "c.interpreters": 2 },
  };

  it("lists changed fields, tasks and requirement levels", () => {
    const after: RoleSnapshot = {
      ...base,
      payGrade: "EG 10",
      tasks: [
        { title: "Entscheidung", category: "casework_decision", sharePercent: 60 },
        { title: "Auskunft", category: "service_information", sharePercent: 40 },
      ],
      requirements: { "k.residence-paths": 2, "s.empathy": 2 },
    };
    expect(describeChanges(base, after)).toEqual([
      { kind: "field", field: "payGrade", from: "EG 9b", to: "EG 10" },
      { kind: "taskChanged", title: "Entscheidung", from: "70 % casework_decision", to: "60 % casework_decision" },
      { kind: "taskAdded", title: "Auskunft", sharePercent: 40 },
      { kind: "taskRemoved", title: "Beratung" },
      { kind: "requirement", competenceId: "c.interpreters", from: 2, to: 0 },
      { kind: "requirement", competenceId: "k.residence-paths", from: 3, to: 2 },
      { kind: "requirement", competenceId: "s.empathy", from: 0, to: 2 },
    ]);
  });

  it("finds nothing when nothing changed", () => {
    expect(describeChanges(base, structuredClone(base))).toEqual([]);
  });
});
