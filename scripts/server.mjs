// The production HTTP server: Express with the Remix handler, security headers, a cross-site
// request check, request ids and JSON request logs, /metrics behind a token, and a graceful
// shutdown that drains requests and closes the database.
import crypto from "node:crypto";
import path from "node:path";
import v8 from "node:v8";
import { constants as zlibConstants } from "node:zlib";
import { fileURLToPath, pathToFileURL } from "node:url";
import fs from "node:fs";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";
import helmet from "helmet";
import pino from "pino";
import { assertPatched } from "./patch-dependencies.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.env.HORIZONT_ROOT ??= root;
// A production server unless told otherwise (`npm run dev` says "development"). Set before
// createServer imports the build: react, react-dom and react-router pick their development or
// production builds by NODE_ENV when they are first required, and started as
// `node scripts/server.mjs` the process loaded the development builds (issue 15, "Where the
// memory goes") and the app's env defaulted to development.
process.env.NODE_ENV ??= "production";

const log = pino({ level: process.env.LOG_LEVEL ?? "info", base: { service: "horizont" }, timestamp: pino.stdTimeFunctions.isoTime });

/** Paths whose remainder must not reach the logs. */
const MAX_BODY = 1024 * 1024;
const MAX_UPLOAD_BODY = 20 * 1024 * 1024;
const UPLOAD_PATHS = [/^\/hr\/import/];

/**
 * The encodings a request accepts, best first, among those we keep pre-compressed copies of:
 * brotli, then gzip (q=0 refuses one; `*` accepts both).
 */
export function preferredEncodings(header) {
  const q = new Map();
  for (const part of String(header ?? "").split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (!name) continue;
    const weight = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    q.set(name, weight ? Number(weight.slice(2)) || 0 : 1);
  }
  const accepted = (name) => (q.has(name) ? q.get(name) > 0 : q.has("*") && q.get("*") > 0);
  return ["br", "gzip"].filter(accepted).sort((a, b) => (q.get(b) ?? q.get("*") ?? 0) - (q.get(a) ?? q.get("*") ?? 0));
}

const EXTENSION = { br: ".br", gzip: ".gz" };

/**
 * Serves the pre-compressed copy (scripts/precompress.mjs) of a build asset when the browser
 * accepts it: same Content-Type as the original, Content-Encoding, Vary: Accept-Encoding. The
 * static handler after it serves the original otherwise.
 */
function precompressed(dir) {
  const base = path.resolve(dir);
  return (req, res, next) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    let relative;
    try {
      relative = decodeURIComponent(req.path);
    } catch {
      return next();
    }
    const file = path.resolve(base, `.${relative}`);
    if (!file.startsWith(base + path.sep)) return next();
    res.vary("Accept-Encoding");
    for (const encoding of preferredEncodings(req.get("accept-encoding"))) {
      const copy = file + EXTENSION[encoding];
      if (!fs.existsSync(copy)) continue;
      res.setHeader("Content-Encoding", encoding);
      // The original's type, exactly as the static handler would send it.
      const type = express.static.mime.lookup(file);
      const charset = express.static.mime.charsets.lookup(type);
      res.setHeader("Content-Type", charset ? `${type}; charset=${charset}` : type);
      req.url = req.url.replace(/^[^?]*/, (p) => p + EXTENSION[encoding]);
      return next();
    }
    next();
  };
}

