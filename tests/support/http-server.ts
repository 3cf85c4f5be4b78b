// The production server (scripts/server.mjs on the production build) for HTTP-level tests:
// in this test process on a fresh embedded demo database, so a test can also read the database
// it serves (getDb() shares the process-wide handle), or in a child process (logs captured).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { getDb, rowsOf } from "~/db/client.server";
import * as harness from "../../scripts/lib/harness.mjs";

export interface Harness {
  ensureBuild(): void;
  freePort(candidates: number[]): Promise<number>;
  signIn(baseUrl: string, email: string, password?: string, headers?: Record<string, string>): Promise<string>;
  sessionCookieOf(res: Response): string | null;
  hiddenValue(html: string, name: string): string | null;
  startApp(options: { port: number; env?: Record<string, string>; label?: string }): Promise<{
    url: string;
    pid: number;
    output: { stdout: string; stderr: string };
    exited: unknown;
    stop(): Promise<void>;
  }>;
  withDatabase(url: string, database: string): string;
  demoPassword: string;
}
export const h = harness as unknown as Harness;

/** Starts the production server inside this process on `port` with a fresh embedded demo database. */
export async function startInProcessServer(port: number, env: Record<string, string> = {}) {
  h.ensureBuild();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "horizont-http-test-"));
  Object.assign(process.env, { NODE_ENV: "production", DATA_DIR: dataDir, COOKIE_SECURE: "0", HORIZONT_BANNER: "0", DATABASE_URL: "", ...env });
  const serverModule = path.resolve(import.meta.dirname, "../../scripts/server.mjs");
  const { createServer } = (await import(/* @vite-ignore */ serverModule)) as {
    createServer: () => Promise<{ app: { listen: (port: number, host: string, cb: () => void) => import("node:http").Server }; entry: { shutdown: () => Promise<void> } }>;
  };
  const { app, entry } = await createServer();
  // A port in use fails here, naming the port (tests/support/ports.ts), instead of crashing the
  // worker with an unhandled 'error' event.
  const server = await new Promise<import("node:http").Server>((resolve, reject) => {
    const s = app.listen(port, "127.0.0.1", () => resolve(s));
    s.once("error", (error) => reject(new Error(`The test server cannot listen on 127.0.0.1:${port}: ${error.message}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    async close() {
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(resolve));
      await entry.shutdown();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Row count and md5 of every table but sign-in attempts (which a refused sign-in records by design). */
export async function databaseChecksum(except: string[] = ["login_attempts"]): Promise<Record<string, string>> {
  const db = getDb();
  const tables = rowsOf<{ name: string }>(
    await db.execute(sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`),
  )
    .map((t) => t.name)
    .filter((name) => !except.includes(name));
  const parts = tables.map((name) => sql`select ${name} as name, count(*)::text || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as sum from ${sql.identifier(name)} t`);
  const rows = rowsOf<{ name: string; sum: string }>(await db.execute(sql.join(parts, sql` union all `)));
  return Object.fromEntries(rows.map((r) => [r.name, r.sum]));
}

/** POSTs a form as a browser on this site would (same Origin). */
export function post(url: string, path: string, body: BodyInit | null, cookie?: string | null, headers: Record<string, string> = {}) {
  const base: Record<string, string> = { Origin: url };
  if (cookie) base.Cookie = cookie;
  if (typeof body === "string" || body instanceof URLSearchParams) base["Content-Type"] = "application/x-www-form-urlencoded";
  return fetch(url + path, { method: "POST", body, redirect: "manual", headers: { ...base, ...headers } });
}

export function get(url: string, path: string, cookie?: string | null) {
  return fetch(url + path, { redirect: "manual", headers: cookie ? { Cookie: cookie } : {} });
}
