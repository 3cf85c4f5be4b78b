// `npm test`: the whole suite. Course check, vitest (unit + integration on PGlite, and on
// PostgreSQL when TEST_DATABASE_URL is set), production build, Playwright in Chromium, and
// beside it the short load test when TEST_DATABASE_URL is set.
// Ends with one line "N passed, N failed" over every suite.
import { execSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
fs.mkdirSync(".cache", { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
const suites = [];
const bin = (name) => path.join(root, "node_modules", ".bin", name);

function run(label, command, args, env = {}) {
  process.stdout.write(`\n=== ${label} ===\n`);
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  return result.status ?? 1;
}

function count(label, passed, failed, skipped = 0) {
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += skipped;
  suites.push(`${label}: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
}

// 1. Course content (when the course engine is present).
if (fs.existsSync("scripts/courses-check.ts")) {
  const status = run("courses:check", bin("tsx"), ["scripts/courses-check.ts", "--json", ".cache/courses-check.json"]);
  const report = fs.existsSync(".cache/courses-check.json") ? JSON.parse(fs.readFileSync(".cache/courses-check.json", "utf8")) : null;
  if (report) count("courses", report.passed, report.failed);
  else count("courses", 0, 1);
  if (status !== 0 && report?.failed === 0) count("courses", 0, 1);
}

// 2. vitest.
fs.rmSync(".cache/vitest-results.json", { force: true });
run("vitest (unit and integration)", bin("vitest"), ["run", "--reporter=default", "--reporter=json", "--outputFile.json=.cache/vitest-results.json"]);
if (fs.existsSync(".cache/vitest-results.json")) {
  const r = JSON.parse(fs.readFileSync(".cache/vitest-results.json", "utf8"));
  // Files that failed to load count as failures too.
  const brokenFiles = r.testResults.filter((f) => f.status === "failed" && f.assertionResults.length === 0).length;
  count("vitest", r.numPassedTests, r.numFailedTests + brokenFiles, r.numPendingTests + r.numTodoTests);
} else count("vitest", 0, 1);

// 3. Browser.
function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].filter(Boolean);
  return candidates.find((p) => fs.existsSync(p));
}
let chromium = findChromium();
if (!chromium && process.getuid?.() === 0) {
  process.stdout.write("\nNo Chromium found: installing Debian's chromium package (apt-get install -y chromium)…\n");
  try {
    execSync("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium", { stdio: "inherit" });
  } catch {
    /* reported below */
  }
  chromium = findChromium();
}
if (!chromium) {
  process.stdout.write("\nNo Chromium found for the browser tests. Install one with:\n  sudo apt-get install -y chromium\nor set CHROMIUM_PATH to a Chromium or Chrome binary.\n");
  count("playwright", 0, 1);
  const loadTest = startLoadTest();
  if (loadTest) await finishLoadTest(loadTest);
} else {
  // Beside the browser tests (one browser, one server: a core stays mostly idle), the short load
  // test when a PostgreSQL server is configured: it runs its own PostgreSQL and app on other ports
  // and checks that nothing is lost or doubled across a database restart, not how fast.
  const loadTest = startLoadTest();
  fs.rmSync(".cache/playwright-results.json", { force: true });
  run("playwright (end-to-end in Chromium)", bin("playwright"), ["test"], { CHROMIUM_PATH: chromium });
  if (loadTest) await finishLoadTest(loadTest);
  if (fs.existsSync(".cache/playwright-results.json")) {
    const r = JSON.parse(fs.readFileSync(".cache/playwright-results.json", "utf8"));
    const s = r.stats;
    count("playwright", s.expected, s.unexpected + s.flaky, s.skipped);
    if (r.errors?.length) count("playwright (set-up)", 0, r.errors.length);
  } else count("playwright", 0, 1);
}

/** Starts `scripts/load-test.mjs --short` in the background, its output into a file. */
function startLoadTest() {
  if (!process.env.TEST_DATABASE_URL || !fs.existsSync("scripts/load-test.mjs")) return null;
  const log = ".cache/load-test.log";
  const out = fs.openSync(log, "w");
  const child = spawn(process.execPath, ["scripts/load-test.mjs", "--short"], { stdio: ["ignore", out, out] });
  fs.closeSync(out);
  const exited = new Promise((resolve) => child.on("exit", (code) => resolve(code ?? 1)));
  return { log, exited };
}

async function finishLoadTest({ log, exited }) {
  const code = await exited;
  process.stdout.write(`\n=== short load test (ran beside the browser tests) ===\n${fs.readFileSync(log, "utf8")}`);
  count("short load test", code === 0 ? 1 : 0, code === 0 ? 0 : 1);
}

const summary = `${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ""}`;
fs.writeFileSync(".cache/test-summary.txt", `${suites.join("\n")}\n${summary}\n`);
process.stdout.write(`\n${suites.join("\n")}\n${summary}\n`);
process.exit(totals.failed > 0 ? 1 : 0);
