// Runs once before all vitest files: prepares the migrated PGlite dump and, when
// TEST_DATABASE_URL is set, the PostgreSQL template database.
import fs from "node:fs";
import { openDatabase } from "~/db/client.server";
import { syncFramework } from "~/competences/sync.server";
import { adminClient, cacheDir, pgliteTemplatePath, postgresTemplateName, withDatabase } from "./template";

export default async function setup() {
  process.env.HORIZONT_ROOT ??= process.cwd();
  fs.mkdirSync(cacheDir, { recursive: true });
  const dump = pgliteTemplatePath();
  if (!fs.existsSync(dump)) {
    const database = await openDatabase({ memory: true });
    await database.migrate();
    await syncFramework(database.db);
    const client = (database as unknown as { db: { $client: { dumpDataDir: (c: string) => Promise<Blob> } } }).db.$client;
    const blob = await client.dumpDataDir("gzip");
    const tmp = `${dump}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, Buffer.from(await blob.arrayBuffer()));
    fs.renameSync(tmp, dump);
    await database.close();
  }
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const admin = adminClient(url);
    const name = postgresTemplateName();
    try {
      // Several test runs (or worktrees) may start at once: one builds the template.
      await admin`select pg_advisory_lock(7201015)`;
      const [exists] = await admin`select 1 from pg_database where datname = ${name}`;
      if (!exists) {
        const building = `${name}_building`;
        await admin.unsafe(`drop database if exists "${building}"`);
        await admin.unsafe(`create database "${building}"`);
        const database = await openDatabase({ url: withDatabase(url, building), max: 2 });
        await database.migrate();
        await syncFramework(database.db);
        await database.close();
        await admin.unsafe(`alter database "${building}" rename to "${name}"`);
      }
      await admin`select pg_advisory_unlock(7201015)`;
    } finally {
      await admin.end();
    }
  }
}
