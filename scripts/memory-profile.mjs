// Where the server's memory goes under the bench's load (issue 15). Starts the production server
// (scripts/server.mjs, BENCH_ROUTES=1, as `npm run bench` does) with a probe preloaded
// (scripts/lib/memory-probe.mjs: process.memoryUsage(), V8 heap spaces and /proc/self/status every
// 100 ms), drives the bench's pages (scripts/lib/bench-pages.mjs) at 20 connections one after
// another, and prints per page the highest VmRSS with its breakdown at that moment, then the
// process's VmHWM. With --snapshots it also writes V8 heap snapshots (after start-up and in the
// middle of the load on --snapshot-page) and summarises them (scripts/lib/heap-summary.mjs);
// writing a snapshot costs memory itself, so take RSS figures from runs without it.
//
// It never touches docs/benchmarks.md and uses its own database:
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node scripts/memory-profile.mjs --prepare
//     (creates database horizont_mem on that server with the generated 15,000-person authority;
//      later runs without --prepare reuse it: DATABASE_URL=…/horizont_mem)
//   node scripts/memory-profile.mjs --pglite --data-dir /tmp/horizont-mem   (PGlite; generated on first use)
//   options: --seconds N (per page at 20 connections, default 5), --warmup N (default 2),
//            --connections N (default 20), --only /team,/hr/coverage (paths), --rounds N (default 1),
//            --snapshots [--snapshot-page /team], --node-flag=--max-semi-space-size=8 (repeatable),
//            --env NAME=value (repeatable, for the server), --label text, --json file
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import postgres from "postgres";
import { pages } from "./lib/bench-pages.mjs";
import { ensureBuild, freePort, root, signIn, sleep, startApp, withDatabase } from "./lib/harness.mjs";

const { values: opts } = parseArgs({
  options: {
    prepare: { type: "boolean", default: false },
    pglite: { type: "boolean", default: false },
    "data-dir": { type: "string" },
    seconds: { type: "string", default: "5" },
    warmup: { type: "string", default: "2" },
    connections: { type: "string", default: "20" },
    only: { type: "string" },
    rounds: { type: "string", default: "1" },
    snapshots: { type: "boolean", default: false },
    "snapshot-page": { type: "string", default: "/team" },
    "node-flag": { type: "string", multiple: true, default: [] },
    env: { type: "string", multiple: true, default: [] },
    label: { type: "string", default: "" },
    json: { type: "string" },
  },
});

const load = () => Math.round(os.loadavg()[0] * 100) / 100;
const generator = path.join(root, "scripts/generate-large-authority.ts");

function generate(env) {
  console.log("loading the large authority (scripts/generate-large-authority.ts)…");
  const result = spawnSync(path.join(root, "node_modules/.bin/tsx"), [generator], { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  if (result.status !== 0) throw new Error("scripts/generate-large-authority.ts failed");
}

/** The server's environment: a database of this script's own, demo data, bench routes. */
async function database() {
  if (opts.pglite || !process.env.DATABASE_URL) {
    const dir = opts["data-dir"] ?? fs.mkdtempSync(path.join(os.tmpdir(), "horizont-mem-"));
    const env = { DATA_DIR: dir, DATABASE_URL: "", SEED_DEMO: "1" };
    if (!fs.existsSync(path.join(dir, "pglite")) && !(fs.existsSync(dir) && fs.readdirSync(dir).length)) opts.prepare = true;
    return { kind: "PGlite", env, temporary: !opts["data-dir"] };
  }
  let url = process.env.DATABASE_URL;
  if (opts.prepare) {
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    await admin.unsafe("drop database if exists horizont_mem with (force)");
    await admin.unsafe("create database horizont_mem");
    await admin.end();
    url = withDatabase(url, "horizont_mem");
  }
  return { kind: "PostgreSQL server", env: { DATABASE_URL: url, SEED_DEMO: "1" } };
}

function readSamples(file, from = 0, to = Infinity) {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line))
    .filter((s) => s.t >= from && s.t <= to);
}

