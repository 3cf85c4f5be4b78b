// Can a quiz be passed without knowing the content? Answer strategies that need no knowledge
// (always the first displayed option, always the last, the longest, uniform random guessing)
// play 10,000 attempts per fixture module and 4,000 per real module through the real draw
// (drawItems: the items and option order the server serves) and the real grading (drawnKey,
// toOriginalAnswers, grade: what submitAttempt grades). None may pass a module in more than 5 %
// of its attempts. And the served order puts the best option in every position about equally often.
//
// Two catalogs: a small balanced fixture course (tests/fixtures/courses), which proves the
// mechanism on any branch, and the real catalog (courses/). A real module without `attemptSize`
// has not been moved to the item-pool format yet: its "longest option" row is printed but not
// asserted (its best option is usually the longest; the content rewrite fixes that, after which
// every row is asserted).
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readCatalog, type ModuleInfo } from "~/courses/catalog.server";
import { checkModule } from "~/courses/content-rules";
import { drawItems, drawnKey, toOriginalAnswers, displayValue, type DrawnItem, type RandomInt } from "~/courses/draw";
import { serverRandomInt } from "~/courses/draws.server";
import { bestOptionIndex } from "~/courses/content-rules";
import { grade, type Answers, type QuizKey } from "~/courses/grading";
import { compileModule, getCompiledModule, prepareModules } from "~/courses/modules.server";

const runs = 10_000;
/**
 * Per real module: 4,000 attempts per strategy. The highest rate seen over 10,000 was 1.8 %; at
 * 4,000 the standard error near the 5 % bound is 0.35 points, so a module whose guessing passes
 * 6 % of attempts still fails here in all but about 1 run in 250, at 40 % of the time (22 modules
 * × 4 strategies was this suite's longest test).
 */
const catalogRuns = 4_000;
const maxPassRate = 0.05;

/** A strategy picks display positions per drawn item from what the page shows: kind and option texts. */
type Strategy = (item: { kind: "single" | "multiple" | "judgement"; texts: string[] }, randomInt: RandomInt) => number[];

const strategies: Record<string, Strategy> = {
  "first option": () => [0],
  "last option": ({ texts }) => [texts.length - 1],
  "longest option": ({ texts }) => [texts.reduce((best, t, i) => (t.length > texts[best].length ? i : best), 0)],
  "random guess": ({ kind, texts }, randomInt) => {
    if (kind !== "multiple") return [randomInt(texts.length)];
    // A uniformly random non-empty subset.
    const mask = 1 + randomInt(2 ** texts.length - 1);
    return texts.map((_, i) => i).filter((i) => mask & (1 << i));
  },
};

interface PoolModule {
  name: string;
  module: ModuleInfo;
  key: QuizKey;
}

/** Plays `attempts` attempts of one strategy; returns the share of passed attempts. */
function passRate(target: PoolModule, strategy: Strategy, randomInt: RandomInt, attempts: number): number {
  const byId = new Map(target.key.questions.map((q) => [q.id, q]));
  let passed = 0;
  for (let run = 0; run < attempts; run++) {
    const items: DrawnItem[] = drawItems(target.key, target.module.attemptSize, randomInt);
    const displayed: Answers = {};
    for (const item of items) {
      const q = byId.get(item.id)!;
      const texts = item.options.map((value) => q.options.find((o) => o.value === value)!.text);
      displayed[item.id] = strategy({ kind: q.kind, texts }, randomInt).map(displayValue);
    }
    if (grade(drawnKey(target.key, items), toOriginalAnswers(items, displayed), target.module.passMark).passed) passed++;
  }
  return passed / attempts;
}

function table(title: string, rows: { name: string; rates: Record<string, number>; note: string }[]) {
  const names = Object.keys(strategies);
  const lines = [title, ["module".padEnd(60), ...names.map((n) => n.padStart(15)), "  note"].join("")];
  for (const row of rows) lines.push([row.name.padEnd(60), ...names.map((n) => `${(row.rates[n] * 100).toFixed(2)} %`.padStart(15)), `  ${row.note}`].join(""));
  console.log(lines.join("\n"));
}

function strategyRows(modules: PoolModule[], attempts: number) {
  return modules.map((m) => ({
    name: m.name,
    note: m.module.attemptSize === null ? "no attemptSize yet: every item shown, longest not asserted" : `attemptSize ${m.module.attemptSize} of ${m.key.questions.length}`,
    rates: Object.fromEntries(Object.entries(strategies).map(([name, strategy]) => [name, passRate(m, strategy, serverRandomInt, attempts)])),
  }));
}

