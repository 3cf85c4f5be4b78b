// Mail that reaches people: every mail is an outbox row written with its event, and a worker
// delivers it to a real SMTP server (smtp-server on a loopback port) — in the person's
// language, with a link and an .ics — retrying while SMTP is down and never sending twice.
import net from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { getLucia } from "~/auth/lucia.server";
import type { Queryable } from "~/db/client.server";
import { assignments, mailOptOuts, outbox, people } from "~/db/schema";
import { queueAssignmentReminders } from "~/learning/assignment-mails.server";
import { runOutboxOnce, smtpTransport, startOutboxWorker, type WorkerOptions } from "~/mail/worker.server";
import { action as teamAction } from "~/routes/team";
import { action as newAccountAction } from "~/routes/admin.accounts.new";
import { findPasswordToken } from "~/people/accounts.server";
import { notifyRaisedRequirements } from "~/competences/notifications.server";
import { notifications, roleDescriptions } from "~/db/schema";
import { describeEachDb } from "./support/db";
import { createAuthority, createPerson, createUnit } from "./support/fixtures";
import { attachmentOf, readable, startSmtp, subjectOf } from "./support/smtp";

const module = "module:kommunikation-beratung/arbeiten-mit-dolmetschenden";
const options = (extra: Partial<WorkerOptions> = {}): WorkerOptions => ({
  from: "Horizont <horizont@test.example>",
  maxTries: 3,
  backoffMs: 50,
  maxBackoffMs: 200,
  leaseMs: 60_000,
  batchSize: 20,
  ...extra,
});

async function world(db: Queryable) {
  const authority = await createAuthority(db);
  const unit = await createUnit(db, authority.id, "Aufenthalt 1");
  const jonas = await createPerson(db, { authorityId: authority.id, unitId: unit.id, roles: ["employee", "lead"], leads: [unit.id], givenName: "Jonas", familyName: "Weber" });
  const anna = await createPerson(db, { authorityId: authority.id, unitId: unit.id, givenName: "Anna", familyName: "Schmidt" });
  const emma = await createPerson(db, { authorityId: authority.id, unitId: unit.id, givenName: "Emma", familyName: "Brown" });
  await db.update(people).set({ locale: "en" }).where(eq(people.id, emma.id));
  return { authority, unit, jonas, anna, emma, lead: { id: jonas.id, authorityId: authority.id, roles: ["employee", "lead"] as const, ledUnitIds: [unit.id] } };
}

const args = (request: Request) => ({ request, params: {}, context: { cspNonce: "", requestId: "test", clientAddress: "127.0.0.1" } });
async function assignAs(leadId: string, personIds: string[], dueOn: string) {
  const session = await getLucia().createSession(leadId, {});
  const cookie = getLucia().createSessionCookie(session.id).serialize();
  const body = new URLSearchParams([["intent", "assign"], ["submissionId", crypto.randomUUID()], ["target", module], ["dueOn", dueOn], ...personIds.map((id): [string, string] => ["personIds", id])]);
  const res = await teamAction(args(new Request("http://localhost/team", { method: "POST", headers: { Cookie: cookie, Origin: "http://localhost", "Content-Type": "application/x-www-form-urlencoded" }, body })));
  expect((res as unknown as { status?: number }).status ?? 302, JSON.stringify(res)).toBeLessThan(400);
}

async function waitFor(check: () => boolean, ms: number) {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}

let smtp: Awaited<ReturnType<typeof startSmtp>>;
beforeAll(async () => {
  smtp = await startSmtp({ refuse: (a) => a.startsWith("gibtsnicht") });
});
afterAll(() => smtp.stop());

