// Grading as the learner experiences it: single, multiple (exact set) and judgement scoring.
import { describe, expect, it } from "vitest";
import { grade, gradeQuestion, unanswered, type KeyQuestion, type QuizKey } from "./grading";

const opt = (value: string, correct: boolean, points = correct ? 1 : 0) => ({ value, text: `Option ${value}`, correct, points, explanation: `Weil ${value}` });
const single: KeyQuestion = { id: "s", kind: "single", prompt: "?", options: [opt("0", false), opt("1", true), opt("2", false)] };
const multiple: KeyQuestion = { id: "m", kind: "multiple", prompt: "?", options: [opt("0", true), opt("1", true), opt("2", false)] };
const judgement: KeyQuestion = {
  id: "j",
  kind: "judgement",
  prompt: "?",
  scene: "Am Schalter",
  options: [opt("0", false, 2), opt("1", false, 1), opt("2", false, 0)],
};
const key: QuizKey = { questions: [single, multiple, judgement] };

describe("a single-choice question", () => {
  it("gives 1 point for the correct option and none otherwise", () => {
    expect(gradeQuestion(single, ["1"]).points).toBe(1);
    expect(gradeQuestion(single, ["0"]).points).toBe(0);
    expect(gradeQuestion(single, []).points).toBe(0);
  });
  it("gives nothing when several options are sent", () => {
    expect(gradeQuestion(single, ["1", "0"]).points).toBe(0);
  });
});

describe("a multiple-choice question", () => {
  it("gives 1 point only for exactly the correct set", () => {
    expect(gradeQuestion(multiple, ["1", "0"]).points).toBe(1);
    expect(gradeQuestion(multiple, ["0"]).points).toBe(0);
    expect(gradeQuestion(multiple, ["0", "1", "2"]).points).toBe(0);
  });
  it("ignores unknown values and duplicates", () => {
    expect(gradeQuestion(multiple, ["0", "1", "1", "9"]).points).toBe(1);
  });
});

describe("a situational-judgement question", () => {
  it("scores best 2, acceptable 1, harmful 0, out of 2", () => {
    expect(gradeQuestion(judgement, ["0"])).toMatchObject({ points: 2, maxPoints: 2 });
    expect(gradeQuestion(judgement, ["1"]).points).toBe(1);
    expect(gradeQuestion(judgement, ["2"]).points).toBe(0);
  });
  it("does not let a learner collect points by choosing every option", () => {
    expect(gradeQuestion(judgement, ["0", "1", "2"]).points).toBe(0);
  });
});

describe("a whole quiz", () => {
  it("scores points over points possible and passes at the pass mark", () => {
    const all = grade(key, { s: ["1"], m: ["0", "1"], j: ["0"] }, 70);
    expect(all).toMatchObject({ points: 4, maxPoints: 4, percent: 100, passed: true });
    // 3 of 4 = 75 %: passes at 75, fails at 76.
    expect(grade(key, { s: ["1"], m: ["0", "1"], j: ["1"] }, 75)).toMatchObject({ points: 3, percent: 75, passed: true });
    expect(grade(key, { s: ["1"], m: ["0", "1"], j: ["1"] }, 76).passed).toBe(false);
  });
  it("never rounds a fail into a pass", () => {
    // 2 of 3 = 66.67 %: shown as 66, fails at 67.
    const small: QuizKey = { questions: [single, { ...single, id: "s2" }, { ...single, id: "s3" }] };
    expect(grade(small, { s: ["1"], s2: ["1"], s3: ["0"] }, 67)).toMatchObject({ percent: 66, passed: false });
    expect(grade(small, { s: ["1"], s2: ["1"], s3: ["0"] }, 66).passed).toBe(true);
  });
  it("names the questions left unanswered", () => {
    expect(unanswered(key, { s: ["1"], m: [] })).toEqual(["m", "j"]);
  });
});
