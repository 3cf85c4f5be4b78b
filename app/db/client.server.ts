// One database handle per process: embedded PGlite (default) or a PostgreSQL server (DATABASE_URL).
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import * as schema from "./schema";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Domain functions take this, so they run inside a caller's transaction or on their own. */
export type Queryable = Db | Tx;

export interface Database {
  db: Db;
  kind: "pglite" | "postgres";
  migrate(): Promise<void>;
  /** Resolves when the database answers a trivial query within `timeoutMs`. */
  ping(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export type OpenOptions =
  | { url: string; max?: number }
  | { dataDir: string; sharedBuffers?: string }
  | { memory: true; loadDataDir?: Blob | File };

const migrationsFolder = () => path.resolve(process.env.HORIZONT_ROOT ?? process.cwd(), "drizzle");
// Arbitrary constant: serialises migrations when several instances start at once.
const MIGRATION_LOCK = 7_201_014;

/** shared_buffers of an embedded database opened from a data directory (PGLITE_SHARED_BUFFERS). */
export const DEFAULT_PGLITE_SHARED_BUFFERS = "16MB";

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if ("url" in options) {
    const client = postgres(options.url, {
      max: options.max ?? 10,
      onnotice: () => {},
      connect_timeout: 5,
      idle_timeout: 60,
    });
    const db = drizzlePostgres(client, { schema }) as unknown as Db;
    // The health check has its own connection: under load the pool is busy with user queries, and
    // /healthz must still answer (503 within its timeout during an outage, 200 when the server is up).
    let probe: postgres.Sql | undefined;
    const probeClient = () => (probe ??= postgres(options.url, { max: 1, onnotice: () => {}, connect_timeout: 2, idle_timeout: 30 }));
    return {
      db,
      kind: "postgres",
      async migrate() {
        const lock = await client.reserve();
        try {
          await lock`select pg_advisory_lock(${MIGRATION_LOCK})`;
          await migratePostgres(drizzlePostgres(client, { schema }), { migrationsFolder: migrationsFolder() });
        } finally {
          await lock`select pg_advisory_unlock(${MIGRATION_LOCK})`.catch(() => {});
          lock.release();
        }
      },
      ping: (timeoutMs = 2000) => withTimeout(probeClient()`select 1`.then(() => {}), timeoutMs),
      close: async () => {
        await Promise.all([client.end({ timeout: 5 }), probe?.end({ timeout: 1 })]);
      },
    };
  }
  let client: PGlite;
  if ("dataDir" in options) {
    // PGlite does not create missing parent folders.
    fs.mkdirSync(options.dataDir, { recursive: true });
    // PGlite's shared_buffers (128MB by default) is resident from the start: the largest single
    // item of the embedded server's memory (docs/benchmarks.md, "Memory"). The operating
    // system's page cache still holds what does not fit.
    client = await PGlite.create(options.dataDir, {
      startParams: [...PGlite.defaultStartParams, "-c", `shared_buffers=${options.sharedBuffers ?? DEFAULT_PGLITE_SHARED_BUFFERS}`],
    });
  } else {
    client = await PGlite.create({ loadDataDir: options.loadDataDir });
  }
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: "pglite",
    async migrate() {
      await migratePglite(drizzlePglite(client, { schema }), { migrationsFolder: migrationsFolder() });
    },
    ping: (timeoutMs = 2000) => withTimeout(client.query("select 1").then(() => {}), timeoutMs),
    close: () => client.close(),
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`database did not answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

// The process-wide handle lives on globalThis so a rebuilt server bundle (dev) reuses it.
const holder = globalThis as unknown as { __horizontDatabase?: Database };

export function setDatabase(database: Database | undefined) {
  holder.__horizontDatabase = database;
}

export function getDatabase(): Database {
  const database = holder.__horizontDatabase;
  if (!database) throw new Error("The database is not open: startup() has not run.");
  return database;
}

export function getDb(): Db {
  return getDatabase().db;
}

/** True when the database has no tables of ours yet, or no authority. */
export async function isEmpty(db: Queryable): Promise<boolean> {
  return (await db.$count(schema.authorities)) === 0;
}

/**
 * drizzle's execute() returns an array (postgres.js) or { rows } (PGlite); this evens it out.
 * Only for the raw statements the query builder cannot express (each says why); T should be
 * built from the schema's types where the columns are a table's.
 */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
