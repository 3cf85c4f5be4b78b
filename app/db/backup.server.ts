// Backups of the embedded database and the move to a PostgreSQL server (operators' commands in
// scripts/; README "Backups" and "Which database?"). The app must be stopped while they run:
// PGlite is one process's database.
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { openDatabase } from "./client.server";
import { authorities } from "./schema";
import { copyAllRows, differences, fingerprints, type TableFingerprint } from "./transfer.server";

/** The PGlite folder inside DATA_DIR, as start-up opens it. */
export const pgliteDir = (dataDir: string) => path.resolve(dataDir, "pglite");

function assertEmbeddedDatabase(dir: string) {
  if (!fs.existsSync(path.join(dir, "PG_VERSION"))) throw new Error(`${dir} holds no embedded database (no PG_VERSION): check DATA_DIR`);
}

/** Writes a compressed copy of the embedded database to `file`; returns the tables' fingerprints. */
export async function backupEmbedded(dataDir: string, file: string): Promise<Record<string, TableFingerprint>> {
  const dir = pgliteDir(dataDir);
  assertEmbeddedDatabase(dir);
  const database = await openDatabase({ dataDir: dir });
  try {
    const before = await fingerprints(database.db);
    const client = (database.db as unknown as { $client: PGlite }).$client;
    const blob = await client.dumpDataDir("gzip");
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const tmp = `${file}.partial`;
    fs.writeFileSync(tmp, Buffer.from(await blob.arrayBuffer()));
    fs.renameSync(tmp, file);
    return before;
  } finally {
    await database.close();
  }
}

/**
 * Restores a backup into DATA_DIR. An existing database is kept aside as `pglite.before-restore-<time>`
 * (only with `replace`; without it an existing database is refused). Returns the fingerprints read
 * back from the restored database.
 */
export async function restoreEmbedded(file: string, dataDir: string, options: { replace?: boolean } = {}): Promise<Record<string, TableFingerprint>> {
  if (!fs.existsSync(file)) throw new Error(`no backup file at ${file}`);
  const dir = pgliteDir(dataDir);
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
    if (!options.replace) throw new Error(`${dir} already holds a database: pass --replace to keep it aside and restore over it`);
    fs.renameSync(dir, `${dir}.before-restore-${new Date().toISOString().replaceAll(":", "-")}`);
  }
  fs.mkdirSync(dir, { recursive: true });
  const dump = new Blob([fs.readFileSync(file)]);
  const client = await PGlite.create({ dataDir: dir, loadDataDir: dump });
  await client.close();
  const database = await openDatabase({ dataDir: dir });
  try {
    return await fingerprints(database.db);
  } finally {
    await database.close();
  }
}

export interface MoveReport {
  tables: Record<string, number>;
  /** Tables whose content differs after the move (empty when the move is exact). */
  differing: string[];
}

/** Copies the embedded database into an empty PostgreSQL server database and compares every table. */
export async function moveEmbeddedToServer(dataDir: string, url: string, progress?: (line: string) => void): Promise<MoveReport> {
  const dir = pgliteDir(dataDir);
  assertEmbeddedDatabase(dir);
  const source = await openDatabase({ dataDir: dir });
  const target = await openDatabase({ url, max: 2 });
  try {
    await source.migrate();
    await target.migrate();
    if ((await target.db.$count(authorities)) > 0) throw new Error("the server database already holds data: move into a new, empty database");
    const tables = await copyAllRows(source.db, target.db, progress);
    const differing = differences(await fingerprints(source.db), await fingerprints(target.db));
    return { tables, differing };
  } finally {
    await Promise.all([source.close(), target.close()]);
  }
}
