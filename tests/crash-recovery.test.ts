// The app killed with SIGKILL in the middle of quiz submissions, then started again, on a
// PostgreSQL server database: every submission that was acknowledged (a redirect to its graded
// attempt) is stored exactly once; nothing is half-written (a claimed submission id without its
// attempt, an attempt whose draw is still open, a passed attempt without its evidence or progress,
// evidence for a failed one); every attempt stored belongs to a submission that was sent; and a
// submission whose answer was lost in the crash, sent again after the restart, is stored once.
// Runs only when TEST_DATABASE_URL is set (PGlite is one process and dies with the app).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { h } from "./support/http-server";
import { adminClient, postgresTemplateName, withDatabase } from "./support/template";
import { testPort } from "./support/ports";

const url = process.env.TEST_DATABASE_URL;
const quizModule = "/courses/kommunikation-beratung/aktiv-zuhoeren";
// One worker per person: a person has one open draw per module at a time.
const emails = ["anna.schmidt", "mehmet.demir", "tobias.becker", "lukas.hoffmann", "daniel.fischer", "felix.braun"].map((n) => `${n}@musterstadt.example`);

interface Sent {
  submissionId: string;
  body: string;
  cookie: string;
  /** The attempt the answer redirected to; null when no answer came (the crash). */
  attemptId: string | null;
  status: number | string;
  /** What the server said when it refused the submission. */
  answer?: string;
}

interface KeyQuestion {
  id: string;
  kind: "single" | "multiple" | "judgement";
  options: { value: string; correct: boolean; points: number }[];
}

/** The answer key of the version the page shows, from the server's course cache (never sent to the browser). */
function keyOf(html: string): KeyQuestion[] {
  const [courseId, moduleId] = quizModule.split("/").slice(2);
  const hash = new RegExp(`/course-code/${courseId}/${moduleId}\\.([0-9a-f]{20})\\.js`).exec(html)?.[1];
  if (!hash) throw new Error("no course code on the module page");
  const file = path.resolve(import.meta.dirname, "..", ".cache/courses", courseId, `${moduleId}.${hash}.key.json`);
  return JSON.parse(fs.readFileSync(file, "utf8")).key.questions;
}

/**
 * The quiz form on a module page, answered at random or with the best answers (so that some
 * attempts pass). Which items the form shows, and each option's display value, come from the draw
 * the page names (its id is the form's submission id) as the server stored it: the answers do not
 * depend on reading option texts out of the HTML. The page must show every drawn item.
 */
