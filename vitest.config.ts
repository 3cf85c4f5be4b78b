// vitest: unit tests next to the code (app/**/*.test.ts) and integration tests in tests/.
// Playwright specs (tests/e2e/**/*.spec.ts) are not vitest's.
import os from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

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
  },
});
