// Server memory (issue 15): the heap-growth limit an operator can change or switch off, and the
// heap snapshot summary that scripts/memory-profile.mjs prints (it must name what holds memory).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { summarize } from "./lib/heap-summary.mjs";
import { heapGrowingPercent } from "./server.mjs";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "horizont-memory-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("the heap-growth limit of the production server", () => {
  it("is V8's own choice unless the operator sets a percentage", () => {
    expect(heapGrowingPercent({}, [])).toBeNull();
    expect(heapGrowingPercent({ HEAP_GROWING_PERCENT: "50" }, [])).toBe(50);
    expect(heapGrowingPercent({ HEAP_GROWING_PERCENT: "100" }, [])).toBe(100);
  });

  it("HEAP_GROWING_PERCENT=0 leaves the choice to V8, and a --heap-growing-percent on the command line wins", () => {
    expect(heapGrowingPercent({ HEAP_GROWING_PERCENT: "0" }, [])).toBeNull();
    expect(heapGrowingPercent({ HEAP_GROWING_PERCENT: "50" }, ["--heap-growing-percent=20"])).toBeNull();
    expect(heapGrowingPercent({}, ["--heap-growing-percent=20"])).toBeNull();
  });

  it("refuses a value that is not a whole number, naming the setting", () => {
    expect(() => heapGrowingPercent({ HEAP_GROWING_PERCENT: "50%" }, [])).toThrow(/HEAP_GROWING_PERCENT/);
  });
});

describe("the heap snapshot summary", () => {
  it("names the object that retains the memory and how much", () => {
    // A process that keeps 8 MiB of numbers (eight arrays of 131,072 doubles) in one Map, then
    // writes a snapshot.
    const file = path.join(tmp, "cache.heapsnapshot");
    const script = `(() => {
      class ReportCache { constructor() { this.entries = new Map(); } }
      globalThis.reportCache = new ReportCache();
      for (let i = 0; i < 8; i++) globalThis.reportCache.entries.set(i, Array.from({ length: 131072 }, (_, k) => k + i + 0.5));
    })();
      require("node:v8").writeHeapSnapshot(${JSON.stringify(file)});`;
    const result = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
    expect(result.status, result.stderr).toBe(0);
    const summary = summarize(file, { top: 5 });
    const cache = summary.byRetained.find((c: { class: string }) => c.class === "ReportCache");
    expect(cache?.retainedMiB).toBeGreaterThan(7.9);
    expect(cache?.retainedMiB).toBeLessThan(9);
  });
});
