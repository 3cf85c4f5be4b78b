// Two app instances (child processes of the production server) on one PostgreSQL database, both
// running the outbox worker and the mail schedule against the same real SMTP server: assignment
// mails, welcome mails, reminders, expiry notices and a lead's weekly digest each arrive once.
// Runs only when TEST_DATABASE_URL is set (PGlite cannot serve two processes).
import crypto from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { get, h, post } from "./support/http-server";
import { startSmtp } from "./support/smtp";
import { adminClient, postgresTemplateName, withDatabase } from "./support/template";
import { testPort } from "./support/ports";

const url = process.env.TEST_DATABASE_URL;
const messageIdOf = (raw: string) => /^Message-ID:\s*<([^>]+)>/im.exec(raw.split(/\r?\n\r?\n/)[0])?.[1] ?? "";

describe.runIf(!!url)("mail from two app instances on one PostgreSQL", () => {
  const name = `horizont_m2_${crypto.randomBytes(6).toString("hex")}`;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let sql: postgres.Sql;
  let a: Awaited<ReturnType<typeof h.startApp>>;
  let b: Awaited<ReturnType<typeof h.startApp>>;

  beforeAll(async () => {
    h.ensureBuild();
    smtp = await startSmtp();
    const admin = adminClient(url!);
    await admin.unsafe(`create database "${name}" template "${postgresTemplateName()}"`);
    await admin.end();
    const databaseUrl = withDatabase(url!, name);
    sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
    // Both instances look into the outbox every 200 ms and run the schedule every 300 ms: they race on every row.
    const env = { DATABASE_URL: databaseUrl, SEED_DEMO: "1", LOG_LEVEL: "warn", SMTP_URL: smtp.url, MAIL_POLL_MS: "200", MAIL_SCHEDULE_MS: "300", MAIL_RETRY_MS: "200" };
    a = await h.startApp({ port: testPort("mailTwoInstancesA"), env, label: "instance A" });
    b = await h.startApp({ port: testPort("mailTwoInstancesB"), env, label: "instance B" });
  }, 300_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await sql?.end();
    await smtp?.stop();
    const admin = adminClient(url!);
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  });

  it("every mail either instance's events or schedules cause arrives exactly once", async () => {
    const jonas = await h.signIn(a.url, "jonas.weber@musterstadt.example");
    const admin = await h.signIn(b.url, "admin@musterstadt.example");
    // Jonas switches the weekly digest on (on instance B); both instances' schedules then see it.
    const choices = new URLSearchParams([["on", "assignment.due-soon"], ["on", "assignment.overdue"], ["on", "evidence.expiring"], ["on", "requirements.raised"], ["on", "digest.lead-overdue"]]);
    expect((await post(b.url, "/account/mail", choices, jonas)).status).toBe(302);

    // Jonas assigns a module to his whole team on A …
    const team = await sql<{ id: string; email: string }[]>`
      select p.id::text, p.email from people p
      join unit_leads ul on ul.unit_id = p.unit_id
      join people l on l.id = ul.person_id and l.email = 'jonas.weber@musterstadt.example'
      where p.active and p.id <> l.id`;
    expect(team.length).toBeGreaterThan(2);
    const assign = new URLSearchParams([
      ["intent", "assign"],
      ["submissionId", crypto.randomUUID()],
      ["target", "module:kommunikation-beratung/krise-am-schalter"],
      ["dueOn", "2031-02-01"],
      ["confirmMet", "on"],
      ...team.map((m): [string, string] => ["personIds", m.id]),
    ]);
    const assigned = await post(a.url, "/team", assign, jonas);
    expect(assigned.status, await assigned.clone().text()).toBe(302);
    // … while the admin creates three accounts on B (welcome mails with set-password links).
    const created: string[] = [];
    for (let i = 0; i < 3; i++) {
      const form = await get(b.url, "/admin/accounts/new", admin);
      const id = h.hiddenValue(await form.text(), "submissionId")!;
      const email = `zwei-${i}-${crypto.randomBytes(3).toString("hex")}@test.example`;
      created.push(email);
      const res = await post(b.url, "/admin/accounts/new", new URLSearchParams({ submissionId: id, givenName: "Zwei", familyName: `Instanzen ${i}`, email, fte: "1", roles: "employee" }), admin);
      expect(res.status).toBe(200);
      // SMTP is configured: the page says the mail went out and shows no link.
      const html = await res.text();
      expect(html).not.toContain("set-password?token=");
      expect(html).toContain(email);
    }

    // Wait until both instances have drained the outbox (and the schedule has nothing new).
    const until = Date.now() + 90_000;
    let rows: { id: string; kind: string; to_address: string; status: string }[] = [];
    for (;;) {
      rows = await sql`select id::text, kind, to_address, status::text from outbox`;
      const settled = rows.length > 0 && rows.every((r) => r.status !== "pending") && smtp.received.length >= rows.filter((r) => r.status === "sent").length;
      if (settled && rows.some((r) => r.kind === "digest.lead-overdue")) {
        // One more round of both schedules and workers: still nothing new.
        await new Promise((r) => setTimeout(r, 1500));
        const again = await sql`select count(*)::int as n from outbox`;
        if (again[0].n === rows.length) break;
      }
      if (Date.now() > until) throw new Error(`outbox not drained: ${JSON.stringify(rows.filter((r) => r.status !== "sent").slice(0, 5))}`);
      await new Promise((r) => setTimeout(r, 250));
    }

    const ids = smtp.received.map((m) => messageIdOf(m.raw));
    const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
    expect(twice, "a Message-ID arrived twice").toEqual([]);
    expect(rows.every((r) => r.status === "sent")).toBe(true);
    expect(ids.sort()).toEqual(rows.map((r) => `${r.id}@horizont.outbox`).sort());
    // What the events and the schedule caused, once each.
    const byKind = (kind: string) => rows.filter((r) => r.kind === kind);
    expect(byKind("assignment.created").map((r) => r.to_address).sort()).toEqual(team.map((m) => m.email).sort());
    expect(byKind("account.welcome").map((r) => r.to_address).sort()).toEqual([...created].sort());
    expect(byKind("digest.lead-overdue").map((r) => r.to_address)).toEqual(["jonas.weber@musterstadt.example"]);
    expect(byKind("assignment.overdue").length, "the demo's overdue assignments").toBeGreaterThan(0);
    for (const r of rows) expect(smtp.received.filter((m) => m.to[0] === r.to_address && messageIdOf(m.raw) === `${r.id}@horizont.outbox`)).toHaveLength(1);
    // Sent welcome mails keep no link.
    const welcome = await sql`select text_body, html_body from outbox where kind = 'account.welcome'`;
    expect(welcome.every((w) => w.text_body === "" && w.html_body === "")).toBe(true);
  }, 180_000);
});
