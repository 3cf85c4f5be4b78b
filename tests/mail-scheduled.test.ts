// The mails the calendar makes due (evidence about to expire, the leads' weekly digest), the
// retention of mail content (no set-password link stays in the outbox), and set-password links
// that go only by mail once a mail server is configured. Delivered through a real SMTP server
// (smtp-server on a loopback port); on PGlite and PostgreSQL.
import { and, eq, like } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { getLucia } from "~/auth/lucia.server";
import type { Queryable } from "~/db/client.server";
import { assignments, authorities, evidence, mailOptOuts, outbox, people } from "~/db/schema";
import { resetEnvForTests } from "~/env.server";
import { credentialKinds, pruneMailBodies } from "~/mail/outbox.server";
import { isoWeek, queueEvidenceExpiry, queueLeadDigests, queueScheduledMails } from "~/learning/scheduled-mails.server";
import { runOutboxOnce, smtpTransport, type WorkerOptions } from "~/mail/worker.server";
import { findPasswordToken } from "~/people/accounts.server";
import { action as mailChoicesAction, loader as mailChoicesLoader } from "~/routes/account_.mail";
import { action as editAccountAction } from "~/routes/admin.accounts.$personId";
import { action as newAccountAction } from "~/routes/admin.accounts.new";
import { describeEachDb } from "./support/db";
import { createAuthority, createPerson, createUnit } from "./support/fixtures";
import { readable, startSmtp, subjectOf } from "./support/smtp";

const options: WorkerOptions = { from: "Horizont <horizont@test.example>", maxTries: 3, backoffMs: 50, maxBackoffMs: 200, leaseMs: 60_000, batchSize: 50 };
const day = 86_400_000;
const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: { cspNonce: "", requestId: "test", clientAddress: "127.0.0.1" } });

async function cookieOf(personId: string) {
  const session = await getLucia().createSession(personId, {});
  return getLucia().createSessionCookie(session.id).serialize();
}
function postForm(path: string, cookie: string, body: URLSearchParams) {
  return new Request(`http://localhost${path}`, { method: "POST", headers: { Cookie: cookie, Origin: "http://localhost", "Content-Type": "application/x-www-form-urlencoded" }, body });
}

let smtp: Awaited<ReturnType<typeof startSmtp>>;
beforeAll(async () => {
  smtp = await startSmtp();
});
afterAll(() => smtp.stop());
afterEach(() => {
  delete process.env.SMTP_URL;
  resetEnvForTests();
});

async function deliver(db: Queryable) {
  const transport = smtpTransport(smtp.url);
  try {
    for (let i = 0; i < 5; i++) if ((await runOutboxOnce(db, transport, options)).claimed === 0) break;
  } finally {
    transport.close();
  }
}
const to = (address: string) => smtp.received.filter((m) => m.to[0] === address);

async function world(db: Queryable) {
  const authority = await createAuthority(db);
  const unit = await createUnit(db, authority.id, "Aufenthalt 1");
  const other = await createUnit(db, authority.id, "Einbürgerung");
  const jonas = await createPerson(db, { authorityId: authority.id, unitId: unit.id, roles: ["employee", "lead"], leads: [unit.id], givenName: "Jonas", familyName: "Weber" });
  const lea = await createPerson(db, { authorityId: authority.id, unitId: other.id, roles: ["employee", "lead"], leads: [other.id], givenName: "Lea", familyName: "Yilmaz" });
  const anna = await createPerson(db, { authorityId: authority.id, unitId: unit.id, givenName: "Anna", familyName: "Schmidt" });
  const emma = await createPerson(db, { authorityId: authority.id, unitId: unit.id, givenName: "Emma", familyName: "Brown" });
  const omar = await createPerson(db, { authorityId: authority.id, unitId: other.id, givenName: "Omar", familyName: "Haddad" });
  await db.update(people).set({ locale: "en" }).where(eq(people.id, emma.id));
  return { authority, unit, other, jonas, lea, anna, emma, omar };
}

