// Shared pieces of the proof harness (bench, load test, server-level tests): build once, start
// the production server in its own process, sign in over HTTP, read peak memory, and run a
// private PostgreSQL 15 instance that a test may restart without touching the shared server.
import { execFile, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const demoPassword = "horizont-demo";

/** Builds the production bundle when the sources changed (one builder at a time across processes). */
export function ensureBuild() {
  const lock = path.join(root, ".cache", "build.lock");
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      // A stale lock (a builder that died) is older than three minutes.
      try {
        if (Date.now() - fs.statSync(lock).mtimeMs > 180_000) fs.rmSync(lock, { recursive: true, force: true });
      } catch {
        /* gone meanwhile */
      }
      if (Date.now() > deadline) throw new Error(`ensureBuild: ${lock} held for three minutes`);
      spawnSync("sleep", ["0.5"]);
    }
  }
  try {
    const result = spawnSync(process.execPath, ["-e", "import('./scripts/start.mjs').then((m) => m.buildIfNeeded())"], {
      cwd: root,
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, NODE_ENV: "production" },
    });
    if (result.status !== 0) throw new Error("The production build failed.");
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** True when nothing listens on `port` (127.0.0.1). */
export function portIsFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** The first free port of `candidates` (this project's helpers use 3330-3339). */
export async function freePort(candidates) {
  for (const port of candidates) if (await portIsFree(port)) return port;
  throw new Error(`No free port among ${candidates.join(", ")}`);
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts `node scripts/server.mjs` (production build) in its own process and waits for /healthz.
 * Its stdout (the JSON request log) and stderr are kept in `output` for inspection. `nodeArgs`
 * go before the script (e.g. `--import` a probe, `--heapsnapshot-signal`, V8 flags).
 */
export async function startApp({ port, env = {}, label = "app", timeoutMs = 120_000, keepOutput = true, nodeArgs = [] }) {
  // Another server on the port would answer the /healthz wait below (and every request after it)
  // while this child dies with EADDRINUSE: refuse at once, naming the port.
  if (!(await portIsFree(port))) throw new Error(`${label}: port ${port} is already in use on 127.0.0.1`);
  const child = spawn(process.execPath, [...nodeArgs, path.join(root, "scripts/server.mjs")], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      HORIZONT_BANNER: "0",
      COOKIE_SECURE: "0",
      LOG_LEVEL: "info",
      PORT: String(port),
      HOST: "127.0.0.1",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = { stdout: "", stderr: "" };
  // keepOutput: false keeps only the last 64 KiB of stdout (benchmarks log every request).
  child.stdout.on("data", (chunk) => {
    output.stdout += chunk;
    if (!keepOutput && output.stdout.length > 131_072) output.stdout = output.stdout.slice(-65_536);
  });
  child.stderr.on("data", (chunk) => (output.stderr += chunk));
  let exited = null;
  child.on("exit", (code, signal) => (exited = { code, signal }));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) throw new Error(`${label} exited during start-up (${JSON.stringify(exited)}):\n${output.stderr}\n${output.stdout.slice(-4000)}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`${label} did not answer /healthz within ${timeoutMs} ms:\n${output.stderr}`);
    }
    await sleep(200);
  }
  return {
    url,
    pid: child.pid,
    child,
    output,
    get exited() {
      return exited;
    },
    async stop() {
      if (exited) return;
      const done = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 12_000);
      await done;
      clearTimeout(timer);
    },
  };
}

/** Peak resident memory (VmHWM) of a process in MiB, or null when it cannot be read. */
export function peakRssMiB(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]);
    return Number.isFinite(kb) ? Math.round(kb / 1024) : null;
  } catch {
    return null;
  }
}

/** The `name=value` pair of the session cookie in a response, or null. */
export function sessionCookieOf(res) {
  for (const header of res.headers.getSetCookie()) {
    const pair = header.split(";")[0];
    if (pair.startsWith("horizont_session=") && pair !== "horizont_session=") return pair;
  }
  return null;
}

/** Signs in through the real form (POST /login) and returns the session cookie pair. */
export async function signIn(baseUrl, email, password = demoPassword, headers = {}) {
  const res = await fetch(`${baseUrl}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: baseUrl, ...headers },
    body: new URLSearchParams({ email, password, redirectTo: "/" }),
  });
  const cookie = sessionCookieOf(res);
  if (res.status !== 302 || !cookie) throw new Error(`Sign-in as ${email} failed: HTTP ${res.status}`);
  return cookie;
}

/** Reads a hidden input's value (e.g. submissionId) from server-rendered HTML. */
export function hiddenValue(html, name) {
  const re = new RegExp(`<input[^>]*name="${name}"[^>]*value="([^"]*)"|<input[^>]*value="([^"]*)"[^>]*name="${name}"`);
  const m = re.exec(html);
  return m ? (m[1] ?? m[2]) : null;
}

const pgBin = (name) => path.join(process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin", name);

/**
 * A private PostgreSQL 15 instance in a temporary folder, on its own port and socket directory.
 * As root, the server runs as the `postgres` user (initdb refuses root).
 */
export async function startPrivatePostgres({ port }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "horizont-pg-"));
  const data = path.join(dir, "data");
  const asRoot = process.getuid?.() === 0;
  if (asRoot) spawnSync("chown", ["-R", "postgres:postgres", dir]);
  const run = (bin, args, { check = true } = {}) => {
    const command = asRoot ? "runuser" : pgBin(bin);
    const argv = asRoot ? ["-u", "postgres", "--", pgBin(bin), ...args] : args;
    const result = spawnSync(command, argv, { encoding: "utf8", cwd: dir });
    if (check && result.status !== 0) throw new Error(`${bin} ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
    return result;
  };
  // Asynchronous, so that a caller's requests keep flowing while the server stops and starts.
  const runAsync = (bin, args) =>
    new Promise((resolve, reject) => {
      const command = asRoot ? "runuser" : pgBin(bin);
      const argv = asRoot ? ["-u", "postgres", "--", pgBin(bin), ...args] : args;
      execFile(command, argv, { cwd: dir }, (error, stdout, stderr) =>
        error ? reject(new Error(`${bin} ${args.join(" ")} failed:\n${stdout}\n${stderr}`)) : resolve(),
      );
    });
  run("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const logFile = path.join(dir, "server.log");
  const startArgs = ["-D", data, "-l", logFile, "-o", options, "-w", "-t", "60", "start"];
  const stopArgs = (mode) => ["-D", data, "-m", mode, "-w", "-t", "60", "stop"];
  run("pg_ctl", startArgs);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dir,
    /** Starts the stopped server and resolves when it accepts connections. */
    start: () => runAsync("pg_ctl", startArgs),
    /** Stops the server ("fast": open connections are terminated, in-flight transactions roll back). */
    stop: (mode = "fast") => runAsync("pg_ctl", stopArgs(mode)),
    log: () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8") : ""),
    destroy() {
      run("pg_ctl", stopArgs("immediate"), { check: false });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A connection URL for another database on the same server. */
export function withDatabase(url, database) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