describeEachDb("mail that reaches people", ({ database }) => {
  it("Jonas assigns Anna a module: her German mail with link and .ics arrives within 10 s", async () => {
    const db = database().db;
    const w = await world(db);
    const worker = startOutboxWorker({ db: () => db, transport: smtpTransport(smtp.url), options: options(), intervalMs: 200, onError: (e) => console.error(e) });
    try {
      await assignAs(w.jonas.id, [w.anna.id, w.emma.id], "2031-03-14");
      // From the stored assignment on: how long the assignment itself takes on a loaded machine is
      // not what the worker promises.
      const t0 = Date.now();
      await waitFor(() => smtp.received.filter((m) => m.to[0] === w.anna.email || m.to[0] === w.emma.email).length >= 2, 10_000);
      expect(Date.now() - t0).toBeLessThan(10_000);
    } finally {
      await worker.stop();
    }
    const anna = smtp.received.find((m) => m.to[0] === w.anna.email)!;
    expect(anna.to).toEqual([w.anna.email]);
    expect(subjectOf(anna.raw)).toBe("Neue Lernaufgabe: Arbeiten mit Dolmetschenden und Sprachmittlung (fällig am 14. März 2031)");
    const text = readable(anna.raw);
    expect(text).toContain("Guten Tag Anna Schmidt,");
    expect(text).toContain("Jonas Weber hat Ihnen");
    expect(text).toContain("http://localhost:3000/courses/kommunikation-beratung/arbeiten-mit-dolmetschenden");
    expect(text).toMatch(/<html lang="de">/);
    const ics = attachmentOf(anna.raw, "text/calendar")!;
    expect(ics.filename).toBe("faelligkeit.ics");
    expect(ics.content).toContain("BEGIN:VEVENT");
    expect(ics.content).toContain("DTSTART;VALUE=DATE:20310314");
    // Emma reads English.
    const emma = smtp.received.find((m) => m.to[0] === w.emma.email)!;
    expect(subjectOf(emma.raw)).toBe("New learning task: Arbeiten mit Dolmetschenden und Sprachmittlung (due 14 March 2031)");
    expect(readable(emma.raw)).toContain("Hello Emma Brown,");
    expect(attachmentOf(emma.raw, "text/calendar")!.filename).toBe("due-date.ics");
    const rows = await db.select().from(outbox).where(eq(outbox.authorityId, w.authority.id));
    expect(rows.map((r) => r.status)).toEqual(["sent", "sent"]);
  });

  it("a refused assignment writes no mail (the outbox row lives and dies with its event)", async () => {
    const db = database().db;
    const w = await world(db);
    await expect(
      db.transaction(async (tx) => {
        await tx.insert(assignments).values({ authorityId: w.authority.id, personId: w.anna.id, courseId: "kommunikation-beratung", moduleId: null, dueOn: "2031-01-01" });
        const { mailAssignmentsCreated } = await import("~/learning/assignment-mails.server");
        await mailAssignmentsCreated(tx, w.authority.id, [{ id: crypto.randomUUID(), personId: w.anna.id, courseId: "kommunikation-beratung", moduleId: null, dueOn: "2031-01-01" }], null);
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(await db.select().from(outbox).where(eq(outbox.authorityId, w.authority.id))).toEqual([]);
  });

  it("SMTP down for a while: every mail arrives afterwards, none twice", async () => {
    const db = database().db;
    const w = await world(db);
    const down = await startSmtp();
    const before = down.received.length;
    await down.stop();
    const others = await Promise.all(Array.from({ length: 8 }, (_, i) => createPerson(db, { authorityId: w.authority.id, unitId: w.unit.id, givenName: "Person", familyName: `Nr ${i}` })));
    await assignAs(w.jonas.id, others.map((o) => o.id), "2031-05-01");
    const transport = smtpTransport(down.url);
    const opts = options({ maxTries: 20 });
    const first = await runOutboxOnce(db, transport, opts);
    expect(first).toMatchObject({ claimed: 8, sent: 0, retried: 8 });
    const pending = await db.select().from(outbox).where(eq(outbox.authorityId, w.authority.id));
    expect(pending.every((r) => r.status === "pending" && r.tries === 1 && r.lastError)).toBe(true);
    await down.start();
    for (let i = 0; i < 20 && down.received.length - before < 8; i++) {
      await new Promise((r) => setTimeout(r, 60));
      await runOutboxOnce(db, transport, opts);
    }
    // More runs change nothing: each mail went out exactly once.
    await runOutboxOnce(db, transport, opts);
    transport.close();
    await down.stop();
    const to = down.received.map((m) => m.to[0]).sort();
    expect(to).toEqual(others.map((o) => o.email).sort());
    expect((await db.select().from(outbox).where(eq(outbox.authorityId, w.authority.id))).every((r) => r.status === "sent")).toBe(true);
  });

  it("a server that accepts the connection but never answers does not hold the batch: the try fails after the greeting timeout", async () => {
    const db = database().db;
    const w = await world(db);
    // A TCP server that never sends the SMTP greeting (a hung relay).
    const silent = net.createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", () => r()));
    const { port } = silent.address() as net.AddressInfo;
    await assignAs(w.jonas.id, [w.anna.id], "2031-05-02");
    const transport = smtpTransport(`smtp://127.0.0.1:${port}`, { connectionMs: 500, greetingMs: 500, socketMs: 500 });
    const started = Date.now();
    const run = await runOutboxOnce(db, transport, options({ maxTries: 5 }));
    const took = Date.now() - started;
    transport.close();
    silent.close();
    expect(run).toMatchObject({ claimed: 1, sent: 0, retried: 1 });
    // nodemailer's own greeting timeout is 30 s: a run this short proves ours applies.
    expect(took).toBeLessThan(10_000);
    const [row] = await db.select().from(outbox).where(eq(outbox.personId, w.anna.id));
    expect(row).toMatchObject({ status: "pending", tries: 1 });
    expect(row.lastError).toMatch(/greeting|timeout/i);
    // The later tests share this outbox: the mail must not go out to their servers.
    await db.delete(outbox).where(eq(outbox.id, row.id));
  });

  it("two workers on one outbox send each mail once", async () => {
    const db = database().db;
    const w = await world(db);
    const many = await Promise.all(Array.from({ length: 30 }, (_, i) => createPerson(db, { authorityId: w.authority.id, unitId: w.unit.id, givenName: "Viele", familyName: `Nr ${i}` })));
    await assignAs(w.jonas.id, many.map((o) => o.id), "2031-06-01");
    const own = await startSmtp();
    const a = smtpTransport(own.url);
    const b = smtpTransport(own.url);
    await Promise.all([runOutboxOnce(db, a, options({ batchSize: 5 })), runOutboxOnce(db, b, options({ batchSize: 5 })), runOutboxOnce(db, a, options({ batchSize: 5 })), runOutboxOnce(db, b, options({ batchSize: 5 }))]);
    for (let i = 0; i < 10; i++) await Promise.all([runOutboxOnce(db, a, options()), runOutboxOnce(db, b, options())]);
    a.close();
    b.close();
    await own.stop();
    const to = own.received.map((m) => m.to[0]);
    expect(to.length).toBe(30);
    expect(new Set(to).size).toBe(30);
  });

  it("an address the server refuses is marked failed after N tries, with the server's answer", async () => {
    const db = database().db;
    const w = await world(db);
    const ghost = await createPerson(db, { authorityId: w.authority.id, unitId: w.unit.id, email: `gibtsnicht-${crypto.randomUUID().slice(0, 6)}@test.example` });
    await assignAs(w.jonas.id, [ghost.id], "2031-06-01");
    const transport = smtpTransport(smtp.url);
    for (let i = 0; i < 6; i++) {
      await runOutboxOnce(db, transport, options({ maxTries: 3 }));
      await new Promise((r) => setTimeout(r, 220));
    }
    transport.close();
    const [row] = await db.select().from(outbox).where(eq(outbox.personId, ghost.id));
    expect(row.status).toBe("failed");
    expect(row.tries).toBe(3);
    expect(row.lastError).toContain("550");
    expect(smtp.received.some((m) => m.to.includes(ghost.email))).toBe(false);
  });

  it("a name with line breaks cannot add a header or a recipient", async () => {
    const db = database().db;
    const w = await world(db);
    const evil = await createPerson(db, { authorityId: w.authority.id, unitId: w.unit.id, givenName: "Eve\r\nBcc: spy@evil.example\r\n", familyName: "Mallory\nX-Injected: yes" });
    await assignAs(w.jonas.id, [evil.id], "2031-06-01");
    const transport = smtpTransport(smtp.url);
    await runOutboxOnce(db, transport, options());
    transport.close();
    const got = smtp.received.filter((m) => m.to.includes(evil.email));
    expect(got).toHaveLength(1);
    expect(got[0].to).toEqual([evil.email]);
    const header = got[0].raw.split(/\r?\n\r?\n/)[0];
    expect(header).not.toMatch(/^Bcc:/im);
    expect(header).not.toMatch(/^X-Injected:/im);
    expect(smtp.received.some((m) => m.to.includes("spy@evil.example"))).toBe(false);
  });

  it("an admin creates an account: the welcome mail with a working set-password link arrives", async () => {
    const db = database().db;
    const w = await world(db);
    const admin = await createPerson(db, { authorityId: w.authority.id, roles: ["employee", "admin"] });
    const session = await getLucia().createSession(admin.id, {});
    const cookie = getLucia().createSessionCookie(session.id).serialize();
    const email = `neu-${crypto.randomUUID().slice(0, 8)}@test.example`;
    const body = new URLSearchParams([["submissionId", crypto.randomUUID()], ["givenName", "Nora"], ["familyName", "Neu"], ["email", email], ["fte", "1"], ["roles", "employee"]]);
    const res = await newAccountAction(args(new Request("http://localhost/admin/accounts/new", { method: "POST", headers: { Cookie: cookie, Origin: "http://localhost", "Content-Type": "application/x-www-form-urlencoded" }, body })));
    expect(JSON.stringify(res)).toContain("created");
    const transport = smtpTransport(smtp.url);
    await runOutboxOnce(db, transport, options());
    transport.close();
    const mail = smtp.received.find((m) => m.to[0] === email)!;
    expect(subjectOf(mail.raw)).toBe("Ihr Zugang zu Horizont");
    const text = readable(mail.raw);
    expect(text).toContain("Guten Tag Nora Neu,");
    const token = /http:\/\/localhost:3000\/set-password\?token=([A-Za-z0-9_-]+)/.exec(text)?.[1];
    expect(token).toBeTruthy();
    expect(await findPasswordToken(db, token!)).toBeTruthy();
  });

  it("a raised requirement notifies in the app and by mail, in the same transaction", async () => {
    const db = database().db;
    const w = await world(db);
    const [role] = await db.insert(roleDescriptions).values({ authorityId: w.authority.id, title: "Sachbearbeitung", payScheme: "TVöD", payGrade: "EG 9b" }).returning();
    await db.update(people).set({ roleDescriptionId: role.id }).where(eq(people.id, w.emma.id));
    const told = await db.transaction((tx) =>
      notifyRaisedRequirements(tx, { authorityId: w.authority.id, roleDescriptionId: role.id, roleTitle: "Sachbearbeitung", version: 2, before: { "c.interpreters": 1 }, after: { "c.interpreters": 2 }, at: new Date() }),
    );
    expect(told).toBe(1);
    const [n] = await db.select().from(notifications).where(eq(notifications.personId, w.emma.id));
    expect(n.mailedAt).not.toBeNull();
    const transport = smtpTransport(smtp.url);
    await runOutboxOnce(db, transport, options());
    transport.close();
    const mail = smtp.received.find((m) => m.to[0] === w.emma.email)!;
    expect(subjectOf(mail.raw)).toBe("Your role “Sachbearbeitung” now requires more");
    expect(readable(mail.raw)).toContain("http://localhost:3000/profile");
  });

  it("reminders 7 days before due and once overdue: queued once each, however often the schedule runs", async () => {
    const db = database().db;
    const w = await world(db);
    const [soon] = await db.insert(assignments).values({ authorityId: w.authority.id, personId: w.anna.id, courseId: "kommunikation-beratung", moduleId: "arbeiten-mit-dolmetschenden", dueOn: "2030-01-08" }).returning();
    const [late] = await db.insert(assignments).values({ authorityId: w.authority.id, personId: w.emma.id, courseId: "kommunikation-beratung", moduleId: null, dueOn: "2029-12-31" }).returning();
    // Anna's is due in 9 days: nothing for her yet; Emma's is due tomorrow: "due soon".
    await queueAssignmentReminders(db, "2029-12-30");
    expect((await db.select().from(outbox).where(eq(outbox.authorityId, w.authority.id))).map((r) => `${r.kind}:${r.personId === w.anna.id ? "anna" : "emma"}`)).toEqual(["assignment.due-soon:emma"]);
    // Two instances (or a restart) run the schedule on the same day and the next: one each.
    await queueAssignmentReminders(db, "2030-01-01");
    await queueAssignmentReminders(db, "2030-01-01");
    await queueAssignmentReminders(db, "2030-01-02");
    const rows = await db.select().from(outbox).where(eq(outbox.authorityId, w.authority.id));
    expect(rows.map((r) => `${r.kind}:${r.personId === w.anna.id ? "anna" : "emma"}`).sort()).toEqual(["assignment.due-soon:anna", "assignment.due-soon:emma", "assignment.overdue:emma"]);
    expect(rows.find((r) => r.kind === "assignment.due-soon" && r.personId === w.anna.id)!.dedupeKey).toBe(`assignment.due-soon:${soon.id}`);
    expect(rows.find((r) => r.kind === "assignment.overdue")!.subject).toContain("Overdue");
    expect(rows.find((r) => r.kind === "assignment.overdue")!.dedupeKey).toBe(`assignment.overdue:${late.id}`);
    // Once Anna's becomes overdue she gets that one too; a person who switched it off does not.
    await db.insert(mailOptOuts).values({ personId: w.anna.id, kind: "assignment.overdue" });
    await queueAssignmentReminders(db, "2030-01-09");
    expect((await db.select().from(outbox).where(eq(outbox.personId, w.anna.id))).map((r) => r.kind)).toEqual(["assignment.due-soon"]);
  });
});
