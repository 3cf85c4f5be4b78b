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
//            --note "text" (printed under the table), --no-docs (print only)
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { ensureBuild, freePort, peakRssMiB, root, signIn, startApp, withDatabase } from "./lib/harness.mjs";

const { values: opts } = parseArgs({
  options: {
    seconds: { type: "string", default: "10" },
    warmup: { type: "string", default: "3" },
    only: { type: "string" },
    note: { type: "string" },
    "no-docs": { type: "boolean", default: false },
  },
});
const seconds = Number(opts.seconds);
const warmup = Number(opts.warmup);

/**
 * The measured pages, one line each. `as`: the demo account to sign in with (null: anonymous).
 * `target`: the issue's goal for this page (ratio to B2 at 20 connections; median / p95 in ms at
 * one connection). A page whose route answers 404 (area not merged yet) is skipped with a note.
 * Large-authority pages (profile, team of 300, HR report of 15,000) use the accounts that
 * scripts/generate-large-authority.ts creates (member@, lead@ and hr@grossstadt.example).
 */
const pages = [
  { name: "B1 resource route (text)", path: "/bench/text", as: null, baseline: "B1" },
  { name: "B2 minimal page in the layout", path: "/bench/page", as: null, baseline: "B2" },
  { name: "sign-in page", path: "/login", as: null, target: { ratio: 0.8 } },
  { name: "start page (signed in)", path: "/", as: "anna.schmidt@musterstadt.example" },
  { name: "admin: accounts list", path: "/admin/accounts", as: "admin@musterstadt.example" },
  { name: "module page", path: "/courses/interkulturelle-grundlagen/kultur-als-orientierungssystem", as: "anna.schmidt@musterstadt.example", target: { ratio: 0.6 } },
  { name: "profile (member of the 300-member unit)", path: "/profile", as: "member@grossstadt.example", target: { median: 20 } },
  { name: "team page (300-member unit)", path: "/team", as: "lead@grossstadt.example", target: { median: 50, p95: 80 } },
  { name: "HR coverage report (15,000 people)", path: "/hr/coverage", as: "hr@grossstadt.example", target: { median: 500 } },
];

/** A latency figure, or a note that no response came back within the measuring window. */
const ms = (value) => (value == null ? "no answer in window" : value.toFixed(1));

const generator = path.join(root, "scripts/generate-large-authority.ts");

