// Operators' safety net: a backup of the embedded database restores to the same data, and the
// embedded database moves to a PostgreSQL server with every table compared afterwards.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syncFramework } from "~/competences/sync.server";
import { backupEmbedded, moveEmbeddedToServer, pgliteDir, restoreEmbedded } from "~/db/backup.server";
import { openDatabase } from "~/db/client.server";
import { differences, fingerprints, type TableFingerprint } from "~/db/transfer.server";
import { seedDemo } from "~/seed/demo.server";
import { adminClient, withDatabase } from "./support/template";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "horizont-backup-"));
const source = path.join(tmp, "data");
let original: Record<string, TableFingerprint>;

beforeAll(async () => {
  const database = await openDatabase({ dataDir: pgliteDir(source) });
  await database.migrate();
  await syncFramework(database.db);
  await seedDemo(database.db);
  original = await fingerprints(database.db);
  await database.close();
}, 120_000);
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("backup and restore of the embedded database", () => {
  it("restores every table exactly as it was backed up", async () => {
    expect(original.people.rows).toBeGreaterThan(30);
    expect(original.evidence.rows).toBeGreaterThan(0);
    const file = path.join(tmp, "backups", "horizont.tar.gz");
    const backedUp = await backupEmbedded(source, file);
    expect(differences(backedUp, original)).toEqual([]);
    const restored = await restoreEmbedded(file, path.join(tmp, "restored"));
    expect(differences(restored, original)).toEqual([]);
  });

  it("notices a changed row, and never restores over an existing database without --replace", async () => {
    const target = path.join(tmp, "restored");
    const database = await openDatabase({ dataDir: pgliteDir(target) });
    await database.db.execute(sql`update people set family_name = family_name || ' (geändert)' where id = (select id from people order by id limit 1)`);
    expect(differences(await fingerprints(database.db), original)).toEqual(["people"]);
    await database.close();
    const file = path.join(tmp, "backups", "horizont.tar.gz");
    await expect(restoreEmbedded(file, target)).rejects.toThrow(/already holds a database: pass --replace/);
    const replaced = await restoreEmbedded(file, target, { replace: true });
    expect(differences(replaced, original)).toEqual([]);
    expect(fs.readdirSync(target).some((name) => name.startsWith("pglite.before-restore-"))).toBe(true);
  });
});

const serverUrl = process.env.TEST_DATABASE_URL;
describe.runIf(serverUrl)("moving the embedded database to a PostgreSQL server", () => {
  const name = `horizont_move_${crypto.randomBytes(5).toString("hex")}`;
  const admin = serverUrl ? adminClient(serverUrl) : undefined;
  beforeAll(async () => void (await admin!.unsafe(`create database "${name}"`)));
  afterAll(async () => {
    await admin!.unsafe(`drop database if exists "${name}" with (force)`);
    await admin!.end();
  });

  it("copies every row and finds every table equal on the server", async () => {
    const report = await moveEmbeddedToServer(source, withDatabase(serverUrl!, name));
    expect(report.differing).toEqual([]);
    expect(report.tables.people).toBe(original.people.rows);
    const server = await openDatabase({ url: withDatabase(serverUrl!, name), max: 1 });
    try {
      expect(differences(await fingerprints(server.db), original)).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it("refuses to copy into a database that already holds data", async () => {
    await expect(moveEmbeddedToServer(source, withDatabase(serverUrl!, name))).rejects.toThrow(/already holds data/);
  });
});
