// `npm run bench`: load benchmarks against the production server, as ratios to two baselines
// served by the same server in the same run (B1: a resource route returning a short text; B2: a
// minimal page in the app's layout without database access). Runs once on PGlite (fresh data
// directory with demo data) and, when DATABASE_URL is given, once on that PostgreSQL server
// (fresh database `horizont_bench`, SEED_DEMO=1). Rewrites the "Load benchmarks" section of
// docs/benchmarks.md between <!-- bench:start --> and <!-- bench:end -->.
//
//   npm run bench
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench
//   options: --seconds N (per measurement, default 10), --warmup N (default 3), --only pglite|postgres,
//            --note "text" (printed under the table), --no-docs (print only),
//            --force (write docs/benchmarks.md even after a start on a busy machine),
//            --min-samples N (2xx answers the percentiles need, default 200), --max-seconds N (default 120)
//
// Honest figures: the load average is recorded before and after every measurement; a run that
// starts with a 1-minute load average above 0.5 per core is marked "not quiet" and does not
// replace the table in docs/benchmarks.md unless --force is given. Non-2xx answers are misses
// (counted, never timed). The one-connection latency runs until at least --min-samples answers
// came back (or --max-seconds passed; the table says when fewer).
//
// Sizing run (issue 19): `npm run bench -- --sizing [--sizes 100,1000,5000,15000]` generates an
// authority of each size in a fresh database, on PGlite and (with DATABASE_URL) on the server,
// measures the team page, a profile and the coverage report at one connection and the peak RSS,
// and rewrites the section between <!-- sizing:start --> and <!-- sizing:end -->.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { pages } from "./lib/bench-pages.mjs";
import { ensureBuild, freePort, peakRssMiB, root, signIn, startApp, withDatabase } from "./lib/harness.mjs";

const { values: opts } = parseArgs({
  options: {
    seconds: { type: "string", default: "10" },
    warmup: { type: "string", default: "3" },
    only: { type: "string" },
    note: { type: "string" },
    "no-docs": { type: "boolean", default: false },
    force: { type: "boolean", default: false },
    sizing: { type: "boolean", default: false },
    sizes: { type: "string", default: "100,1000,5000,15000" },
    "min-samples": { type: "string", default: "200" },
    "max-seconds": { type: "string", default: "120" },
  },
});
const minSamples = Number(opts["min-samples"]);
const maxSeconds = Number(opts["max-seconds"]);
const cores = os.cpus().length;
/** The 1-minute load average per core above which a run is "not quiet". */
const QUIET_PER_CORE = 0.5;
const load = () => Math.round(os.loadavg()[0] * 100) / 100;
const seconds = Number(opts.seconds);
const warmup = Number(opts.warmup);

/** A latency figure, or a note that no response came back within the measuring window. */
const ms = (value) => (value == null ? "no answer in window" : value.toFixed(1));

const generator = path.join(root, "scripts/generate-large-authority.ts");