async function measure(url, connections, secs, headers) {
  const child = spawn(process.execPath, [path.join(root, "scripts/lib/bench-client.mjs"), JSON.stringify({ url, connections, seconds: secs, headers })], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.on("data", (chunk) => (out += chunk));
  const code = await new Promise((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`autocannon failed for ${url}`);
  return JSON.parse(out.trim().split("\n").at(-1));
}

function startupMs(app) {
  const line = app.output.stdout.split("\n").find((l) => l.includes('"msg":"horizont started"'));
  return line ? JSON.parse(line).milliseconds : null;
}

async function runTarget(kind, env, notes) {
  const [low, high] = (process.env.BENCH_PORTS ?? "3330-3339").split("-").map(Number);
  const port = await freePort(Array.from({ length: high - low + 1 }, (_, i) => low + i));
  if (fs.existsSync(generator)) {
    console.log(`[${kind}] loading large-authority data (scripts/generate-large-authority.ts)…`);
    const result = spawnSync(path.join(root, "node_modules/.bin/tsx"), [generator], { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
    if (result.status !== 0) throw new Error("scripts/generate-large-authority.ts failed");
  } else if (!notes.some((n) => n.includes("generate-large-authority"))) {
    notes.push("scripts/generate-large-authority.ts does not exist yet: the large-authority data (team of 300, authority of 15,000) was not loaded, so team and HR figures are missing or measured on the demo authority.");
  }
  const appEnv = { ...env, BENCH_ROUTES: "1", LOG_LEVEL: "info" };
  // First start (creates/migrates/seeds), then a second start on the same data: the start-up time
  // with everything cached is the one the issue asks for.
  let app = await startApp({ port, env: appEnv, label: `${kind} server`, keepOutput: true });
  const firstStart = startupMs(app);
  await app.stop();
  app = await startApp({ port, env: appEnv, label: `${kind} server`, keepOutput: false });
  const cachedStart = startupMs(app);
  console.log(`[${kind}] server pid ${app.pid} on ${app.url} (start-up ${firstStart} ms fresh, ${cachedStart} ms cached)`);
  const rows = [];
  const cookies = new Map();
  let rss = null;
  try {
    for (const page of pages) {
      const headers = {};
      if (page.as) {
        if (!cookies.has(page.as)) cookies.set(page.as, await signIn(app.url, page.as).catch(() => null));
        const cookie = cookies.get(page.as);
        if (!cookie) {
          rows.push({ ...page, skipped: `sign-in as ${page.as} failed` });
          continue;
        }
        headers.cookie = cookie;
      }
      const probe = await fetch(app.url + page.path, { headers, redirect: "manual" });
      await probe.arrayBuffer();
      if (probe.status !== 200) {
        rows.push({ ...page, skipped: probe.status === 404 ? "route not present yet (404)" : `answers ${probe.status}` });
        continue;
      }
      process.stdout.write(`[${kind}] ${page.name}: warm-up…`);
      await measure(app.url + page.path, 20, warmup, headers);
      process.stdout.write(" throughput…");
      const throughput = await measure(app.url + page.path, 20, seconds, headers);
      process.stdout.write(" latency…");
      const latency = await measure(app.url + page.path, 1, seconds, headers);
      console.log(` ${throughput.rps.toFixed(0)} req/s, median ${ms(latency.median)} ms, p95 ${ms(latency.p95)} ms`);
      rows.push({ ...page, throughput, latency });
    }
  } finally {
    rss = peakRssMiB(app.pid);
    await app.stop();
  }
  const b2 = rows.find((r) => r.baseline === "B2")?.throughput?.rps;
  for (const row of rows) if (row.throughput && b2) row.ratio = row.throughput.rps / b2;
  return { kind, rows, rss, firstStart, cachedStart };
}

function verdict(row) {
  const t = row.target;
  if (!t || !row.throughput) return "";
  const misses = [];
  if (t.ratio && row.ratio < t.ratio) misses.push(`ratio < ${t.ratio}`);
  // No answer within the measuring window counts as a miss too.
  if (t.median && (row.latency.median == null || row.latency.median >= t.median)) misses.push(`median ≥ ${t.median} ms`);
  if (t.p95 && (row.latency.p95 == null || row.latency.p95 >= t.p95)) misses.push(`p95 ≥ ${t.p95} ms`);
  const goal = [t.ratio && `≥ ${t.ratio} × B2`, t.median && `median < ${t.median} ms`, t.p95 && `p95 < ${t.p95} ms`].filter(Boolean).join(", ");
  return misses.length ? `missed (${goal})` : `met (${goal})`;
}

function table(result) {
  const lines = [
    `| page | req/s at 20 conn. | × B2 | median ms (1 conn.) | p95 ms (1 conn.) | non-2xx | target |`,
    `|---|---:|---:|---:|---:|---:|---|`,
  ];
  for (const row of result.rows) {
    if (row.skipped) {
      lines.push(`| ${row.name} (\`${row.path}\`) | – | – | – | – | – | skipped: ${row.skipped} |`);
      continue;
    }
    const errors = row.throughput.non2xx + row.latency.non2xx + row.throughput.errors + row.latency.errors;
    lines.push(
      `| ${row.name} (\`${row.path}\`) | ${row.throughput.rps.toFixed(0)} | ${row.ratio ? row.ratio.toFixed(2) : "–"} | ${ms(row.latency.median)} | ${ms(row.latency.p95)} | ${errors} | ${verdict(row)} |`,
    );
  }
  return lines.join("\n");
}

async function main() {
  ensureBuild();
  const notes = [];
  const results = [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "horizont-bench-"));
  try {
    if (!opts.only || opts.only === "pglite") {
      results.push({ label: "PGlite (embedded PostgreSQL 18 in the app process)", ...(await runTarget("pglite", { DATA_DIR: tmp, DATABASE_URL: "" }, notes)) });
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
    `Production server (\`scripts/server.mjs\`, request log at level info) in its own process; autocannon in another process, after a ${warmup} s warm-up; ${seconds} s per measurement. Throughput at 20 connections, latency at one connection (requests one after another); median and p95 from every response's time. Ratios are to B2 measured minutes apart by the same server. Baselines B1 \`/bench/text\` and B2 \`/bench/page\` exist only with \`BENCH_ROUTES=1\`.`,
    "",
    ...results.flatMap((r) => [
      `### ${r.label}`,
      "",
      table(r),
      "",
      `Peak RSS of the server process over the run (VmHWM): **${r.rss ?? "?"} MiB**. Start-up: ${r.firstStart} ms on a fresh database, ${r.cachedStart} ms on the second start.`,
      "",
    ]),
    ...(opts.note ? [`> ${opts.note}`, ""] : []),
    ...notes.map((n) => `- ${n}`),
  ].join("\n");
  console.log(`\n${section}\n`);
  if (!opts["no-docs"]) {
    const file = path.join(root, "docs/benchmarks.md");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const existing = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "# Benchmarks\n\nEach section is written by the command it names.\n";
    const block = `<!-- bench:start -->\n${section.trim()}\n<!-- bench:end -->`;
    const next = /<!-- bench:start -->[\s\S]*<!-- bench:end -->/.test(existing)
      ? existing.replace(/<!-- bench:start -->[\s\S]*<!-- bench:end -->/, block)
      : `${existing.trimEnd()}\n\n${block}\n`;
    fs.writeFileSync(file, next);
    console.log(`docs/benchmarks.md updated (section between <!-- bench:start --> and <!-- bench:end -->).`);
  }
}

await main();