async function addEvidence(db: Queryable, w: { authority: { id: string } }, personId: string, input: { level: number; validUntil: Date | null; source?: "quiz" | "self" | "observed"; competenceId?: string }) {
  const [row] = await db
    .insert(evidence)
    .values({ authorityId: w.authority.id, personId, competenceId: input.competenceId ?? "c.interpreters", level: input.level, source: input.source ?? "quiz", achievedAt: new Date(Date.now() - 300 * day), validUntil: input.validUntil })
    .returning();
  return row;
}

describeEachDb("mails the calendar makes due, and what the outbox keeps", ({ database }) => {
  it("evidence expiring within 60 days: one mail per evidence with the modules that renew it, however often the schedule runs", async () => {
    const db = database().db;
    const w = await world(db);
    const now = new Date();
    const soon = await addEvidence(db, w, w.anna.id, { level: 2, validUntil: new Date(now.getTime() + 30 * day) });
    // Emma (English) holds level 4: no module in the catalogue certifies that much.
    await addEvidence(db, w, w.emma.id, { level: 4, validUntil: new Date(now.getTime() + 10 * day) });
    // Not announced: later than 60 days, already expired, self-assessed, and Omar's that he already renewed.
    await addEvidence(db, w, w.anna.id, { level: 1, validUntil: new Date(now.getTime() + 90 * day), competenceId: "k.residence-paths" });
    await addEvidence(db, w, w.anna.id, { level: 1, validUntil: new Date(now.getTime() - day), competenceId: "k.residence-paths" });
    await addEvidence(db, w, w.anna.id, { level: 3, validUntil: new Date(now.getTime() + 5 * day), source: "self", competenceId: "k.residence-paths" });
    await addEvidence(db, w, w.omar.id, { level: 2, validUntil: new Date(now.getTime() + 20 * day) });
    await addEvidence(db, w, w.omar.id, { level: 2, validUntil: new Date(now.getTime() + 700 * day) });

    // Two instances (or a restart) run the schedule: each evidence is announced once.
    await Promise.all([queueScheduledMails(db, now), queueEvidenceExpiry(db, now)]);
    await queueEvidenceExpiry(db, new Date(now.getTime() + 2 * day));
    const rows = await db.select().from(outbox).where(and(eq(outbox.authorityId, w.authority.id), eq(outbox.kind, "evidence.expiring")));
    expect(rows.map((r) => r.personId).sort()).toEqual([w.anna.id, w.emma.id].sort());
    expect(rows.find((r) => r.personId === w.anna.id)!.dedupeKey).toContain(soon.id);

    await deliver(db);
    const [anna] = to(w.anna.email);
    expect(to(w.anna.email)).toHaveLength(1);
    expect(subjectOf(anna.raw)).toMatch(/^Ihr Nachweis für „Arbeiten mit Dolmetschenden“ läuft am \d{1,2}\. \S+ \d{4} ab$/);
    const text = readable(anna.raw);
    expect(text).toContain("(Stufe 2) gilt nur noch bis zum");
    expect(text).toContain("Mit diesen Modulen erneuern Sie ihn:");
    expect(text).toContain("- Arbeiten mit Dolmetschenden und Sprachmittlung (Kurs „");
    expect(text).toContain("http://localhost:3000/courses/kommunikation-beratung/arbeiten-mit-dolmetschenden");
    expect(text).toContain("Zu Ihrem Kompetenzprofil: http://localhost:3000/profile");
    expect(text).toMatch(/<li><a href="http:\/\/localhost:3000\/courses\/kommunikation-beratung\/arbeiten-mit-dolmetschenden"/);
    const emma = to(w.emma.email);
    expect(emma).toHaveLength(1);
    expect(subjectOf(emma[0].raw)).toMatch(/^Your evidence for “Working with interpreters” expires on /);
    expect(readable(emma[0].raw)).toContain("No module in Horizont renews this evidence.");
    expect(to(w.omar.email)).toHaveLength(0);
  });

  it("a person who switched expiry notices off on /account/mail gets none", async () => {
    const db = database().db;
    const w = await world(db);
    const cookie = await cookieOf(w.anna.id);
    // Everything optional stays on except the expiry notice.
    const body = new URLSearchParams([["on", "assignment.due-soon"], ["on", "assignment.overdue"], ["on", "requirements.raised"]]);
    const res = (await mailChoicesAction(args(postForm("/account/mail", cookie, body)))) as Response;
    expect(res.status).toBe(302);
    await addEvidence(db, w, w.anna.id, { level: 2, validUntil: new Date(Date.now() + 30 * day) });
    await queueEvidenceExpiry(db, new Date());
    expect(await db.select().from(outbox).where(eq(outbox.personId, w.anna.id))).toEqual([]);
  });

  it("a lead who opted in gets one weekly digest of their own teams' overdue assignments; others get none", async () => {
    const db = database().db;
    const w = await world(db);
    const now = new Date("2030-03-13T09:00:00Z"); // a Wednesday, ISO week 2030-W11
    await db.insert(assignments).values([
      { authorityId: w.authority.id, personId: w.anna.id, courseId: "kommunikation-beratung", moduleId: "arbeiten-mit-dolmetschenden", dueOn: "2030-03-01" },
      { authorityId: w.authority.id, personId: w.emma.id, courseId: "kommunikation-beratung", moduleId: null, dueOn: "2030-03-10" },
      // Not overdue yet, Jonas's own, and another team's: not in Jonas's digest.
      { authorityId: w.authority.id, personId: w.anna.id, courseId: "kommunikation-beratung", moduleId: null, dueOn: "2030-04-01" },
      { authorityId: w.authority.id, personId: w.jonas.id, courseId: "kommunikation-beratung", moduleId: "arbeiten-mit-dolmetschenden", dueOn: "2030-03-01" },
      { authorityId: w.authority.id, personId: w.omar.id, courseId: "kommunikation-beratung", moduleId: "arbeiten-mit-dolmetschenden", dueOn: "2030-03-01" },
    ]);
    // Off unless switched on: nothing yet, for anyone.
    expect(await queueLeadDigests(db, now)).toBe(0);
    // Jonas switches it on in /account/mail; the page offers it to him because he leads a team.
    const cookie = await cookieOf(w.jonas.id);
    const page = await mailChoicesLoader(args(new Request("http://localhost/account/mail", { headers: { Cookie: cookie } })));
    expect(page).toMatchObject({ lead: true, digestAllowed: true, choices: { "digest.lead-overdue": false, "evidence.expiring": true } });
    const body = new URLSearchParams([["on", "assignment.due-soon"], ["on", "digest.lead-overdue"]]);
    expect(((await mailChoicesAction(args(postForm("/account/mail", cookie, body)))) as Response).status).toBe(302);
    expect(await mailChoicesLoader(args(new Request("http://localhost/account/mail", { headers: { Cookie: cookie } })))).toMatchObject({
      choices: { "digest.lead-overdue": true, "assignment.overdue": false, "assignment.due-soon": true },
    });

    // Two instances run the schedule all week: one digest.
    await Promise.all([queueLeadDigests(db, now), queueLeadDigests(db, now)]);
    await queueLeadDigests(db, new Date("2030-03-17T20:00:00Z")); // Sunday of the same week
    let digests = await db.select().from(outbox).where(and(eq(outbox.authorityId, w.authority.id), eq(outbox.kind, "digest.lead-overdue")));
    expect(digests.map((d) => d.personId)).toEqual([w.jonas.id]);
    expect(digests[0].dedupeKey).toBe(`digest.lead-overdue:${w.jonas.id}:2030-W11`);
    await deliver(db);
    const mails = to(w.jonas.email);
    expect(mails).toHaveLength(1);
    expect(subjectOf(mails[0].raw)).toBe("Wochenübersicht: 2 überfällige Lernaufgaben in Ihren Teams");
    const text = readable(mails[0].raw);
    expect(text).toContain("- Anna Schmidt: „Arbeiten mit Dolmetschenden und Sprachmittlung“, fällig seit 1. März 2030");
    expect(text).toContain("- Emma Brown: „");
    expect(text).not.toContain("Omar");
    expect(text).not.toContain("Jonas Weber:");
    expect(text).toContain("Zur Teamübersicht: http://localhost:3000/team#open-assignments");
    expect(to(w.lea.email)).toHaveLength(0);

    // The next week brings the next digest.
    await queueLeadDigests(db, new Date("2030-03-18T06:00:00Z"));
    digests = await db.select().from(outbox).where(and(eq(outbox.authorityId, w.authority.id), eq(outbox.kind, "digest.lead-overdue")));
    expect(digests.map((d) => d.dedupeKey).sort()).toEqual([`digest.lead-overdue:${w.jonas.id}:2030-W11`, `digest.lead-overdue:${w.jonas.id}:2030-W12`]);
  });

  it("no digest where the authority does not let leads see individual members (and /account/mail says why)", async () => {
    const db = database().db;
    const w = await world(db);
    await db.insert(mailOptOuts).values({ personId: w.jonas.id, kind: "digest.lead-overdue", off: false });
    await db.insert(assignments).values({ authorityId: w.authority.id, personId: w.anna.id, courseId: "kommunikation-beratung", moduleId: null, dueOn: "2030-03-01" });
    await db.update(authorities).set({ settings: { leadsSeeIndividualProfiles: false } }).where(eq(authorities.id, w.authority.id));
    expect(await queueLeadDigests(db, new Date("2030-03-13T09:00:00Z"))).toBe(0);
    const page = await mailChoicesLoader(args(new Request("http://localhost/account/mail", { headers: { Cookie: await cookieOf(w.jonas.id) } })));
    expect(page).toMatchObject({ lead: true, digestAllowed: false });
    // Anna leads nothing: the choice is not offered to her.
    expect(await mailChoicesLoader(args(new Request("http://localhost/account/mail", { headers: { Cookie: await cookieOf(w.anna.id) } })))).toMatchObject({ lead: false, digestAllowed: false });
  });

  it("ISO weeks: the digest's week turns on Monday, and the year's first week holds its first Thursday", () => {
    expect(isoWeek("2030-03-17")).toBe("2030-W11");
    expect(isoWeek("2030-03-18")).toBe("2030-W12");
    expect(isoWeek("2026-12-31")).toBe("2026-W53");
    expect(isoWeek("2027-01-03")).toBe("2026-W53");
    expect(isoWeek("2027-01-04")).toBe("2027-W01");
  });

  it("with SMTP_URL the admin page says the welcome mail went out and shows no link; the link arrives by mail, and leaves the outbox once sent", async () => {
    const db = database().db;
    const w = await world(db);
    const admin = await createPerson(db, { authorityId: w.authority.id, roles: ["employee", "admin"] });
    process.env.SMTP_URL = smtp.url;
    resetEnvForTests();
    const cookie = await cookieOf(admin.id);
    const email = `neu-${crypto.randomUUID().slice(0, 8)}@test.example`;
    const body = new URLSearchParams([["submissionId", crypto.randomUUID()], ["givenName", "Nora"], ["familyName", "Neu"], ["email", email], ["fte", "1"], ["roles", "employee"]]);
    const res = (await newAccountAction(args(postForm("/admin/accounts/new", cookie, body)))) as { created: { personId: string; mailedTo: string | null; link: string | null } };
    expect(res.created).toMatchObject({ mailedTo: email, link: null });
    expect(JSON.stringify(res)).not.toContain("set-password");

    // A new link from the account page goes by mail too.
    const again = await editAccountAction(args(postForm(`/admin/accounts/${res.created.personId}`, cookie, new URLSearchParams({ intent: "link" })), { personId: res.created.personId }));
    expect(again).toEqual({ mailedTo: email });

    await deliver(db);
    const mails = to(email);
    expect(mails).toHaveLength(2);
    const tokens = mails.map((m) => /http:\/\/localhost:3000\/set-password\?token=([A-Za-z0-9_-]+)/.exec(readable(m.raw))?.[1]);
    for (const token of tokens) expect(await findPasswordToken(db, token!)).toBeTruthy();
    // Sent: nothing of the link stays in the outbox (body, HTML, dedupe key), only the record of delivery.
    const rows = await db.select().from(outbox).where(eq(outbox.toAddress, email));
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row).toMatchObject({ kind: "account.welcome", status: "sent", textBody: "", htmlBody: "", attachments: [], subject: "Ihr Zugang zu Horizont" });
      for (const token of tokens) expect(JSON.stringify(row)).not.toContain(token!.slice(0, 8));
    }
  });

  it("without SMTP_URL (the demo) the admin still sees the link", async () => {
    const db = database().db;
    const w = await world(db);
    const admin = await createPerson(db, { authorityId: w.authority.id, roles: ["employee", "admin"] });
    const cookie = await cookieOf(admin.id);
    const body = new URLSearchParams([["submissionId", crypto.randomUUID()], ["givenName", "Nora"], ["familyName", "Demo"], ["email", `demo-${crypto.randomUUID().slice(0, 8)}@test.example`], ["fte", "1"], ["roles", "employee"]]);
    const res = (await newAccountAction(args(postForm("/admin/accounts/new", cookie, body)))) as { created: { link: string | null; mailedTo: string | null } };
    expect(res.created.mailedTo).toBeNull();
    expect(res.created.link).toMatch(/^http:\/\/localhost\/set-password\?token=/);
  });

  it("retention: failed and sent mails lose their content after MAIL_KEEP_DAYS, an unsent set-password link is given up when it expires", async () => {
    const db = database().db;
    const w = await world(db);
    const base = { authorityId: w.authority.id, toName: "X", locale: "de", subject: "Betreff", textBody: "Text mit Inhalt", htmlBody: "<p>Inhalt</p>", attachments: [{ filename: "a.ics", contentType: "text/calendar", content: "X" }] };
    const old = new Date(Date.now() - 8 * day);
    const tag = crypto.randomUUID().slice(0, 8);
    await db.insert(outbox).values([
      { ...base, personId: w.anna.id, kind: "assignment.created", dedupeKey: `r:${tag}:sent-old`, toAddress: "a@test.example", status: "sent", createdAt: old, sentAt: old },
      { ...base, personId: w.anna.id, kind: "assignment.created", dedupeKey: `r:${tag}:failed-old`, toAddress: "a@test.example", status: "failed", createdAt: old },
      { ...base, personId: w.anna.id, kind: "assignment.created", dedupeKey: `r:${tag}:sent-new`, toAddress: "a@test.example", status: "sent", sentAt: new Date() },
      { ...base, personId: w.anna.id, kind: "assignment.created", dedupeKey: `r:${tag}:pending-old`, toAddress: "a@test.example", status: "pending", createdAt: old },
      { ...base, personId: w.anna.id, kind: credentialKinds[0], dedupeKey: `r:${tag}:welcome-old`, toAddress: "a@test.example", status: "pending", createdAt: old },
      { ...base, personId: w.anna.id, kind: credentialKinds[0], dedupeKey: `r:${tag}:welcome-new`, toAddress: "a@test.example", status: "pending" },
    ]);
    await pruneMailBodies(db, 7);
    await pruneMailBodies(db, 7); // the hourly job on a second instance changes nothing more
    const rows = await db.select().from(outbox).where(like(outbox.dedupeKey, `r:${tag}:%`));
    const byKey = Object.fromEntries(rows.map((r) => [r.dedupeKey.split(":")[2], r]));
    const empty = { textBody: "", htmlBody: "", attachments: [] };
    expect(byKey["sent-old"]).toMatchObject({ ...empty, status: "sent", subject: "Betreff", toAddress: "a@test.example" });
    expect(byKey["failed-old"]).toMatchObject({ ...empty, status: "failed" });
    expect(byKey["welcome-old"]).toMatchObject({ ...empty, status: "failed", lastError: "link expired before it could be sent" });
    // Still to be sent, or recent: kept.
    expect(byKey["sent-new"].textBody).toBe("Text mit Inhalt");
    expect(byKey["pending-old"]).toMatchObject({ status: "pending", textBody: "Text mit Inhalt" });
    expect(byKey["welcome-new"]).toMatchObject({ status: "pending", textBody: "Text mit Inhalt" });
  });
});
