// vitest: unit tests next to the code (app/**/*.test.ts) and integration tests in tests/.
// Playwright specs (tests/e2e/**/*.spec.ts) are not vitest's.
import os from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * Files that take a minute or more, started first. vitest orders files by the durations of the
 * last run, and on a clean clone (CI) by file size: these short files of long work then started
 * last, and one worker ran on alone for minutes after the other had finished.
 */
const slowFirst = [
  "tests/levels-reads.test.ts",
  "tests/quiz-strategies.test.ts",
  "tests/retention.test.ts",
  "tests/bad-input.test.ts",
  "tests/access-matrix.test.ts",
  "tests/import-upload.test.ts",
  "tests/coverage-cache.test.ts",
  "tests/hr.test.ts",
  "tests/auth.test.ts",
];

class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]) {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const i = slowFirst.findIndex((name) => file.moduleId.endsWith(name));
      return i < 0 ? slowFirst.length : i;
    };
    return sorted.map((file, i) => ({ file, i })).sort((a, b) => rank(a.file) - rank(b.file) || a.i - b.i).map(({ file }) => file);
  }
}

export default defineConfig({
  resolve: { alias: { "~": path.resolve(import.meta.dirname, "app") } },
  test: {
    include: ["app/**/*.test.ts", "app/**/*.test.tsx", "tests/**/*.test.ts", "scripts/**/*.test.ts"],
    exclude: ["tests/e2e/**", "node_modules/**"],
    globalSetup: ["tests/support/global-setup.ts"],
    environment: "node",
    pool: "forks",
    // vitest's default in run mode is one worker fewer than the cores: one worker on a two-core
    // machine. The files wait on PostgreSQL, PGlite and HTTP much of the time, so two workers there
    // take the suite from about 9 to about 6 minutes (docs/benchmarks.md, "Test suite").
    maxWorkers: Math.max(2, os.availableParallelism()),
    // Timeouts bound a hang, they prove nothing: on a two-core machine shared with other work
    // (load 15-20) an HTTP or PostgreSQL test runs several times slower than on a quiet one.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { NODE_ENV: "test", LOG_LEVEL: "silent" },
    sequence: { sequencer: SlowFirstSequencer },
  },
});
