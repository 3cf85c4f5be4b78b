// Two app instances against one PostgreSQL database (its own, copied from the test template):
// sessions and sign-in throttling live in the database, so they hold across instances.
// Runs only when TEST_DATABASE_URL is set (PGlite cannot serve two processes).
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { get, h, post } from "./support/http-server";
import { adminClient, postgresTemplateName, withDatabase } from "./support/template";
import { testPort } from "./support/ports";

const url = process.env.TEST_DATABASE_URL;
const email = "anna.schmidt@musterstadt.example";

describe.runIf(!!url)("two app instances on one PostgreSQL", () => {
  const name = `horizont_2i_${crypto.randomBytes(6).toString("hex")}`;
  let a: Awaited<ReturnType<typeof h.startApp>>;
  let b: Awaited<ReturnType<typeof h.startApp>>;

  beforeAll(async () => {
    h.ensureBuild();
    const admin = adminClient(url!);
    await admin.unsafe(`create database "${name}" template "${postgresTemplateName()}"`);
    await admin.end();
    const env = { DATABASE_URL: withDatabase(url!, name), SEED_DEMO: "1", LOG_LEVEL: "warn", LOGIN_MAX_FAILURES_PER_ACCOUNT: "3" };
    a = await h.startApp({ port: testPort("twoInstancesA"), env, label: "instance A" });
    b = await h.startApp({ port: testPort("twoInstancesB"), env, label: "instance B" });
  }, 300_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    const admin = adminClient(url!);
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  });

  it("a session created on one instance is valid on the other, and sign-out on one ends it on both", async () => {
    const cookie = await h.signIn(a.url, email);
    expect((await get(b.url, "/account", cookie)).status).toBe(200);
    expect((await post(b.url, "/logout", null, cookie)).status).toBe(302);
    expect((await get(a.url, "/account", cookie)).status).toBe(302);
    expect((await get(b.url, "/account", cookie)).status).toBe(302);
  });

  it("counts failed sign-ins across both instances", async () => {
    const attempt = (server: { url: string }, password: string) => post(server.url, "/login", new URLSearchParams({ email: "mehmet.demir@musterstadt.example", password }));
    expect((await attempt(a, "wrong password 1")).status).toBe(401);
    expect((await attempt(b, "wrong password 2")).status).toBe(401);
    expect((await attempt(a, "wrong password 3")).status).toBe(401);
    // The limit (3) is reached across A and B: even the right password is refused, on either.
    expect((await attempt(b, h.demoPassword)).status).toBe(429);
    expect((await attempt(a, h.demoPassword)).status).toBe(429);
  });

  it("checks exactly the limit's number of passwords when 40 wrong ones arrive at once, split across both instances", async () => {
    const account = "katarzyna.nowak@musterstadt.example";
    const attempt = (server: { url: string }, password: string) => post(server.url, "/login", new URLSearchParams({ email: account, password }));
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => attempt(i % 2 ? b : a, `wrong guess ${i}`)));
    const bodies = await Promise.all(answers.map((r) => r.text()));
    const statuses = answers.map((r) => r.status);
    // A checked password answers 401 "wrong"; a refused attempt 429 with the throttle message.
    expect(statuses.filter((s) => s === 401)).toHaveLength(3);
    expect(bodies.filter((body) => body.includes("E-Mail-Adresse oder Passwort ist falsch."))).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(37);
    expect(bodies.filter((body) => body.includes("Zu viele fehlgeschlagene Anmeldeversuche"))).toHaveLength(37);
    // Each checked password left one attempt row for the account; a refused one none.
    const db = adminClient(withDatabase(url!, name));
    try {
      const rows = await db`select succeeded from login_attempts where key = ${`email:${account}`}`;
      expect(rows.map((r) => r.succeeded)).toEqual([false, false, false]);
    } finally {
      await db.end();
    }
    // The right password is refused too, on either instance, with the throttle message.
    for (const server of [a, b]) {
      const res = await attempt(server, h.demoPassword);
      expect(res.status).toBe(429);
      expect(await res.text()).toContain("Zu viele fehlgeschlagene Anmeldeversuche");
    }
  });
});