/** CPU seconds (user + system, all threads) the process has used so far. */
function cpuSeconds(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

const peakOf = (samples) => samples.reduce((best, s) => (!best || s.rss > best.rss ? s : best), null);

/** Waits until a new heap snapshot in `dir` has stopped growing; returns its path. */
async function awaitSnapshot(dir, before) {
  const deadline = Date.now() + 300_000;
  let last = -1;
  for (;;) {
    const fresh = fs.readdirSync(dir).filter((f) => f.endsWith(".heapsnapshot") && !before.has(f));
    if (fresh.length) {
      const file = path.join(dir, fresh[0]);
      const size = fs.statSync(file).size;
      if (size > 0 && size === last) return file;
      last = size;
    }
    if (Date.now() > deadline) throw new Error("no heap snapshot within five minutes");
    await sleep(1000);
  }
}

function cannon(url, connections, seconds, headers) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration: seconds, headers, timeout: 60 }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

function row(name, peak, after, cpuMs) {
  const code = (peak.spaces.code?.size ?? 0) + (peak.spaces.code_large_object?.size ?? 0);
  // What is neither V8's heap nor memory V8 knows about (Buffers, ArrayBuffers): the node binary
  // and libraries (file-backed), malloc arenas of zlib/brotli, OpenSSL, V8's compiler zones, ...
  const native = peak.rss - peak.heapTotal - peak.external;
  return `| ${name} | ${peak.rss.toFixed(0)} | ${peak.heapUsed.toFixed(0)} / ${peak.heapTotal.toFixed(0)} | ${peak.external.toFixed(0)} (${peak.arrayBuffers.toFixed(0)}) | ${code.toFixed(0)} | ${peak.rssFile.toFixed(0)} | ${native.toFixed(0)} | ${after ? after.rss.toFixed(0) : "–"} | ${cpuMs == null ? "–" : cpuMs.toFixed(1)} |`;
}

