// Two app instances against one PostgreSQL database (its own, copied from the test template):
// sessions and sign-in throttling live in the database, so they hold across instances.
// Runs only when TEST_DATABASE_URL is set (PGlite cannot serve two processes).
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { get, h, post } from "./support/http-server";
import { adminClient, postgresTemplateName, withDatabase } from "./support/template";

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
    a = await h.startApp({ port: await h.freePort([3338]), env, label: "instance A" });
    b = await h.startApp({ port: await h.freePort([3339]), env, label: "instance B" });
  }, 180_000);

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
});