async function measure(url, connections, secs, headers, extra = {}) {
  const before = load();
  const child = spawn(process.execPath, [path.join(root, "scripts/lib/bench-client.mjs"), JSON.stringify({ url, connections, seconds: secs, headers, ...extra })], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.on("data", (chunk) => (out += chunk));
  const code = await new Promise((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`autocannon failed for ${url}`);
  return { ...JSON.parse(out.trim().split("\n").at(-1)), loadBefore: before, loadAfter: load() };
}

/** One-connection latency with enough samples for a p95. */
const measureLatency = (url, headers, secs = seconds) => measure(url, 1, secs, headers, { minSamples, maxSeconds });

function startupMs(app) {
  const line = app.output.stdout.split("\n").find((l) => l.includes('"msg":"horizont started"'));
  return line ? JSON.parse(line).milliseconds : null;
}

async function runTarget(kind, env, notes, { measured = pages, people, throughput: withThroughput = true, restart = true } = {}) {
  const [low, high] = (process.env.BENCH_PORTS ?? "3330-3339").split("-").map(Number);
  const port = await freePort(Array.from({ length: high - low + 1 }, (_, i) => low + i));
  let generated = null;
  if (fs.existsSync(generator)) {
    console.log(`[${kind}] loading large-authority data (scripts/generate-large-authority.ts)…`);
    const result = spawnSync(path.join(root, "node_modules/.bin/tsx"), [generator, ...(people ? ["--people", String(people)] : [])], {
      cwd: root,
      stdio: ["ignore", "pipe", "inherit"],
      encoding: "utf8",
      env: { ...process.env, ...env },
    });
    process.stdout.write(result.stdout ?? "");
    if (result.status !== 0) throw new Error("scripts/generate-large-authority.ts failed");
    try {
      generated = JSON.parse(result.stdout.trim().split("\n").at(-1)).generated;
    } catch {
      generated = null;
    }
  } else if (!notes.some((n) => n.includes("generate-large-authority"))) {
    notes.push("scripts/generate-large-authority.ts does not exist yet: the large-authority data (team of 300, authority of 15,000) was not loaded, so team and HR figures are missing or measured on the demo authority.");
  }
  const appEnv = { ...env, BENCH_ROUTES: "1", LOG_LEVEL: "info" };
  // First start (creates/migrates/seeds), then a second start on the same data: the start-up time
  // with everything cached is the one the issue asks for.
  let app = await startApp({ port, env: appEnv, label: `${kind} server`, keepOutput: true });
  const firstStart = startupMs(app);
  let cachedStart = null;
  if (restart) {
    await app.stop();
    app = await startApp({ port, env: appEnv, label: `${kind} server`, keepOutput: false });
    cachedStart = startupMs(app);
  }
  console.log(`[${kind}] server pid ${app.pid} on ${app.url} (start-up ${firstStart} ms fresh, ${cachedStart} ms cached)`);
  const rows = [];
  const cookies = new Map();
  let rss = null;
  try {
    for (const page of measured) {
      const headers = {};
      if (page.as) {
        if (!cookies.has(page.as)) cookies.set(page.as, await signIn(app.url, page.as).catch(() => null));
        const cookie = cookies.get(page.as);
        if (!cookie) {
          rows.push({ ...page, failed: `sign-in as ${page.as} failed` });
          continue;
        }
        headers.cookie = cookie;
      }
      const probe = await fetch(app.url + page.path, { headers, redirect: "manual" });
      await probe.arrayBuffer();
      if (probe.status !== 200) {
        rows.push({ ...page, failed: `answers ${probe.status}` });
        continue;
      }
      process.stdout.write(`[${kind}] ${page.name}: warm-up…`);
      await measure(app.url + page.path, withThroughput ? 20 : 1, warmup, headers);
      let throughput = null;
      if (withThroughput) {
        process.stdout.write(" throughput…");
        throughput = await measure(app.url + page.path, 20, seconds, headers);
      }
      process.stdout.write(" latency…");
      const latency = await measureLatency(app.url + page.path, headers);
      const misses = (throughput ? throughput.non2xx + throughput.errors : 0) + latency.non2xx + latency.errors;
      console.log(
        ` ${throughput ? `${throughput.rps.toFixed(0)} req/s, ` : ""}median ${ms(latency.median)} ms, p95 ${ms(latency.p95)} ms (${latency.samples} samples)${misses ? `, ${misses} misses` : ""}, load ${latency.loadBefore}→${latency.loadAfter}`,
      );
      rows.push({ ...page, throughput, latency });
    }
  } finally {
    rss = peakRssMiB(app.pid);
    await app.stop();
  }
  // Anonymous pages compare with B2, signed-in pages with the signed-in B2.
  const b2 = rows.find((r) => r.baseline === "B2")?.throughput?.rps;
  const b2s = rows.find((r) => r.baseline === "B2s")?.throughput?.rps;
  for (const row of rows) {
    if (!row.throughput) continue;
    const base = row.as && row.baseline !== "B2" ? (b2s ?? b2) : b2;
    if (base) row.ratio = row.throughput.rps / base;
    if (row.as && b2s && b2 && row.baseline !== "B2s") row.ratioAnonymous = row.throughput.rps / b2;
  }
  return { kind, rows, rss, firstStart, cachedStart, generated };
}

const missesOf = (row) => (row.throughput ? row.throughput.non2xx + row.throughput.errors : 0) + row.latency.non2xx + row.latency.errors;

function verdict(row) {
  const t = row.target;
  if (!row.latency) return "";
  const misses = [];
  // A non-2xx answer is a miss of every target, whatever the times.
  if (missesOf(row) > 0) misses.push(`${missesOf(row)} non-2xx or failed answers`);
  if (!t) return misses.length ? `missed (${misses.join(", ")})` : "";
  if (t.ratio && row.throughput && row.ratio < t.ratio) misses.push(`ratio < ${t.ratio}`);
  if (t.rps && (!row.throughput || row.throughput.rps < t.rps)) misses.push(`< ${t.rps} req/s`);
  // No answer within the measuring window counts as a miss too.
  if (t.median && (row.latency.median == null || row.latency.median >= t.median)) misses.push(`median ≥ ${t.median} ms`);
  if (t.p95 && (row.latency.p95 == null || row.latency.p95 >= t.p95)) misses.push(`p95 ≥ ${t.p95} ms`);
  const goal = [t.ratio && `≥ ${t.ratio} × B2`, t.rps && `≥ ${t.rps} req/s at 20 conn.`, t.median && `median < ${t.median} ms`, t.p95 && `p95 < ${t.p95} ms`].filter(Boolean).join(", ");
  return misses.length ? `missed (${goal})` : `met (${goal})`;
}

/** The p95 cell: says when it rests on fewer samples than asked for. */
const p95Cell = (latency) => `${ms(latency.p95)}${latency.samples < minSamples ? ` (n=${latency.samples} < ${minSamples})` : ""}`;
const loadCell = (m) => (m ? `${m.loadBefore}→${m.loadAfter}` : "–");

function table(result) {
  const lines = [
    `| page | req/s at 20 conn. | × B2 (signed-in: × signed-in B2) | median ms (1 conn.) | p95 ms (1 conn.) | misses (non-2xx) | load before→after | target |`,
    `|---|---:|---:|---:|---:|---:|---|---|`,
  ];
  for (const row of result.rows) {
    if (row.failed) {
      lines.push(`| ${row.name} (\`${row.path}\`) | – | – | – | – | – | – | **not measured: ${row.failed}** |`);
      continue;
    }
    const ratio = row.ratio ? `${row.ratio.toFixed(2)}${row.ratioAnonymous ? ` (${row.ratioAnonymous.toFixed(2)} × B2)` : ""}` : "–";
    lines.push(
      `| ${row.name} (\`${row.path}\`) | ${row.throughput.rps.toFixed(0)} | ${ratio} | ${ms(row.latency.median)} | ${p95Cell(row.latency)} | ${missesOf(row)} | ${loadCell(row.throughput)}, ${loadCell(row.latency)} | ${verdict(row)} |`,
    );
  }
  return lines.join("\n");
}

/** Replaces the block between <!-- name:start --> and <!-- name:end --> in docs/benchmarks.md. */
function writeSection(name, section) {
  const file = path.join(root, "docs/benchmarks.md");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const existing = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "# Benchmarks\n\nEach section is written by the command it names.\n";
  const pattern = new RegExp(`<!-- ${name}:start -->[\\s\\S]*<!-- ${name}:end -->`);
  const block = `<!-- ${name}:start -->\n${section.trim()}\n<!-- ${name}:end -->`;
  const next = pattern.test(existing) ? existing.replace(pattern, () => block) : `${existing.trimEnd()}\n\n${block}\n`;
  fs.writeFileSync(file, next);
  console.log(`docs/benchmarks.md updated (section between <!-- ${name}:start --> and <!-- ${name}:end -->).`);
}

/** Whether the machine is quiet enough to take figures; says why not. */
function quietness() {
  const start = load();
  const quiet = start <= QUIET_PER_CORE * cores;
  return {
    start,
    quiet,
    text: quiet
      ? `Quiet run: 1-minute load average ${start} on ${cores} cores before the start (≤ ${QUIET_PER_CORE} per core).`
      : `**Not quiet**: 1-minute load average ${start} on ${cores} cores before the start (> ${QUIET_PER_CORE} per core); these figures are not the project's figures.`,
  };
}

async function main() {
  ensureBuild();
  const calm = quietness();
  if (!calm.quiet) console.warn(`\n${calm.text.replace(/\*\*/g, "")}${opts.force ? "" : " docs/benchmarks.md will not be changed (--force to write anyway)."}\n`);
  const notes = [];
  const results = [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "horizont-bench-"));
  try {
    if (!opts.only || opts.only === "pglite") {
      results.push({ label: "PGlite (embedded PostgreSQL 18 in the app process)", ...(await runTarget("pglite", { DATA_DIR: tmp, DATABASE_URL: "", SEED_DEMO: "1" }, notes)) });
    }
    if (process.env.DATABASE_URL && (!opts.only || opts.only === "postgres")) {
      const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
      const [{ version }] = await admin`select version()`;
      await admin.unsafe("drop database if exists horizont_bench with (force)");
      await admin.unsafe("create database horizont_bench");
      await admin.end();
      const url = withDatabase(process.env.DATABASE_URL, "horizont_bench");
      results.push({ label: `PostgreSQL server (${version.split(" on ")[0]}, database horizont_bench, postgres.js pool of 10)`, ...(await runTarget("postgres", { DATABASE_URL: url, SEED_DEMO: "1" }, notes)) });
    } else if (!process.env.DATABASE_URL) {
      notes.push("DATABASE_URL was not set: only PGlite was measured.");
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }

  const cpus = os.cpus();
  const command = `${process.env.DATABASE_URL ? "DATABASE_URL=… " : ""}npm run bench${process.argv.slice(2).length ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`;
  const section = [
    "## Load benchmarks (npm run bench)",
    "",
    `Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC with \`${command}\` on ${cpus.length} × ${cpus[0]?.model.trim() ?? "CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB memory, Node ${process.version}.`,
    `Production server (\`scripts/server.mjs\`, request log at level info) in its own process; autocannon in another process, after a ${warmup} s warm-up; ${seconds} s per measurement. Throughput at 20 connections, latency at one connection (requests one after another, until at least ${minSamples} answers or ${maxSeconds} s); median and p95 from every 2xx answer's time: a non-2xx answer is a miss, counted and never timed. Ratios are to B2 measured minutes apart by the same server; signed-in pages to B2 signed in (anonymous B2 in brackets). Baselines B1 \`/bench/text\` and B2 \`/bench/page\` exist only with \`BENCH_ROUTES=1\`.`,
    "",
    `${calm.text} After the run: ${load()}. The load columns give the 1-minute load average before→after the throughput and the latency measurement.`,
    "",
    ...results.flatMap((r) => [
      `### ${r.label}`,
      "",
      table(r),
      "",
      `Peak RSS of the server process over the run (VmHWM): **${r.rss ?? "?"} MiB** (target < ${r.kind === "pglite" ? 400 : 300} MiB: ${r.rss != null && r.rss < (r.kind === "pglite" ? 400 : 300) ? "met" : "missed"}). Start-up: ${r.firstStart} ms on a fresh database, ${r.cachedStart} ms on the second start.`,
      "",
    ]),
    ...(opts.note ? [`> ${opts.note}`, ""] : []),
    ...notes.map((n) => `- ${n}`),
  ].join("\n");
  console.log(`\n${section}\n`);
  if (!opts["no-docs"]) {
    if (calm.quiet || opts.force) writeSection("bench", section);
    else console.warn("docs/benchmarks.md left unchanged: the run did not start on a quiet machine (--force writes anyway).");
  }
  const unmeasured = results.flatMap((r) => r.rows.filter((row) => row.failed).map((row) => `${r.kind}: ${row.name} (${row.failed})`));
  if (unmeasured.length) {
    console.error(`\nThe run is incomplete: ${unmeasured.length} page(s) could not be measured:\n${unmeasured.map((u) => `  - ${u}`).join("\n")}`);
    process.exitCode = 1;
  }
}

/** The pages of the sizing run: what grows with the authority. */
const sizingPages = pages.filter((p) => ["/profile", "/team", "/hr/coverage"].includes(p.path));

/** Figures of one sizing page: median / p95, marked when a target of `pages` is missed. */
function sizingCell(row) {
  if (!row) return "–";
  if (row.failed) return `**not measured: ${row.failed}**`;
  const v = verdict(row);
  return `${ms(row.latency.median)} / ${p95Cell(row.latency)}${v.startsWith("missed") ? " ✗" : ""}`;
}

async function sizing() {
  ensureBuild();
  const calm = quietness();
  if (!calm.quiet) console.warn(`\n${calm.text.replace(/\*\*/g, "")}${opts.force ? "" : " docs/benchmarks.md will not be changed (--force to write anyway)."}\n`);
  const sizes = opts.sizes.split(",").map((n) => Number(n.trim())).filter((n) => n > 0);
  const kinds = [...(!opts.only || opts.only === "pglite" ? ["pglite"] : []), ...(process.env.DATABASE_URL && (!opts.only || opts.only === "postgres") ? ["postgres"] : [])];
  const notes = [];
  if (!process.env.DATABASE_URL) notes.push("DATABASE_URL was not set: only PGlite was measured.");
  const results = [];
  for (const people of sizes) {
    for (const kind of kinds) {
      let env;
      let cleanup = () => {};
      if (kind === "pglite") {
        const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "horizont-sizing-"));
        env = { DATA_DIR: tmp, DATABASE_URL: "" };
        cleanup = () => fs.rmSync(tmp, { recursive: true, force: true });
      } else {
        const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
        await admin.unsafe("drop database if exists horizont_sizing with (force)");
        await admin.unsafe("create database horizont_sizing");
        await admin.end();
        env = { DATABASE_URL: withDatabase(process.env.DATABASE_URL, "horizont_sizing") };
      }
      console.log(`\n[sizing] ${people} people on ${kind}`);
      try {
        const result = await runTarget(kind, env, notes, { measured: sizingPages, people, throughput: false, restart: false });
        results.push({ people, ...result });
      } finally {
        cleanup();
      }
    }
  }
  const cpus = os.cpus();
  const command = `${process.env.DATABASE_URL ? "DATABASE_URL=… " : ""}npm run bench${process.argv.slice(2).length ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`;
  const target = (p) => sizingPages.find((s) => s.path === p)?.target ?? {};
  const goal = (t) => [t.median && `median < ${t.median} ms`, t.p95 && `p95 < ${t.p95} ms`].filter(Boolean).join(", ");
  const section = [
    "## Sizing (npm run bench -- --sizing)",
    "",
    `Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC with \`${command}\` on ${cpus.length} × ${cpus[0]?.model.trim() ?? "CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB memory, Node ${process.version}. ${calm.text} After the run: ${load()}.`,
    `For each size a fresh database with one generated authority (\`scripts/generate-large-authority.ts --people N\`, units of up to 300 people), the production server started on it, and each page measured at one connection after a ${warmup} s warm-up: ${seconds} s or until ${minSamples} answers (at most ${maxSeconds} s). Median / p95 in ms; ✗ marks a miss of the page's target (team: ${goal(target("/team"))}; profile: ${goal(target("/profile"))}; coverage: ${goal(target("/hr/coverage"))}). Peak RSS is the server's VmHWM over the start and the measurements.`,
    "",
    "| people | evidence rows | database | team page | profile | HR coverage report | peak RSS MiB | load before→after |",
    "|---:|---:|---|---:|---:|---:|---:|---|",
    ...results.map((r) => {
      const row = (p) => r.rows.find((x) => x.path === p);
      const loads = r.rows.filter((x) => x.latency).map((x) => x.latency);
      const loadText = loads.length ? `${loads[0].loadBefore}→${loads.at(-1).loadAfter}` : "–";
      return `| ${r.people.toLocaleString("en")} | ${r.generated?.evidence?.toLocaleString("en") ?? "?"} | ${r.kind === "pglite" ? "PGlite" : "PostgreSQL server"} | ${sizingCell(row("/team"))} | ${sizingCell(row("/profile"))} | ${sizingCell(row("/hr/coverage"))} | ${r.rss ?? "?"} | ${loadText} |`;
    }),
    "",
    ...notes.map((n) => `- ${n}`),
  ].join("\n");
  console.log(`\n${section}\n`);
  if (!opts["no-docs"]) {
    if (calm.quiet || opts.force) writeSection("sizing", section);
    else console.warn("docs/benchmarks.md left unchanged: the run did not start on a quiet machine (--force writes anyway).");
  }
  const unmeasured = results.flatMap((r) => r.rows.filter((row) => row.failed).map((row) => `${r.people} on ${r.kind}: ${row.name} (${row.failed})`));
  if (unmeasured.length) {
    console.error(`\nThe sizing run is incomplete:\n${unmeasured.map((u) => `  - ${u}`).join("\n")}`);
    process.exitCode = 1;
  }
}

await (opts.sizing ? sizing() : main());