export async function createServer({ buildPath = path.join(root, "build/index.js") } = {}) {
  assertPatched();
  const rawBuild = await import(pathToFileURL(buildPath).href);
  const entry = rawBuild.entry.module;
  // Database outages become 503 answers in every loader and action (app/ops/database-errors.server.ts).
  const build = entry.withDatabaseErrors ? entry.withDatabaseErrors(rawBuild) : rawBuild;
  const report = await entry.startup();
  entry.setMetricRoutes(rawBuild.routes);

  const app = express();
  app.disable("x-powered-by");
  if (["1", "true", "yes"].includes(process.env.TRUST_PROXY ?? "")) app.set("trust proxy", true);

  // Request id and one JSON log line per request (path only: query strings may hold tokens).
  // The id is always our own: one sent by the client could forge or confuse log correlation.
  app.use((req, res, next) => {
    res.locals.requestId = crypto.randomUUID();
    res.setHeader("X-Request-Id", res.locals.requestId);
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      // originalUrl: mounted static handlers rewrite req.path. The query string is dropped.
      const path = req.originalUrl.split("?")[0];
      entry.observeRequest(req.method, path, res.statusCode, seconds);
      if (path.startsWith("/build/")) return;
      log.info(
        { requestId: res.locals.requestId, method: req.method, path, status: res.statusCode, ms: Math.round(seconds * 1000) },
        "request",
      );
    });
    next();
  });

  app.use((req, res, next) => {
    res.locals.cspNonce = crypto.randomBytes(16).toString("base64");
    next();
  });
  const secure = ["1", "true", "yes"].includes(process.env.COOKIE_SECURE ?? "") ||
    (process.env.COOKIE_SECURE === undefined && process.env.NODE_ENV === "production");
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", (_req, res) => `'nonce-${res.locals.cspNonce}'`],
          styleSrc: ["'self'"],
          styleSrcAttr: ["'unsafe-inline'"],
          imgSrc: ["'self'", "data:"],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
        },
      },
      referrerPolicy: { policy: "same-origin" },
      strictTransportSecurity: secure ? { maxAge: 31536000 } : false,
      crossOriginEmbedderPolicy: false,
      frameguard: { action: "deny" },
    }),
  );

  // Refuse cross-site state changes: a non-GET request whose Origin (or, without one, Referer)
  // is not this site gets 403 before any action runs.
  app.use((req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
    const expected = process.env.APP_ORIGIN ? new URL(process.env.APP_ORIGIN).origin : `${req.protocol}://${req.get("host")}`;
    const origin = req.get("origin");
    const referer = req.get("referer");
    let claimed = origin && origin !== "null" ? origin : undefined;
    if (!claimed && referer) {
      try {
        claimed = new URL(referer).origin;
      } catch {
        claimed = "invalid";
      }
    }
    if ((origin === "null") || (claimed && claimed !== expected)) {
      res.status(403).type("text/plain").send("Cross-site request refused.");
      return;
    }
    next();
  });

  // Oversized bodies are refused before anything reads them. A body without Content-Length
  // (chunked) could not be measured up front: it is refused with 411 (browsers always send one).
  app.use((req, res, next) => {
    if (req.get("transfer-encoding") && req.get("content-length") === undefined) {
      res.status(411).type("text/plain").send("A request body needs a Content-Length.");
      return;
    }
    const length = Number(req.get("content-length") ?? 0);
    const limit = UPLOAD_PATHS.some((re) => re.test(req.path)) ? MAX_UPLOAD_BODY : MAX_BODY;
    if (length > limit) {
      res.status(413).type("text/plain").send(`Request body too large (limit ${Math.round(limit / 1024)} KiB).`);
      return;
    }
    next();
  });

  app.get("/metrics", async (req, res) => {
    const token = process.env.METRICS_TOKEN;
    const given = (req.get("authorization") ?? "").replace(/^Bearer /, "");
    if (!token || given.length !== token.length || !crypto.timingSafeEqual(Buffer.from(given), Buffer.from(token))) {
      res.status(404).type("text/plain").send("Not Found");
      return;
    }
    res.type("text/plain; version=0.0.4").send(await entry.metricsText());
  });

  // Every answer compressed when the browser accepts it (brotli preferred, gzip otherwise). Build
  // assets have pre-compressed copies; the middleware leaves those alone (Content-Encoding set).
  // Streamed HTML is flushed chunk by chunk: Remix calls res.flush(), which compression provides.
  app.use(compression({ brotli: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } } }));

  const buildDir = path.join(root, "public/build");
  app.use("/build", precompressed(buildDir), express.static(buildDir, { immutable: true, maxAge: "1y" }));
  // public/ beside the build holds files only (the favicon): a page's path has no file extension
  // and skips the handler, which costs every request a failed stat() (1.5 % of a module page's
  // server time in a CPU profile).
  const publicFiles = express.static(path.join(root, "public"), { maxAge: "1h" });
  app.use((req, res, next) => (/\.[a-z0-9]+$/i.test(req.path) ? publicFiles(req, res, next) : next()));

  app.all(
    "*",
    createRequestHandler({
      build,
      mode: process.env.NODE_ENV,
      getLoadContext: (req, res) => ({
        cspNonce: res.locals.cspNonce,
        requestId: res.locals.requestId,
        clientAddress: req.ip ?? req.socket.remoteAddress ?? "unknown",
      }),
    }),
  );

  return { app, entry, report };
}

/**
 * How far V8 lets the heap grow past its live size before the next full collection, in percent
 * (null: V8's own choice). V8 picks a factor of up to 4 when the machine has gigabytes to spare,
 * and under load that growth is promoted request garbage: the live heap stays near 60–80 MiB
 * while the heap reaches 300 MiB (docs/benchmarks.md, "Memory"). HEAP_GROWING_PERCENT=50 keeps
 * the peak near live + half (about 210 MiB under the bench) but costs the heaviest pages about
 * half again their time at one connection (quiet bench, ADR 020), so the default (0) leaves the
 * choice to V8; an operator's own `node --heap-growing-percent=N` wins.
 * @param {Record<string, string | undefined>} [env]
 * @param {string[]} [execArgv]
 * @returns {number | null}
 */
export function heapGrowingPercent(env = process.env, execArgv = process.execArgv) {
  if (execArgv.some((arg) => /^--heap[-_]growing[-_]percent\b/.test(arg))) return null;
  const given = env.HEAP_GROWING_PERCENT?.trim() || "0";
  const percent = Number(given);
  if (!/^\d+$/.test(given)) throw new Error(`HEAP_GROWING_PERCENT must be a whole number of percent, 0 for V8's own choice (it is "${env.HEAP_GROWING_PERCENT}").`);
  return percent > 0 ? percent : null;
}

export async function serve() {
  // V8 reads this flag each time it sets the next collection's limit, so it applies after start.
  const growing = heapGrowingPercent();
  if (growing) v8.setFlagsFromString(`--heap-growing-percent=${growing}`);
  const { app, entry, report } = await createServer();
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST ?? "0.0.0.0";
  const server = app.listen(port, host, () => {
    const url = `http://localhost:${port}`;
    log.info({ url, ...report, heapGrowingPercent: growing }, "listening");
    if (process.stdout.isTTY || process.env.HORIZONT_BANNER !== "0") {
      const lines = [`Horizont is running at ${url}`, `Database: ${report.database === "pglite" ? "embedded PostgreSQL (PGlite)" : "PostgreSQL server"}; started in ${report.milliseconds} ms`];
      if (report.demo) lines.push(`Demo sign-in: anna.schmidt@musterstadt.example / horizont-demo (more accounts in README.md)`);
      process.stderr.write(`\n  ${lines.join("\n  ")}\n\n`);
    }
  });
  server.keepAliveTimeout = 65_000;
  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    server.close(async () => {
      await entry.shutdown();
      log.info("stopped");
      process.exit(0);
    });
    server.closeIdleConnections?.();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  return server;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  serve().catch((err) => {
    log.fatal({ err: { message: err.message, stack: err.stack } }, "start-up failed");
    process.stderr.write(`\nHorizont could not start: ${err.message}\n`);
    process.exit(1);
  });
}
