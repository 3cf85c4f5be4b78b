import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { displayValue, drawItems, drawnKey, toDisplayedAnswers, toOriginalAnswers } from "./draw";
import type { KeyQuestion, QuizKey } from "./grading";

const question = (id: string, kind: KeyQuestion["kind"], options = 4): KeyQuestion => ({
  id,
  kind,
  prompt: id,
  options: Array.from({ length: options }, (_, i) => ({ value: String(i), text: `${id}-${i}`, correct: i === 0, points: kind === "judgement" ? (i === 0 ? 2 : 0) : i === 0 ? 1 : 0, explanation: "" })),
});
const key: QuizKey = {
  questions: [
    ...["q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8"].map((id) => question(id, id === "q8" ? "multiple" : "single")),
    ...["j1", "j2", "j3"].map((id) => question(id, "judgement", 3)),
  ],
};
const randomInt = (n: number) => crypto.randomInt(n);

describe("drawing a quiz attempt", () => {
  it("without attemptSize shows every item once, each with all its options", () => {
    const items = drawItems(key, null, randomInt);
    expect(items.map((i) => i.id).sort()).toEqual(key.questions.map((q) => q.id).sort());
    for (const item of items) expect([...item.options].sort()).toEqual(key.questions.find((q) => q.id === item.id)!.options.map((o) => o.value).sort());
  });

  it("with attemptSize 7 shows exactly 2 judgements and 5 questions, different ones across attempts", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const items = drawItems(key, 7, randomInt);
      expect(items).toHaveLength(7);
      expect(items.filter((item) => item.id.startsWith("j"))).toHaveLength(2);
      expect(new Set(items.map((item) => item.id)).size).toBe(7);
      items.forEach((item) => seen.add(item.id));
    }
    expect(seen.size).toBe(key.questions.length);
  });

  it("translates display values to the key's values for the drawn items only, dropping unknown values", () => {
    const items = [
      { id: "q1", options: ["2", "0", "3", "1"] },
      { id: "j1", options: ["1", "2", "0"] },
    ];
    expect(toOriginalAnswers(items, { q1: ["b", "z", "ab"], j1: ["c"], q2: ["a"] })).toEqual({ q1: ["0"], j1: ["0"] });
    expect(toDisplayedAnswers(items, { q1: ["0", "3"], j1: ["2"] })).toEqual({ q1: ["b", "c"], j1: ["b"] });
    expect(drawnKey(key, items).questions.map((q) => q.id)).toEqual(["q1", "j1"]);
    expect([0, 1, 2, 3].map(displayValue)).toEqual(["a", "b", "c", "d"]);
  });
});
