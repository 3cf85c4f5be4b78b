// The embedded database's shared buffers are resident memory of the app process from the start
// (issue 15): 16MB unless the operator sets PGLITE_SHARED_BUFFERS, and a wrong value stops the
// start with the setting's name.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { getEnv, resetEnvForTests } from "~/env.server";
import { openDatabase, rowsOf } from "./client.server";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "horizont-pglite-memory-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function sharedBuffers(options: { dataDir: string; sharedBuffers?: string }) {
  const database = await openDatabase(options);
  try {
    return rowsOf<{ shared_buffers: string }>(await database.db.execute(sql`show shared_buffers`))[0].shared_buffers;
  } finally {
    await database.close();
  }
}

describe("the embedded database's shared buffers", () => {
  const saved = process.env.PGLITE_SHARED_BUFFERS;
  afterEach(() => {
    if (saved === undefined) delete process.env.PGLITE_SHARED_BUFFERS;
    else process.env.PGLITE_SHARED_BUFFERS = saved;
    resetEnvForTests();
  });

  it("are 16MB unless set otherwise (PGlite's own 128MB would be resident from the start)", async () => {
    expect(await sharedBuffers({ dataDir: path.join(tmp, "default") })).toBe("16MB");
    expect(await sharedBuffers({ dataDir: path.join(tmp, "set"), sharedBuffers: "64MB" })).toBe("64MB");
  });

  it("PGLITE_SHARED_BUFFERS takes a size, and a wrong value stops the start with its name", () => {
    delete process.env.PGLITE_SHARED_BUFFERS;
    resetEnvForTests();
    expect(getEnv().PGLITE_SHARED_BUFFERS).toBe("16MB");
    process.env.PGLITE_SHARED_BUFFERS = "64MB";
    resetEnvForTests();
    expect(getEnv().PGLITE_SHARED_BUFFERS).toBe("64MB");
    process.env.PGLITE_SHARED_BUFFERS = "lots";
    resetEnvForTests();
    expect(() => getEnv()).toThrow(/PGLITE_SHARED_BUFFERS/);
  });
});