function expectNoStrategyPasses(rows: ReturnType<typeof strategyRows>, modules: PoolModule[]) {
  const failures: string[] = [];
  rows.forEach((row, i) => {
    for (const [name, rate] of Object.entries(row.rates)) {
      if (name === "longest option" && modules[i].module.attemptSize === null) continue;
      if (rate > maxPassRate) failures.push(`${row.name}: "${name}" passes ${(rate * 100).toFixed(2)} % of attempts`);
    }
  });
  expect(failures).toEqual([]);
}

/** Share of draws in which the best option is shown at each position, per option count. */
function bestPositionShares(modules: PoolModule[], draws: number) {
  const counts = new Map<number, number[]>();
  for (const m of modules) {
    const byId = new Map(m.key.questions.map((q) => [q.id, q]));
    for (let d = 0; d < draws; d++)
      for (const item of drawItems(m.key, m.module.attemptSize, serverRandomInt)) {
        const q = byId.get(item.id)!;
        const best = bestOptionIndex(q);
        if (best === null) continue;
        const position = item.options.indexOf(q.options[best].value);
        const list = counts.get(q.options.length) ?? Array.from({ length: q.options.length }, () => 0);
        list[position]++;
        counts.set(q.options.length, list);
      }
  }
  return [...counts].map(([options, list]) => {
    const total = list.reduce((a, b) => a + b, 0);
    return { options, total, shares: list.map((n) => n / total) };
  });
}

function expectUniformPositions(shares: ReturnType<typeof bestPositionShares>) {
  expect(shares.length).toBeGreaterThan(0);
  for (const { options, shares: list } of shares) {
    console.log(`best option position over ${options}-option items: ${list.map((s) => `${(s * 100).toFixed(1)} %`).join(" | ")}`);
    // Each position within ±3 percentage points of uniform.
    for (const share of list) expect(Math.abs(share - 1 / options)).toBeLessThanOrEqual(0.03);
  }
}

describe("knowledge-free strategies on a balanced fixture course", () => {
  const modules: PoolModule[] = [];

  beforeAll(async () => {
    const catalog = readCatalog(path.resolve(import.meta.dirname, "fixtures/courses"));
    expect(catalog.errors).toEqual([]);
    for (const course of catalog.courses)
      for (const module of course.modules) {
        const compiled = await compileModule(catalog.sources.get(`${course.id}/${module.id}`)!, module.file);
        if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
        modules.push({ name: `${course.id}/${module.id}`, module, key: compiled.extracted.key });
      }
  }, 60_000);

  it("the fixture is a valid item pool: 2 judgements + 5 questions per attempt from 3 + 8, no favoured position or length", () => {
    for (const { module, key } of modules) {
      const findings = checkModule(
        { file: module.file, attemptSize: module.attemptSize, leitziele: module.leitziele, legalBasis: [], reviewedAt: null, expiresAfterMonths: null, competences: module.competences, body: "", key },
        new Date("2026-12-01"),
      );
      expect(findings).toEqual([]);
      const items = drawItems(key, module.attemptSize, serverRandomInt);
      expect(items).toHaveLength(7);
      expect(items.filter((i) => key.questions.find((q) => q.id === i.id)!.kind === "judgement")).toHaveLength(2);
    }
  });

  it("no strategy passes any module in more than 5 % of 10,000 attempts", () => {
    const rows = strategyRows(modules, runs);
    table("pass rates, fixture course (10,000 attempts per strategy)", rows);
    expectNoStrategyPasses(rows, modules);
  });

  it("the served order puts the best option in every position equally often (±3 points over 10,000 draws)", () => {
    expectUniformPositions(bestPositionShares(modules, runs));
  });
});

describe("knowledge-free strategies on the course catalog", () => {
  const modules: PoolModule[] = [];

  beforeAll(async () => {
    await prepareModules();
    for (const course of readCatalog().courses)
      for (const module of course.modules) modules.push({ name: `${course.id}/${module.id}`, module, key: getCompiledModule(course.id, module.id)!.key });
  }, 180_000);

  it("no strategy passes any module in more than 5 % of 4,000 attempts", () => {
    const rows = strategyRows(modules, catalogRuns);
    table("pass rates, course catalog (4,000 attempts per strategy)", rows);
    expectNoStrategyPasses(rows, modules);
  }, 120_000);

  it("the served order puts the best option in every position equally often (±3 points over 10,000 draws)", () => {
    expectUniformPositions(bestPositionShares(modules, Math.ceil(runs / modules.length)));
  }, 60_000);
});