async function main() {
  ensureBuild();
  const db = await database();
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "horizont-memprofile-"));
  const extraEnv = Object.fromEntries(opts.env.map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)]));
  const env = { ...db.env, BENCH_ROUTES: "1", LOG_LEVEL: "info", ...extraEnv };
  const port = await freePort(Array.from({ length: 10 }, (_, i) => Number(process.env.MEMORY_PROFILE_PORT ?? 3560) + i));
  if (opts.prepare) {
    generate(db.env);
    // First start on the new data (migrations, demo seeding), as the bench does before it measures.
    const first = await startApp({ port, env, label: "server (first start)", keepOutput: false });
    await first.stop();
  }
  const probe = path.join(out, "samples.jsonl");
  const nodeArgs = ["--import", path.join(root, "scripts/lib/memory-probe.mjs"), ...opts["node-flag"]];
  if (opts.snapshots) nodeArgs.push("--heapsnapshot-signal=SIGUSR2", `--diagnostic-dir=${out}`);
  const loadStart = load();
  const app = await startApp({ port, env: { ...env, MEMORY_PROBE_FILE: probe }, label: "server", keepOutput: false, nodeArgs });
  console.log(`${db.kind}, server pid ${app.pid} on ${app.url}, samples in ${probe}, load ${loadStart}`);
  await sleep(1000);
  const started = readSamples(probe).at(-1);
  const snapshots = [];
  const snapshot = async (when) => {
    const before = new Set(fs.readdirSync(out));
    process.kill(app.pid, "SIGUSR2");
    const file = await awaitSnapshot(out, before);
    snapshots.push({ when, file });
    console.log(`heap snapshot (${when}): ${file}`);
  };
  if (opts.snapshots) await snapshot("after start-up");
  const only = opts.only?.split(",").map((p) => p.trim());
  const measured = pages.filter((p) => !only || only.includes(p.path));
  const cookies = new Map();
  const rows = [];
  try {
    for (let round = 1; round <= Number(opts.rounds); round++) {
      for (const page of measured) {
        const headers = {};
        if (page.as) {
          if (!cookies.has(page.as)) cookies.set(page.as, await signIn(app.url, page.as));
          headers.cookie = cookies.get(page.as);
        }
        const from = Date.now();
        await cannon(app.url + page.path, Number(opts.connections), Number(opts.warmup), headers);
        const cpuBefore = cpuSeconds(app.pid);
        const measuring = cannon(app.url + page.path, Number(opts.connections), Number(opts.seconds), headers);
        if (opts.snapshots && round === 1 && page.path === opts["snapshot-page"] && !snapshots.some((s) => s.when.startsWith("under load"))) {
          await sleep((Number(opts.seconds) * 1000) / 2);
          await snapshot(`under load on ${page.path}`);
        }
        const result = await measuring;
        const to = Date.now();
        // CPU per answer depends far less on the machine's load than requests per second do.
        const cpuMs = ((cpuSeconds(app.pid) - cpuBefore) * 1000) / Math.max(1, result.requests.total);
        await sleep(1000);
        const peak = peakOf(readSamples(probe, from, to));
        const after = readSamples(probe).at(-1);
        rows.push({ page: page.name, path: page.path, round, rps: result.requests.average, cpuMs, non2xx: result.non2xx, peak, after });
        console.log(`${page.name}: ${result.requests.average.toFixed(0)} req/s, ${cpuMs.toFixed(1)} ms CPU per answer${result.non2xx ? `, ${result.non2xx} non-2xx` : ""}, peak RSS ${peak?.rss} MiB (heap ${peak?.heapUsed}/${peak?.heapTotal}, external ${peak?.external}), after ${after.rss} MiB`);
      }
    }
  } finally {
    await sleep(500);
    await app.stop();
  }
  const all = readSamples(probe);
  const peak = peakOf(all);
  const hwm = Math.max(...all.map((s) => s.hwm));
  const loadEnd = load();
  const lines = [
    `${db.kind}${opts.label ? `, ${opts.label}` : ""}${opts["node-flag"].length ? `, node ${opts["node-flag"].join(" ")}` : ""}${opts.env.length ? `, ${opts.env.join(" ")}` : ""}: ${measured.length} pages × ${opts.rounds} round(s), ${opts.connections} connections, ${opts.warmup} s + ${opts.seconds} s each; load ${loadStart} → ${loadEnd}.`,
    "",
    "| moment | VmRSS | V8 heap used / total | external (ArrayBuffers) | code space | file-backed | rest (RSS − heap total − external) | RSS 1 s after | CPU ms per answer |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    row("after start-up", started),
    ...rows.map((r) => row(`${r.page}${Number(opts.rounds) > 1 ? ` (round ${r.round})` : ""}`, r.peak, r.after, r.cpuMs)),
    "",
    `Peak VmRSS sampled ${peak.rss} MiB; VmHWM of the process **${hwm.toFixed(0)} MiB** (MiB throughout).`,
  ];
  console.log(`\n${lines.join("\n")}\n`);
  const summaries = [];
  for (const s of snapshots) {
    const result = spawnSync(process.execPath, ["--max-old-space-size=8192", path.join(root, "scripts/lib/heap-summary.mjs"), s.file, "--top", "15"], { encoding: "utf8" });
    if (result.status !== 0) {
      console.error(result.stderr);
      continue;
    }
    summaries.push({ ...s, markdown: result.stdout });
    console.log(`### Heap snapshot ${s.when}\n\n${result.stdout}`);
  }
  if (opts.json) fs.writeFileSync(opts.json, JSON.stringify({ kind: db.kind, label: opts.label, flags: opts["node-flag"], env: opts.env, loadStart, loadEnd, hwm, started, rows, summaries }, null, 1));
  if (db.temporary) fs.rmSync(db.env.DATA_DIR, { recursive: true, force: true });
  if (!opts.snapshots) fs.rmSync(out, { recursive: true, force: true });
}

await main();
