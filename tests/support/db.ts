// Each test file gets its own database: a PGlite loaded from the migrated dump, and (when
// TEST_DATABASE_URL is set) a PostgreSQL database copied from the migrated template.
import crypto from "node:crypto";
import fs from "node:fs";
import { afterAll, beforeAll, describe } from "vitest";
import { openDatabase, setDatabase, type Database } from "~/db/client.server";
import { adminClient, pgliteTemplatePath, postgresTemplateName, withDatabase } from "./template";

export type DbKind = "pglite" | "postgres";
export const dbKinds: DbKind[] = process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];

export async function openTestDatabase(kind: DbKind): Promise<{ database: Database; dispose: () => Promise<void> }> {
  if (kind === "pglite") {
    const dump = fs.readFileSync(pgliteTemplatePath());
    const database = await openDatabase({ memory: true, loadDataDir: new Blob([dump]) });
    return { database, dispose: () => database.close() };
  }
  const url = process.env.TEST_DATABASE_URL!;
  const name = `horizont_t_${crypto.randomBytes(6).toString("hex")}`;
  const admin = adminClient(url);
  await admin.unsafe(`create database "${name}" template "${postgresTemplateName()}"`);
  const database = await openDatabase({ url: withDatabase(url, name), max: 5 });
  return {
    database,
    dispose: async () => {
      await database.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}

/**
 * Runs the suite once per database kind. The database is also installed as the process
 * database (getDb()), so code that uses it (sessions, routes) works in the test.
 */
export function describeEachDb(name: string, suite: (ctx: { database: () => Database; kind: DbKind }) => void) {
  for (const kind of dbKinds) {
    describe(`${name} [${kind}]`, () => {
      let handle: Awaited<ReturnType<typeof openTestDatabase>> | undefined;
      beforeAll(async () => {
        handle = await openTestDatabase(kind);
        setDatabase(handle.database);
      });
      afterAll(async () => {
        setDatabase(undefined);
        await handle?.dispose();
      });
      suite({ database: () => handle!.database, kind });
    });
  }
}
