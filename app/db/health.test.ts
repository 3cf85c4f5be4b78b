// /healthz answers from its own connection: a pool busy with slow user queries does not make the
// app look down, and a server that is down is reported within the timeout.
import { describe, expect, it } from "vitest";
import { openDatabase } from "./client.server";

const url = process.env.TEST_DATABASE_URL;

describe.runIf(url)("health check on a PostgreSQL server", () => {
  it("answers while every pooled connection is busy", async () => {
    const database = await openDatabase({ url: url!, max: 2 });
    try {
      const { sql } = await import("drizzle-orm");
      // drizzle and postgres.js queries run only once awaited: start them now. Raw SQL: only
      // pg_sleep holds a pooled connection busy, no table is read.
      const busy = [1, 2].map(() => Promise.resolve(database.db.execute(sql`select pg_sleep(3)`)));
      await new Promise((r) => setTimeout(r, 200));
      const started = Date.now();
      await expect(database.ping(1000)).resolves.toBeUndefined();
      expect(Date.now() - started).toBeLessThan(1000);
      await Promise.all(busy);
    } finally {
      await database.close();
    }
  });

  it("reports a server that does not answer within the timeout", async () => {
    const unreachable = new URL(url!);
    unreachable.port = "1"; // nothing listens there
    const database = await openDatabase({ url: unreachable.toString(), max: 1 });
    try {
      await expect(database.ping(1000)).rejects.toThrow();
    } finally {
      await database.close().catch(() => {});
    }
  });
});