async function quizForm(html: string, best: boolean, sql: ReturnType<typeof postgres>) {
  const submissionId = h.hiddenValue(html, "submissionId");
  const contentHash = h.hiddenValue(html, "contentHash");
  if (!submissionId || !contentHash) throw new Error("no quiz form on the module page");
  const [draw] = await sql`select items from quiz_draws where id = ${submissionId}::uuid`;
  if (!draw) throw new Error(`the page's draw ${submissionId} is not stored`);
  const items = draw.items as { id: string; options: string[] }[];
  const shown = new Set([...html.matchAll(/\bname="q-([^"]+)"/g)].map((m) => m[1]));
  const notShown = items.filter((item) => !shown.has(item.id)).map((item) => item.id);
  if (notShown.length) throw new PageError(`the quiz form lacks drawn items ${notShown.join(", ")}`);
  const key = best ? keyOf(html) : [];
  const body = new URLSearchParams({ intent: "quiz", submissionId, contentHash });
  for (const item of items) {
    const q = key.find((k) => k.id === item.id);
    const display = (index: number) => String.fromCharCode(97 + index);
    if (!q) {
      body.append(`q-${item.id}`, display(crypto.randomInt(item.options.length)));
      continue;
    }
    const right = new Set(q.options.filter((o) => (q.kind === "judgement" ? o.points === 2 : o.correct)).map((o) => o.value));
    item.options.forEach((value, index) => {
      if (right.has(value)) body.append(`q-${item.id}`, display(index));
    });
  }
  return { submissionId, body: body.toString() };
}

/** A module page that does not show its own draw: a product failure, not the app going away. */
class PageError extends Error {}

async function submit(base: string, cookie: string, body: string) {
  const res = await fetch(base + quizModule, {
    method: "POST",
    body,
    redirect: "manual",
    headers: { Cookie: cookie, Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
  });
  const text = await res.text();
  const location = res.headers.get("location") ?? "";
  const attemptId = res.status === 302 && location.startsWith(`${quizModule}?attempt=`) ? (/attempt=([0-9a-f-]{36})/.exec(location)?.[1] ?? null) : null;
  // A refusal keeps what the page said (its alert), so a failure names its reason.
  const alert = /role="alert"[^>]*>([\s\S]*?)<\/div>/.exec(text)?.[1].replace(/<[^>]+>/g, " ").trim();
  return { status: res.status, attemptId, ...(res.status >= 400 ? { answer: alert ?? "(no message on the page)" } : {}) };
}

describe.runIf(!!url)("SIGKILL in the middle of quiz submissions", () => {
  const name = `horizont_kill_${crypto.randomBytes(6).toString("hex")}`;
  const port = testPort("crashRecovery");
  let app: Awaited<ReturnType<typeof h.startApp>> | undefined;
  let sql: ReturnType<typeof postgres>;
  const env = () => ({ DATABASE_URL: withDatabase(url!, name), SEED_DEMO: "1", LOG_LEVEL: "warn" });

  beforeAll(async () => {
    h.ensureBuild();
    const admin = adminClient(url!);
    await admin.unsafe(`create database "${name}" template "${postgresTemplateName()}"`);
    await admin.end();
    sql = postgres(withDatabase(url!, name), { max: 2, onnotice: () => {} });
  }, 180_000);

  afterAll(async () => {
    await app?.stop();
    await sql?.end();
    const admin = adminClient(url!);
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  });

  it("loses nothing acknowledged and leaves nothing half-written", async () => {
    app = await h.startApp({ port, env: env(), label: "app before the kill" });
    const cookies = await Promise.all(emails.map((e) => h.signIn(app!.url, e)));
    const personIds = (await sql`select id::text from people where email = any(${emails})`).map((r) => r.id as string);
    expect(personIds).toHaveLength(emails.length);
    const before = new Set((await sql`select id::text from quiz_attempts where person_id = any(${personIds}::uuid[])`).map((r) => r.id as string));
    const claimsBefore = new Set((await sql`select id::text from form_submissions where person_id = any(${personIds}::uuid[])`).map((r) => r.id as string));

    // Workers submit the quiz over and over; the app is killed once enough answers came back and
    // several POSTs are on their way.
    const sent: Sent[] = [];
    const pageErrors: string[] = [];
    let inFlight = 0;
    let killed = false;
    const worker = async (cookie: string) => {
      for (let n = 0; !killed; n++) {
        let form: { submissionId: string; body: string };
        try {
          const page = await fetch(`${app!.url}${quizModule}?retake=1`, { headers: { Cookie: cookie } });
          form = await quizForm(await page.text(), n % 2 === 0, sql);
        } catch (error) {
          if (error instanceof PageError) pageErrors.push(error.message);
          return; // the app is gone
        }
        const record: Sent = { ...form, cookie, attemptId: null, status: "no answer" };
        sent.push(record);
        inFlight += 1;
        try {
          Object.assign(record, await submit(app!.url, cookie, form.body));
        } catch {
          // The connection died with the app: this submission was never acknowledged.
        } finally {
          inFlight -= 1;
        }
      }
    };
    const workers = cookies.map(worker);
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && !(sent.filter((s) => s.attemptId).length >= 20 && inFlight >= 3)) await new Promise((r) => setTimeout(r, 2));
    const inFlightAtKill = inFlight;
    process.kill(app.pid, "SIGKILL");
    killed = true;
    await Promise.all(workers);
    for (let i = 0; i < 100 && !app.exited; i++) await new Promise((r) => setTimeout(r, 50));
    expect(app.exited, "the app process is gone").toMatchObject({ signal: "SIGKILL" });
    expect(inFlightAtKill, "submissions were on their way when the app was killed").toBeGreaterThanOrEqual(3);

    const acknowledged = sent.filter((s) => s.attemptId);
    const lost = sent.filter((s) => !s.attemptId && s.status === "no answer");
    expect(acknowledged.length).toBeGreaterThanOrEqual(20);
    expect(pageErrors, "every module page showed its whole draw").toEqual([]);
    expect(sent.filter((s) => !s.attemptId && s.status !== "no answer"), "no submission was refused").toEqual([]);

    app = await h.startApp({ port, env: env(), label: "app after the kill" });

    // Nothing acknowledged is lost: each is stored once, under the attempt its answer named.
    const attemptsAfterKill = await sql`
      select id::text, submission_id::text, passed from quiz_attempts
      where person_id = any(${personIds}::uuid[])`;
    const fresh = attemptsAfterKill.filter((a) => !before.has(a.id));
    const bySubmission = new Map<string, string[]>();
    for (const a of fresh) bySubmission.set(a.submission_id, [...(bySubmission.get(a.submission_id) ?? []), a.id]);
    for (const s of acknowledged) expect(bySubmission.get(s.submissionId), `acknowledged ${s.submissionId}`).toEqual([s.attemptId]);
    // Every attempt stored belongs to a submission that was sent (acknowledged or lost in the crash).
    const sentIds = new Set(sent.map((s) => s.submissionId));
    expect(fresh.filter((a) => !sentIds.has(a.submission_id)).map((a) => a.id)).toEqual([]);

    // A person whose answer was lost presses the button again: stored once, with the same attempt
    // if the first one had been committed before the kill.
    for (const s of lost) {
      const again = await submit(app.url, s.cookie, s.body);
      expect(again.status, `resent ${s.submissionId}`).toBe(302);
      const earlier = bySubmission.get(s.submissionId);
      if (earlier) expect(again.attemptId).toBe(earlier[0]);
      s.attemptId = again.attemptId;
    }

    // Nothing half-written, for every attempt and claim of these people made in this test.
    const attempts = await sql`
      select q.id::text, q.submission_id::text, q.passed, q.person_id::text, q.course_id, q.module_id,
             (select count(*)::int from evidence e where e.attempt_id = q.id) as evidence,
             (select d.submitted_at is not null from quiz_draws d where d.id = q.submission_id) as draw_submitted,
             (select p.passed_at is not null from module_progress p
                where p.person_id = q.person_id and p.course_id = q.course_id and p.module_id = q.module_id) as module_passed
      from quiz_attempts q where q.person_id = any(${personIds}::uuid[])`;
    const ours = attempts.filter((a) => !before.has(a.id));
    expect(ours.length).toBe(new Set(ours.map((a) => a.submission_id)).size);
    for (const s of sent) expect(ours.filter((a) => a.submission_id === s.submissionId), `sent ${s.submissionId}`).toHaveLength(1);
    const passed = ours.filter((a) => a.passed);
    const evidencePerPass = new Set(passed.map((a) => a.evidence));
    expect(passed.length, "some attempts passed").toBeGreaterThan(0);
    expect([...evidencePerPass], "every passed attempt has the same, non-zero number of evidence rows").toHaveLength(1);
    expect([...evidencePerPass][0]).toBeGreaterThan(0);
    for (const a of ours) {
      expect(a.draw_submitted, `draw of ${a.id} closed`).toBe(true);
      if (a.passed) expect(a.module_passed, `progress of ${a.id}`).toBe(true);
      else expect(a.evidence, `no evidence for failed ${a.id}`).toBe(0);
    }
    const claims = await sql`
      select f.id::text from form_submissions f
      where f.person_id = any(${personIds}::uuid[])
        and not exists (select 1 from quiz_attempts q where q.submission_id = f.id)`;
    expect(claims.map((c) => c.id).filter((id) => !claimsBefore.has(id)), "claimed submission ids without an attempt").toEqual([]);
    const openButAnswered = await sql`
      select d.id::text from quiz_draws d
      where d.person_id = any(${personIds}::uuid[]) and d.submitted_at is not null
        and not exists (select 1 from quiz_attempts q where q.submission_id = d.id)`;
    expect(openButAnswered.map((d) => d.id), "draws closed without an attempt").toEqual([]);
  }, 240_000);
});
