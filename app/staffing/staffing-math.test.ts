// Staffing arithmetic, checked against the worked example in competence-framework.md.
import { describe, expect, it } from "vitest";
import { applyScenario, computeStaffing, roundFte, type StaffingTaskInput } from "./staffing-math";

const example: StaffingTaskInput[] = [
  { title: "Verlängerung Aufenthaltserlaubnis", casesPerYear: 12_000, caseworkMinutes: 45, counsellingMinutes: 0 },
  { title: "Beratungstermine", casesPerYear: 3_000, caseworkMinutes: 0, counsellingMinutes: 30 },
];
const settings = { netHoursPerFte: 1_560, allowancePercent: 10 };

describe("staffing measurement (Stellenbemessung)", () => {
  it("reproduces the worked example of the competence framework", () => {
    const r = computeStaffing(example, settings, 10.05);
    // By hand: 12,000 × 45 = 540,000 min; 3,000 × 30 = 90,000 min; sum 630,000 min.
    expect(r.basicMinutes).toBe(630_000);
    expect(r.caseworkMinutes).toBe(540_000);
    expect(r.counsellingMinutes).toBe(90_000);
    // 10 % Verteilzeit: 630,000 × 1.1 = 693,000 min.
    expect(r.totalMinutes).toBeCloseTo(693_000, 6);
    // One FTE: 1,560 h × 60 = 93,600 min.
    expect(r.minutesPerFte).toBe(93_600);
    // 693,000 ÷ 93,600 = 7.4038… → 7.40 FTE.
    expect(roundFte(r.requiredFte)).toBe(7.4);
    // Counselling: 90,000 × 1.1 = 99,000 min ÷ 93,600 = 1.0577 → 1.06 FTE.
    expect(roundFte(r.counsellingFte)).toBe(1.06);
    // Casework: 540,000 × 1.1 = 594,000 ÷ 93,600 = 6.3462 → 6.35 FTE; 6.3462 + 1.0577 = 7.4038.
    expect(roundFte(r.caseworkFte)).toBe(6.35);
    // Counselling share 1.0577 ÷ 7.4038 = 0.1429 (= 90,000 ÷ 630,000 = 1/7).
    expect(r.counsellingShare).toBeCloseTo(1 / 7, 10);
    // Difference: 10.05 − 7.4038 = 2.6462 → +2.65 FTE (more staff than measured need).
    expect(roundFte(r.difference)).toBe(2.65);
  });

  it("per task FTE add up to the required FTE", () => {
    const r = computeStaffing(example, settings, 0);
    // 540,000 × 1.1 ÷ 93,600 = 6.3462 and 90,000 × 1.1 ÷ 93,600 = 1.0577.
    expect(r.tasks.map((t) => roundFte(t.fte))).toEqual([6.35, 1.06]);
    expect(r.tasks.reduce((s, t) => s + t.fte, 0)).toBeCloseTo(r.requiredFte, 10);
  });

  it("a scenario of +10 minutes counselling per case changes the tasks, not the plan", () => {
    const scenario = applyScenario(example, { casesChangePercent: 0, extraCounsellingMinutes: 10, extraCaseworkMinutes: 0 });
    expect(example[0].counsellingMinutes).toBe(0);
    const r = computeStaffing(scenario, settings, 0);
    // Counselling: 12,000 × 10 + 3,000 × 40 = 120,000 + 120,000 = 240,000 min;
    // total 540,000 + 240,000 = 780,000 × 1.1 = 858,000 ÷ 93,600 = 9.1667 → 9.17 FTE;
    // counselling 240,000 × 1.1 = 264,000 ÷ 93,600 = 2.8205 → 2.82 FTE.
    expect(r.counsellingMinutes).toBe(240_000);
    expect(roundFte(r.requiredFte)).toBe(9.17);
    expect(roundFte(r.counsellingFte)).toBe(2.82);
  });

  it("a scenario of +15 % cases scales the need by 1.15", () => {
    const r = computeStaffing(applyScenario(example, { casesChangePercent: 15, extraCounsellingMinutes: 0, extraCaseworkMinutes: 0 }), settings, 0);
    // 630,000 × 1.15 = 724,500 min × 1.1 = 796,950 ÷ 93,600 = 8.5144 → 8.51 FTE.
    expect(r.basicMinutes).toBeCloseTo(724_500, 6);
    expect(roundFte(r.requiredFte)).toBe(8.51);
  });

  it("uses the allowance setting (15 % as in older practice) and no allowance at all", () => {
    // 630,000 × 1.15 = 724,500 ÷ 93,600 = 7.7404 → 7.74.
    expect(roundFte(computeStaffing(example, { netHoursPerFte: 1_560, allowancePercent: 15 }, 0).requiredFte)).toBe(7.74);
    // 630,000 ÷ (1,644 × 60 = 98,640) = 6.3869 → 6.39.
    expect(roundFte(computeStaffing(example, { netHoursPerFte: 1_644, allowancePercent: 0 }, 0).requiredFte)).toBe(6.39);
  });

  it("a plan without tasks needs nothing, and refuses a zero working time", () => {
    const r = computeStaffing([], settings, 3);
    expect(r.requiredFte).toBe(0);
    expect(r.counsellingShare).toBe(0);
    expect(r.difference).toBe(3);
    expect(() => computeStaffing(example, { netHoursPerFte: 0, allowancePercent: 10 }, 0)).toThrow(RangeError);
  });
});
