// xAPI 1.0.3: each learning event writes statements in its own transaction; every statement is
// valid against the statement schema (tests/fixtures/xapi/statement.schema.json, written from the
// spec); the worker sends them to a real HTTP learning record store, retries while it is down,
// and delivers each statement once even with two workers or a repeated send. A corrected
// attendance voids its "attended" statement (once); attended again, a new statement follows.
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { and, eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { getCourse } from "~/courses/catalog.server";
import type { Actor } from "~/auth/permissions";
import { markOpened } from "~/courses/progress.server";
import { auditLog, xapiStatements } from "~/db/schema";
import { getLucia } from "~/auth/lucia.server";
import { auditActionKey } from "~/reports/audit-describe";
import { translator } from "~/i18n/i18n";
import { action as settingsAction, loader as settingsLoader } from "~/routes/admin.settings";
import { createEvent, recordAttendance, registerForEvent } from "~/events/events.server";
import type { Queryable } from "~/db/client.server";
import { attendedKey, queueCredentialStatement, queueEventAttended, queueModuleOpened, queueQuizAttempt, statementsOf, voidStatements } from "~/xapi/statements.server";
import { defaultXapiOptions, lrsClient, runXapiOnce } from "~/xapi/worker.server";
import { defaultQueueOptions } from "~/ops/queue.server";
import { describeEachDb } from "./support/db";
import { createAuthority, createPerson, eventInput } from "./support/fixtures";

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
if (!ajv.formats.iri) ajv.addFormat("iri", /^[a-z][a-z0-9+.-]*:[^\s]+$/i);
const validate = ajv.compile(JSON.parse(fs.readFileSync("tests/fixtures/xapi/statement.schema.json", "utf8")));

/**
 * A port nothing listens on (the system's choice, released at once): the LRS that is down, and
 * later started there. Never a fixed port, which another test file or run may be using.
 */
async function unusedPort() {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", () => resolve()));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * A tiny LRS: stores statements by id (a known id answers 409 unless identical), counts POSTs.
 * Each answer closes its connection: a kept-alive socket that the server closes while the client
 * reuses it (its idle timeout, or the server stopped) would fail a send at random with ECONNRESET.
 */
function startLrs(port: number) {
  const stored = new Map<string, unknown>();
  const posts: string[] = [];
  const auth: (string | undefined)[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      auth.push(req.headers.authorization);
      res.setHeader("Connection", "close");
      if (req.method !== "POST" || !req.url?.startsWith("/xapi/statements") || req.headers["x-experience-api-version"] !== "1.0.3") {
        res.writeHead(400).end("bad request");
        return;
      }
      const statement = JSON.parse(body) as { id: string };
      posts.push(statement.id);
      if (stored.has(statement.id) && JSON.stringify(stored.get(statement.id)) !== body) {
        res.writeHead(409).end("conflict");
        return;
      }
      stored.set(statement.id, statement);
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify([statement.id]));
    });
  });
  return new Promise<{ stored: typeof stored; posts: string[]; auth: typeof auth; client: ReturnType<typeof clientFor>; close: () => Promise<void> }>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const { port: bound } = server.address() as net.AddressInfo;
      resolve({ stored, posts, auth, client: clientFor(bound), close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

const clientFor = (port: number) => lrsClient({ endpoint: `http://127.0.0.1:${port}/xapi`, username: "horizont", password: "lrs-secret" });
const fast = { ...defaultQueueOptions, backoffMs: 1000, maxTries: 50 };

async function learningEvents(db: Queryable) {
  const authority = await createAuthority(db);
  const anna = await createPerson(db, { authorityId: authority.id });
  const course = getCourse("aufenthalt-und-netzwerk")!;
  const module = course.modules[0];
  const now = new Date("2026-03-10T09:00:00Z");
  const who = { authorityId: authority.id, personId: anna.id };
  await db.transaction(async (tx) => {
    if (await markOpened(tx, { ...who, courseId: course.id, moduleId: module.id, today: "2026-03-10" }))
      await queueModuleOpened(tx, { ...who, courseId: course.id, courseTitle: course.title, moduleId: module.id, moduleTitle: module.title, now });
  });
  const attempt = { ...who, courseId: course.id, moduleId: module.id, moduleTitle: module.title, maxPoints: 10, now };
  await queueQuizAttempt(db, { ...attempt, attemptId: "7d0b5c5e-8f0e-4c1b-9a57-0c7d4f1f0a01", points: 4, passed: false });
  await queueQuizAttempt(db, { ...attempt, attemptId: "7d0b5c5e-8f0e-4c1b-9a57-0c7d4f1f0a02", points: 9, passed: true });
  await queueEventAttended(db, { ...who, registrationId: "11111111-2222-4333-8444-555555555555", eventId: "21111111-2222-4333-8444-555555555555", title: "Deeskalation im Kundengespräch", now });
  await queueCredentialStatement(db, {
    ...who,
    credential: { id: "urn:uuid:31111111-2222-4333-8444-555555555555", name: course.title, credentialSubject: { achievement: { id: `http://localhost/courses/${course.id}`, name: course.title } } },
    now,
  });
  // The same events again (a repeated request, a second opening) add nothing.
  await queueEventAttended(db, { ...who, registrationId: "11111111-2222-4333-8444-555555555555", eventId: "21111111-2222-4333-8444-555555555555", title: "Deeskalation im Kundengespräch", now });
  expect(await markOpened(db, { ...who, courseId: course.id, moduleId: module.id, today: "2026-03-11" })).toBe(false);
  return anna;
}

beforeAll(() => {
  expect(validate({ actor: { mbox: "x" }, verb: { id: "nope" }, object: {} })).toBe(false);
  // A voiding statement must point at a statement, not an activity.
  const actor = { account: { homePage: "https://horizont.test", name: "p" } };
  const voided = { id: "http://adlnet.gov/expapi/verbs/voided" };
  expect(validate({ actor, verb: voided, object: { objectType: "Activity", id: "https://horizont.test/events/x" } })).toBe(false);
  expect(validate({ actor, verb: voided, object: { objectType: "StatementRef", id: "not-a-uuid" } })).toBe(false);
  expect(validate({ actor, verb: voided, object: { objectType: "StatementRef", id: "11111111-2222-4333-8444-555555555555" } })).toBe(true);
});

describeEachDb("xAPI statements", ({ database }) => {
  it("every learning event becomes a schema-valid statement with ADL verbs and stable IRIs; the person downloads their own", async () => {
    const db = database().db;
    const anna = await learningEvents(db);
    const own = (await statementsOf(db, anna.id)) as { verb: { id: string }; object: { id: string }; actor: { account: { name: string } } }[];
    expect(own.map((s) => s.verb.id).sort()).toEqual(
      [
      "http://adlnet.gov/expapi/verbs/launched",
      "http://adlnet.gov/expapi/verbs/attempted",
      "http://adlnet.gov/expapi/verbs/failed",
      "http://adlnet.gov/expapi/verbs/attempted",
      "http://adlnet.gov/expapi/verbs/passed",
      "http://adlnet.gov/expapi/verbs/attended",
      "http://id.tincanapi.com/verb/earned",
      ].sort(),
    );
    for (const s of own) {
      const ok = validate(s);
      expect(ok, JSON.stringify(validate.errors)).toBe(true);
      // Pseudonymous actor: the person's id, never a name or mail address.
      expect(s.actor.account.name).toBe(anna.id);
      expect(JSON.stringify(s)).not.toContain(anna.email);
    }
    expect(own.find((s) => s.verb.id.endsWith("/launched"))!.object.id).toMatch(/\/courses\/aufenthalt-und-netzwerk\/[a-z-]+$/);
    const other = await createPerson(db, { authorityId: anna.authorityId });
    expect(await statementsOf(db, other.id)).toEqual([]);
  });

  it("the worker sends to a real LRS, retries while it is down, and delivers each statement once", async () => {
    const db = database().db;
    await db.delete(xapiStatements);
    await learningEvents(db);
    const t0 = new Date();
    const port = await unusedPort();
    const client = clientFor(port);
    // LRS down: nothing is lost, every row waits for a retry with the error.
    const down = await runXapiOnce(db, client, fast, t0);
    expect(down).toMatchObject({ claimed: 7, sent: 0, retried: 7 });
    const waiting = await db.select().from(xapiStatements);
    expect(waiting.every((r) => r.status === "pending" && r.tries === 1 && r.lastError?.includes("ECONNREFUSED"))).toBe(true);
    expect(waiting.some((r) => r.lastError?.includes("lrs-secret"))).toBe(false);

    const lrs = await startLrs(port);
    try {
      // Not yet due: the back-off holds.
      expect((await runXapiOnce(db, client, fast, new Date(t0.getTime() + 10))).claimed).toBe(0);
      // Two workers at once after the back-off.
      const later = new Date(t0.getTime() + 5_000);
      const [a, b] = await Promise.all([runXapiOnce(db, client, fast, later), runXapiOnce(db, client, fast, later)]);
      expect(a.sent + b.sent).toBe(7);
      expect(lrs.posts).toHaveLength(7);
      expect(new Set(lrs.posts).size).toBe(7);
      expect(lrs.auth.every((h) => h === `Basic ${Buffer.from("horizont:lrs-secret").toString("base64")}`)).toBe(true);
      for (const s of lrs.stored.values()) expect(validate(s)).toBe(true);
      // A crash between sending and recording: the row is sent again, the LRS keeps one statement.
      const [one] = await db.select().from(xapiStatements).limit(1);
      await db.update(xapiStatements).set({ status: "pending", sentAt: null }).where(eq(xapiStatements.id, one.id));
      expect(await runXapiOnce(db, client, fast, new Date(t0.getTime() + 60_000))).toMatchObject({ claimed: 1, sent: 1 });
      expect(lrs.stored.size).toBe(7);
      const rows = await db.select().from(xapiStatements);
      expect(rows.every((r) => r.status === "sent" && r.sentAt)).toBe(true);
      expect(await runXapiOnce(db, client, fast, new Date(t0.getTime() + 120_000))).toMatchObject({ claimed: 0 });
    } finally {
      await lrs.close();
    }
  });

  it("a corrected attendance voids the attended statement once, in the same transaction; attended again, a new statement", async () => {
    const db = database().db;
    await db.delete(xapiStatements);
    const authority = await createAuthority(db);
    const hrPerson = await createPerson(db, { authorityId: authority.id, roles: ["hr"], withPassword: false });
    const hr: Actor = { id: hrPerson.id, authorityId: authority.id, roles: ["hr"], ledUnitIds: [] };
    const gina = await createPerson(db, { authorityId: authority.id, withPassword: false });
    const at = (day: number) => new Date(Date.UTC(2026, 2, day, 12));
    const eventId = await createEvent(
      db,
      hr,
      eventInput({ title: "Deeskalation im Kundengespräch", capacity: 5, deadlineDate: "2026-03-18", sessions: [{ date: "2026-03-20", start: "09:00", end: "16:00" }] }),
      at(1),
    );
    await registerForEvent(db, { id: gina.id, authorityId: authority.id, roles: ["employee"], ledUnitIds: [] }, eventId, gina.id, at(2));
    const attend = (attendance: "full" | "partial" | "absent", day: number) =>
      db.transaction((tx) => recordAttendance(tx, hr, eventId, [{ personId: gina.id, attendance }], at(day)));
    type S = { id: string; verb: { id: string }; object: { objectType: string; id: string } };
    const own = async () => (await statementsOf(db, gina.id)) as S[];

    await attend("full", 21);
    const [attended] = await own();
    expect(attended.verb.id).toBe("http://adlnet.gov/expapi/verbs/attended");

    // Corrected to absent: one voiding statement pointing at the attended one.
    await attend("absent", 22);
    // Corrected again (absent → partial) and a repeated voiding: nothing more.
    await attend("partial", 23);
    const [registrationKey] = await db.select({ key: xapiStatements.dedupeKey }).from(xapiStatements).where(and(eq(xapiStatements.personId, gina.id), eq(xapiStatements.id, attended.id)));
    expect(await voidStatements(db, { authorityId: authority.id, personId: gina.id, dedupeKey: registrationKey.key, now: at(23) })).toBe(0);
    const afterCorrection = await own();
    expect(afterCorrection.map((s) => s.verb.id)).toEqual(["http://adlnet.gov/expapi/verbs/attended", "http://adlnet.gov/expapi/verbs/voided"]);
    expect(afterCorrection[1].object).toEqual({ objectType: "StatementRef", id: attended.id });

    // Attended in full again (after a correction): a new attended statement with a new id.
    await attend("full", 24);
    const all = await own();
    const verbOf = (s: S) => s.verb.id.split("/").pop();
    expect(all.map(verbOf).sort()).toEqual(["attended", "attended", "voided"]);
    const attendedAgain = all.filter((s) => verbOf(s) === "attended" && s.id !== attended.id);
    expect(attendedAgain).toHaveLength(1);
    // Only the first is voided.
    expect(all.filter((s) => verbOf(s) === "voided").map((s) => s.object.id)).toEqual([attended.id]);
    // A repeat of the same learning event still adds nothing.
    expect(await queueEventAttended(db, { authorityId: authority.id, personId: gina.id, registrationId: registrationKey.key.slice("attended:".length), eventId, title: "x", now: at(24) })).toBe(false);
    expect(attendedKey(registrationKey.key.slice("attended:".length))).toBe(registrationKey.key);
    for (const s of all) expect(validate(s), JSON.stringify(validate.errors)).toBe(true);

    // The LRS receives the voiding statement once, even with two workers.
    const lrs = await startLrs(0);
    const client = lrs.client;
    try {
      // Two workers at once: each row is claimed by one of them and sent on the first try.
      const clock = Date.now() + 1000;
      const [a, b] = await Promise.all([runXapiOnce(db, client, fast, new Date(clock)), runXapiOnce(db, client, fast, new Date(clock))]);
      expect(a.claimed + b.claimed).toBe(3);
      expect(a.sent + b.sent).toBe(3);
      expect((await db.select().from(xapiStatements)).every((r) => r.status === "sent")).toBe(true);
      expect(await runXapiOnce(db, client, fast, new Date(clock + 3_600_000))).toMatchObject({ claimed: 0 });
      expect(lrs.stored.size).toBe(3);
      const voiding = [...lrs.stored.values()].filter((s) => (s as S).verb.id === "http://adlnet.gov/expapi/verbs/voided") as S[];
      expect(voiding).toHaveLength(1);
      expect(voiding[0].object.id).toBe(attended.id);
      expect(lrs.posts.filter((id) => id === voiding[0].id)).toHaveLength(1);
      for (const s of lrs.stored.values()) expect(validate(s)).toBe(true);
    } finally {
      await lrs.close();
    }
  });
  it("statements that failed after 50 tries are listed for the admin on the settings page; \"erneut senden\" resets the tries once (audited) and the worker sends it", async () => {
    const db = database().db;
    await db.delete(xapiStatements);
    const anna = await learningEvents(db);
    const admin = await createPerson(db, { authorityId: anna.authorityId, roles: ["admin"], withPassword: false });
    const hr = await createPerson(db, { authorityId: anna.authorityId, roles: ["hr"], withPassword: false });
    // The LRS stays down: every statement is tried the maximum number of times, then given up.
    expect(defaultXapiOptions.maxTries).toBe(50);
    const port = await unusedPort();
    const client = clientFor(port);
    let clock = Date.now();
    for (let run = 0; run < defaultXapiOptions.maxTries; run++, clock += 2 * 3_600_000) await runXapiOnce(db, client, defaultXapiOptions, new Date(clock));
    const rows = await db.select().from(xapiStatements);
    expect(rows.map((r) => [r.status, r.tries])).toEqual(rows.map(() => ["failed", 50]));
    expect(await runXapiOnce(db, client, defaultXapiOptions, new Date(clock))).toMatchObject({ claimed: 0 });

    const args = (request: Request) => ({ request, params: {}, context: { cspNonce: "", requestId: "test", clientAddress: "127.0.0.1" } });
    const cookieOf = async (personId: string) => getLucia().createSessionCookie((await getLucia().createSession(personId, {})).id).serialize();
    const adminCookie = await cookieOf(admin.id);
    const page = async () => (await settingsLoader(args(new Request("http://localhost/admin/settings", { headers: { Cookie: adminCookie } })))).xapi;
    const submit = async (cookie: string, fields: Record<string, string>) =>
      (await settingsAction(
        args(new Request("http://localhost/admin/settings", { method: "POST", headers: { Cookie: cookie, Origin: "http://localhost", "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields) })),
      ).catch((e: unknown) => e)) as Response;

    const before = await page();
    expect(before).toMatchObject({ failed: 7, pending: 0, maxTries: 50 });
    const passed = before.list.find((r) => r.verb["en-US"] === "passed")!;
    expect(passed).toMatchObject({ person: `${anna.givenName} ${anna.familyName}`, tries: 50, verb: { "de-DE": "hat bestanden" } });
    expect(passed.object).toMatch(/^Quiz: /);
    expect(passed.lastError).toContain("ECONNREFUSED");
    expect(passed.lastError).not.toContain("lrs-secret");

    const submissionId = crypto.randomUUID();
    const retry = { intent: "retryXapi", submissionId, statementId: passed.id };
    expect((await submit(adminCookie, retry)).headers.get("Location")).toBe("/admin/settings?xapi=retried#xapi");
    const [again] = await db.select().from(xapiStatements).where(eq(xapiStatements.id, passed.id));
    expect(again).toMatchObject({ status: "pending", tries: 0 });
    // The same form again, and a new form for the same statement: nothing more is changed or logged.
    expect((await submit(adminCookie, retry)).headers.get("Location")).toBe("/admin/settings?xapi=retried#xapi");
    expect((await submit(adminCookie, { ...retry, submissionId: crypto.randomUUID() })).headers.get("Location")).toBe("/admin/settings?xapi=unchanged#xapi");
    const audited = await db.select().from(auditLog).where(and(eq(auditLog.authorityId, anna.authorityId), eq(auditLog.action, "xapi.retry")));
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ actorId: admin.id, subjectPersonId: anna.id, details: { statementId: passed.id, tries: 50 } });
    // The audit log names it in both languages.
    expect(auditActionKey("xapi.retry")).toBe("hr.audit.actions.xapi.retry");
    expect(translator("de")("hr.audit.actions.xapi.retry")).toBe("xAPI-Aussage erneut zum Senden freigegeben");
    expect(translator("en")("hr.audit.actions.xapi.retry")).toBe("xAPI statement released for sending again");
    expect(await page()).toMatchObject({ failed: 6, pending: 1 });

    // HR may not; another authority's admin finds no such statement; a broken id is refused.
    expect((await submit(await cookieOf(hr.id), { ...retry, submissionId: crypto.randomUUID() })).status).toBe(403);
    const elsewhere = await createAuthority(db);
    const otherAdmin = await createPerson(db, { authorityId: elsewhere.id, roles: ["admin"], withPassword: false });
    const foreign = before.list.find((r) => r.id !== passed.id)!;
    expect((await submit(await cookieOf(otherAdmin.id), { ...retry, submissionId: crypto.randomUUID(), statementId: foreign.id })).status).toBe(404);
    expect((await submit(adminCookie, { ...retry, submissionId: crypto.randomUUID(), statementId: "not-a-uuid" })).status).toBe(400);
    expect((await db.select().from(xapiStatements).where(eq(xapiStatements.id, foreign.id)))[0]).toMatchObject({ status: "failed", tries: 50 });

    // The LRS is back: the worker sends the statement released again, and only that one.
    const lrs = await startLrs(port);
    try {
      for (let pass = 0; pass < 3 && (await db.select().from(xapiStatements).where(eq(xapiStatements.status, "pending"))).length; pass++) {
        clock += 60_000;
        await runXapiOnce(db, client, defaultXapiOptions, new Date(clock));
      }
      expect([...lrs.stored.keys()]).toEqual([passed.id]);
      expect((await db.select().from(xapiStatements).where(eq(xapiStatements.id, passed.id)))[0].status).toBe("sent");
    } finally {
      await lrs.close();
    }
  });
});
