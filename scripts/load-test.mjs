// `npm run test:load`: N simulated people submit a mutating form for T seconds against a PRIVATE
// PostgreSQL 15 instance (started here, never the shared server), which is restarted in the
// middle. Every fourth quiz submission is sent twice at the same moment (a double click that
// reaches the server twice: the same submission id in two parallel requests). Afterwards: every
// submission that got a 2xx/3xx is stored exactly once, none twice, nothing half-written, and
// every attempt of the test's people in the database is one that was submitted; /healthz answered 503 while the database was away; the app recovered by
// itself (same process, no restart) and answered no 500.
// Then the mail workload: a lead assigns a module to M new people in one form while the SMTP
// server (smtp-server, in this process) restarts; every assignment mail must arrive, none twice
// (each outbox row's Message-ID exactly once), and every outbox row of the run must be sent.
//
//   node scripts/load-test.mjs            200 users, 60 s, one restart (workload quiz-submissions)
//   node scripts/load-test.mjs --short    20 users, 10 s, one restart (CI); mail: 20 people
//   --users N --seconds T --restarts K --workload <quiz-submissions|admin-accounts>
//   --mail-people M (default 200, --short 20; 0 leaves the mail workload out)
//   LOAD_TEST_PORTS=3350-3359 picks the ports (default 3331-3339)
//
// Exit code 0 only when every check holds.
import crypto from "node:crypto";
import fs from "node:fs";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { SMTPServer } from "smtp-server";
import { isMain } from "./lib/is-main.mjs";
import { ensureBuild, freePort, hiddenValue, peakRssMiB, signIn, sleep, startApp, startPrivatePostgres, withDatabase } from "./lib/harness.mjs";

const main_ = isMain(import.meta.url);
const { values: opts } = parseArgs({
  // Imported (scripts/load-test.test.ts checks the verification): no command line to read.
  args: main_ ? process.argv.slice(2) : [],
  options: {
    short: { type: "boolean", default: false },
    users: { type: "string" },
    seconds: { type: "string" },
    restarts: { type: "string" },
    "down-ms": { type: "string" },
    workload: { type: "string", default: "quiz-submissions" },
    "mail-people": { type: "string" },
  },
});
const users = Number(opts.users ?? (opts.short ? 20 : 200));
const seconds = Number(opts.seconds ?? (opts.short ? 10 : 60));
const restarts = Number(opts.restarts ?? 1);
const downMs = Number(opts["down-ms"] ?? 2000);
const mailPeople = Number(opts["mail-people"] ?? (opts.short ? 20 : 200));
const runTag = crypto.randomBytes(3).toString("hex");

/**
 * Workloads: one mutating action that must be stored exactly once per acknowledged submission.
 * Each entry: which account the simulated people sign in as, one iteration (load the form, send
 * it, retry the SAME submission on failure like a person pressing the button again), and the
 * verification against the database. Default: "quiz-submissions".
 */
const quizModule = "/courses/kommunikation-beratung/aktiv-zuhoeren";
/** Demo employees of authority A (several sessions per person when there are more users). */
const quizAccounts = ["anna.schmidt", "mehmet.demir", "tobias.becker", "lukas.hoffmann", "daniel.fischer", "felix.braun", "julia.neumann", "laura.koch", "michael.wolf", "sophie.keller"].map(
  (name) => `${name}@musterstadt.example`,
);

/** The quiz's questions on a module page: name → option values (radio or checkbox). */
function quizQuestions(html) {
  const questions = new Map();
  for (const m of html.matchAll(/<input\b[^>]*>/g)) {
    const name = /\bname="(q-[^"]+)"/.exec(m[0])?.[1];
    const value = /\bvalue="([^"]*)"/.exec(m[0])?.[1];
    if (name && value !== undefined) questions.set(name, [...(questions.get(name) ?? []), value]);
  }
  return questions;
}

/**
 * Every how many-th quiz submission is sent twice at the same moment. (Sessions of the same person
 * also share that person's open draw, so their submissions are repeats of one submission id too.)
 */
const doubleEvery = 4;

/** One quiz POST: its status, and the attempt it sent the person to (null when none). */
async function sendQuiz(client, user, body, statuses) {
  try {
    const res = await client.post(quizModule, user, body);
    statuses.push(res.status);
    await res.arrayBuffer();
    // Stored (or a repeat of a stored one): sent to the graded attempt.
    const location = res.headers.get("location") ?? "";
    const attemptId = res.status === 302 && location.startsWith(`${quizModule}?attempt=`) ? (/attempt=([0-9a-f-]{36})/.exec(location)?.[1] ?? null) : null;
    return { status: res.status, attemptId };
  } catch (error) {
    statuses.push(`ERR:${error.cause?.code ?? error.message}`);
    return { status: "network error", attemptId: null };
  }
}

export const workloads = {
  "quiz-submissions": {
    description: `employees submit the quiz of ${quizModule} (GET the page, POST with its submissionId), answers at random; every ${doubleEvery}th submission twice at the same moment`,
    accounts: () => quizAccounts,
    /** Before the load: the attempts the test's people already have (demo data), not counted after. */
    async prepare(sql) {
      const rows = await sql`select q.id::text as id from quiz_attempts q join people p on p.id = q.person_id where p.email = any(${quizAccounts})`;
      return { baseline: new Set(rows.map((r) => r.id)) };
    },
    async submit(client, user, seq) {
      let form = null;
      const statuses = [];
      // Spread over the users from their first submission on: on a busy machine a user may send
      // only two or three in the whole run.
      const double = (user.index + seq) % doubleEvery === 0;
      for (let attempt = 1; attempt <= 40; attempt++) {
        if (client.stopping() && attempt > 20) break;
        try {
          if (!form) {
            // ?retake=1: an account that passed would otherwise see its status instead of the quiz.
            const page = await client.get(`${quizModule}?retake=1`, user);
            statuses.push(page.status);
            if (page.status !== 200) {
              await page.arrayBuffer();
              await sleep(250);
              continue;
            }
            const html = await page.text();
            const submissionId = hiddenValue(html, "submissionId");
            const contentHash = hiddenValue(html, "contentHash");
            const questions = quizQuestions(html);
            if (!submissionId || !contentHash || questions.size === 0) throw new Error("no quiz form on the module page");
            const body = new URLSearchParams({ intent: "quiz", submissionId, contentHash });
            for (const [name, values] of questions) body.append(name, values[crypto.randomInt(values.length)]);
            form = { submissionId, body: body.toString() };
          }
          // A double submit: both requests leave at once with the same submission id.
          const answers = await Promise.all(Array.from({ length: double ? 2 : 1 }, () => sendQuiz(client, user, form.body, statuses)));
          const attemptIds = answers.map((a) => a.attemptId).filter(Boolean);
          const refused = answers.find((a) => typeof a.status === "number" && a.status < 500 && !a.attemptId);
          const record = { key: form.submissionId, submissionId: form.submissionId, double, attemptIds, attemptId: attemptIds[0] ?? null, statuses };
          // Any refusal (a 4xx, or a 302 elsewhere) is unexpected, even when the twin was stored.
          if (refused) return { ...record, acknowledged: attemptIds.length > 0, at: Date.now(), unexpected: refused.status };
          if (attemptIds.length) return { ...record, acknowledged: true, at: Date.now(), bothAcknowledged: attemptIds.length === answers.length && answers.length === 2 };
        } catch (error) {
          statuses.push(`ERR:${error.cause?.code ?? error.message}`);
        }
        await sleep(250);
      }
      return { key: form?.submissionId ?? `none-${user.index}-${seq}`, submissionId: form?.submissionId ?? null, double, attemptIds: [], acknowledged: false, statuses };
    },
    async verify(sql, records, prepared) {
      const ids = records.map((r) => r.submissionId).filter(Boolean);
      const submitted = new Set(ids);
      // EVERY attempt of the test's people made during the run, not only those the client knows
      // of: an attempt stored under another id, or without one, is "stored but not submitted".
      const everything = await sql`
        select q.id::text as attempt_id, q.submission_id::text as submission_id, q.passed,
               (select count(*)::int from evidence e where e.attempt_id = q.id) as evidence
        from quiz_attempts q join people p on p.id = q.person_id
        where p.email = any(${quizAccounts})`;
      const rows = everything.filter((r) => !prepared.baseline.has(r.attempt_id));
      const bySubmission = new Map();
      for (const row of rows) bySubmission.set(row.submission_id, [...(bySubmission.get(row.submission_id) ?? []), row]);
      const problems = { missing: [], duplicated: [], halfWritten: [], unexpected: [] };
      // Evidence: a passed attempt has one row per competence of the module (the same number for
      // all), a failed one none.
      const passedCounts = new Set(rows.filter((r) => r.passed).map((r) => r.evidence));
      if ([...passedCounts].some((n) => n === 0) || passedCounts.size > 1) problems.halfWritten.push({ reason: "passed attempts with differing evidence", counts: [...passedCounts] });
      for (const row of rows) if (!row.passed && row.evidence !== 0) problems.halfWritten.push({ ...row, reason: "evidence for a failed attempt" });
      for (const row of rows) if (!row.submission_id || !submitted.has(row.submission_id)) problems.unexpected.push(row.attempt_id);
      for (const [submissionId, stored] of bySubmission) if (stored.length > 1) problems.duplicated.push(submissionId);
      for (const record of records) {
        if (!record.submissionId) continue;
        const stored = bySubmission.get(record.submissionId) ?? [];
        // The two answers of a double submit named two different attempts: stored twice.
        if (new Set(record.attemptIds).size > 1) problems.duplicated.push(record.submissionId);
        if (record.acknowledged && stored.length === 0) problems.missing.push(record.submissionId);
        if (record.acknowledged && stored.length === 1 && record.attemptIds.some((id) => id !== stored[0].attempt_id)) problems.halfWritten.push({ ...record, reason: "redirected to another attempt" });
      }
      // Claimed submission ids without an attempt would be half-written.
      const orphans = ids.length ? await sql`select f.id::text from form_submissions f where f.id = any(${ids}::uuid[]) and not exists (select 1 from quiz_attempts q where q.submission_id = f.id)` : [];
      for (const o of orphans) problems.halfWritten.push({ submissionId: o.id, reason: "claimed without an attempt" });
      const stray = await sql`select count(*)::int as n from evidence e where e.source = 'quiz' and e.attempt_id is not null and not exists (select 1 from quiz_attempts q where q.id = e.attempt_id)`;
      if (stray[0].n > 0) problems.halfWritten.push({ reason: "quiz evidence without an attempt", count: stray[0].n });
      return { stored: rows.length, ...problems };
    },
  },

  "admin-accounts": {
    description: "admins create accounts (POST /admin/accounts/new with a submissionId)",
    accounts: () => ["admin@musterstadt.example"],
    /** One submission; returns { key, submissionId, acknowledged, attempts, statuses }. */
    async submit(client, user, seq) {
      const key = `load-${runTag}-${user.index}-${seq}@load.example`;
      let submissionId = null;
      const statuses = [];
      for (let attempt = 1; attempt <= 40; attempt++) {
        if (client.stopping() && attempt > 20) break;
        try {
          if (!submissionId) {
            const form = await client.get("/admin/accounts/new", user);
            statuses.push(form.status);
            if (form.status !== 200) {
              await sleep(250);
              continue;
            }
            submissionId = hiddenValue(await form.text(), "submissionId");
            if (!submissionId) throw new Error("no submissionId in the form");
          }
          const res = await client.post(
            "/admin/accounts/new",
            user,
            new URLSearchParams({ submissionId, givenName: "Last", familyName: `Test ${user.index}-${seq}`, email: key, fte: "1", roles: "employee" }),
          );
          statuses.push(res.status);
          await res.arrayBuffer();
          // 200: created (the page shows the set-password link); 302: a repeat, sent to the account.
          if (res.status === 200 || (res.status === 302 && /^\/admin\/accounts\/[0-9a-f-]{36}$/.test(res.headers.get("location") ?? ""))) {
            return { key, submissionId, acknowledged: true, at: Date.now(), statuses };
          }
          if (res.status < 500) return { key, submissionId, acknowledged: false, statuses, unexpected: res.status };
        } catch (error) {
          statuses.push(`ERR:${error.cause?.code ?? error.message}`);
        }
        await sleep(250);
      }
      return { key, submissionId, acknowledged: false, statuses };
    },
    async verify(sql, records) {
      const rows = await sql`
        select p.email, p.id::text as person_id,
               (select count(*)::int from person_roles r where r.person_id = p.id) as roles,
               (select count(*)::int from password_tokens t where t.person_id = p.id) as tokens,
               (select count(*)::int from audit_log a where a.subject_person_id = p.id and a.action = 'account.create') as audits,
               (select count(*)::int from form_submissions f where f.result = '/admin/accounts/' || p.id::text) as submissions
        from people p where p.email like ${`load-${runTag}-%`}`;
      const byEmail = new Map();
      for (const row of rows) byEmail.set(row.email, [...(byEmail.get(row.email) ?? []), row]);
      const complete = (row) => row.roles === 1 && row.tokens === 1 && row.audits === 1 && row.submissions === 1;
      const problems = { missing: [], duplicated: [], halfWritten: [], unexpected: [] };
      for (const record of records) {
        const stored = byEmail.get(record.key) ?? [];
        if (stored.length > 1) problems.duplicated.push(record.key);
        if (record.acknowledged && stored.length === 0) problems.missing.push(record.key);
      }
      for (const [email, stored] of byEmail) {
        if (stored.length > 1) problems.duplicated.push(email);
        for (const row of stored) if (!complete(row)) problems.halfWritten.push({ email, ...row });
        if (!records.some((r) => r.key === email)) problems.unexpected.push(email);
      }
      // Claimed submission ids of this run whose account is missing would be half-written too.
      const ids = records.map((r) => r.submissionId).filter(Boolean);
      const orphans = ids.length
        ? await sql`select id::text from form_submissions where id = any(${ids}::uuid[]) and (result is null or not exists (select 1 from people p where '/admin/accounts/' || p.id::text = result))`
        : [];
      for (const o of orphans) problems.halfWritten.push({ submissionId: o.id, reason: "claimed without an account" });
      return { stored: rows.length, ...problems };
    },
  },
};

const workload = workloads[opts.workload];
if (main_ && !workload) {
  console.error(`Unknown workload ${opts.workload}; known: ${Object.keys(workloads).join(", ")}`);
  process.exit(2);
}

/** A local SMTP server that keeps every message's recipient and Message-ID, and can restart on its port. */
async function startSmtpServer(port) {
  const received = [];
  let server;
  const listen = async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      // A restart cuts open connections after half a second (421), as a mail server going down would.
      closeTimeout: 500,
      onData(stream, session, callback) {
        let head = "";
        stream.on("data", (chunk) => {
          if (head.length < 8192) head += chunk.toString("utf8");
        });
        stream.on("end", () => {
          const messageId = /^Message-ID:\s*<([^>]+)>/im.exec(head.split(/\r?\n\r?\n/)[0])?.[1] ?? "";
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), messageId });
          callback();
        });
      },
    });
    await new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", resolve);
    });
  };
  await listen();
  return { received, url: `smtp://127.0.0.1:${port}`, stop: () => new Promise((resolve) => server.close(resolve)), start: listen };
}

/**
 * The mail workload: Jonas assigns one module to `count` new members of his team in one form
 * (one transaction, `count` outbox rows); once the first mails arrived the SMTP server stops for
 * `downMs` and starts again. Returns what to check: every person's mail arrived once, no
 * Message-ID twice, every outbox row of the run sent.
 */
async function mailWorkload({ appUrl, databaseUrl, smtp, count, log }) {
  const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
  try {
    const tag = `mail-${runTag}`;
    const emails = Array.from({ length: count }, (_, i) => `${tag}-${i}@load.example`);
    const inserted = await sql`
      insert into people (authority_id, unit_id, email, given_name, family_name, active)
      select l.authority_id, l.unit_id, e.email, 'Last', 'Mail ' || e.n, true
      from people l, unnest(${emails}::text[]) with ordinality as e(email, n)
      where l.email = 'jonas.weber@musterstadt.example'
      returning id::text, email`;
    const cookie = await signIn(appUrl, "jonas.weber@musterstadt.example");
    const body = new URLSearchParams([
      ["intent", "assign"],
      ["submissionId", crypto.randomUUID()],
      ["target", "module:kommunikation-beratung/krise-am-schalter"],
      ["dueOn", "2031-03-01"],
      ["confirmMet", "on"],
      ...inserted.map((p) => ["personIds", p.id]),
    ]);
    const started = Date.now();
    const res = await fetch(`${appUrl}/team`, { method: "POST", body, redirect: "manual", headers: { Cookie: cookie, Origin: appUrl, "Content-Type": "application/x-www-form-urlencoded" } });
    await res.arrayBuffer();
    const mine = () => smtp.received.filter((m) => m.to.some((t) => t.startsWith(`${tag}-`)));
    // SMTP goes down once the first mails arrived (the rest of the batch is in flight or queued).
    while (mine().length === 0 && Date.now() - started < 30_000) await sleep(20);
    const arrivedBefore = mine().length;
    log(`mail: ${arrivedBefore} of ${count} arrived; restarting the SMTP server`);
    await smtp.stop();
    await sleep(downMs);
    await smtp.start();
    log("mail: SMTP server back");
    const deadline = Date.now() + Math.max(30_000, count * 300);
    let pending = 1;
    while (Date.now() < deadline) {
      [{ n: pending }] = await sql`select count(*)::int as n from outbox where status = 'pending'`;
      if (pending === 0 && new Set(mine().flatMap((m) => m.to)).size >= count) break;
      await sleep(250);
    }
    await sleep(1000); // a last worker run would show a repeat
    const rows = await sql`select id::text, to_address, status::text from outbox`;
    const ids = smtp.received.map((m) => m.messageId);
    const byRecipient = new Map();
    for (const m of mine()) for (const to of m.to) byRecipient.set(to, (byRecipient.get(to) ?? 0) + 1);
    return {
      status: res.status,
      count,
      arrivedBefore,
      seconds: (Date.now() - started) / 1000,
      missing: emails.filter((e) => !byRecipient.has(e)),
      twice: [...byRecipient].filter(([, n]) => n > 1).map(([e]) => e),
      duplicateIds: ids.filter((id, i) => ids.indexOf(id) !== i),
      notSent: rows.filter((r) => r.status !== "sent").map((r) => `${r.to_address}: ${r.status}`),
      unknownIds: ids.filter((id) => !rows.some((r) => `${r.id}@horizont.outbox` === id)),
      outboxRows: rows.length,
      received: smtp.received.length,
    };
  } finally {
    await sql.end();
  }
}

function httpClient(baseUrl, isStopping) {
  const headers = (user, extra = {}) => ({ Cookie: user.cookie, ...extra });
  const counts = new Map();
  const count = (status) => counts.set(status, (counts.get(status) ?? 0) + 1);
  const timed = async (fn) => {
    try {
      const res = await fn();
      count(res.status);
      return res;
    } catch (error) {
      count("network error");
      throw error;
    }
  };
  return {
    counts,
    stopping: isStopping,
    get: (path, user) => timed(() => fetch(baseUrl + path, { headers: headers(user), redirect: "manual", signal: AbortSignal.timeout(30_000) })),
    post: (path, user, body) =>
      timed(() =>
        fetch(baseUrl + path, {
          method: "POST",
          body,
          redirect: "manual",
          signal: AbortSignal.timeout(30_000),
          headers: headers(user, { "Content-Type": "application/x-www-form-urlencoded", Origin: baseUrl }),
        }),
      ),
  };
}

async function main() {
  const started = Date.now();
  const log = (message) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${message}`);
  log(`workload: ${workload.description}; ${users} users, ${seconds} s, ${restarts} PostgreSQL restart(s) of ${downMs} ms`);
  ensureBuild();
  const [low, high] = (process.env.LOAD_TEST_PORTS ?? "3331-3339").split("-").map(Number);
  const candidates = Array.from({ length: high - low + 1 }, (_, i) => low + i);
  const pgPort = await freePort(candidates);
  const pg = await startPrivatePostgres({ port: pgPort });
  log(`private PostgreSQL 15 on port ${pgPort} (${pg.dir})`);
  let app;
  let smtp;
  const checks = [];
  const check = (name, ok, detail = "") => checks.push({ name, ok, detail });
  try {
    const admin = postgres(pg.url, { max: 1, onnotice: () => {} });
    await admin.unsafe("create database horizont_load");
    await admin.end();
    const databaseUrl = withDatabase(pg.url, "horizont_load");
    const appPort = await freePort(candidates.filter((p) => p !== pgPort));
    // The mail workload's SMTP server runs from the start: the app mails (demo reminders, welcome
    // mails of admin-accounts) during the load and through the PostgreSQL restart too.
    const mailEnv = {};
    if (mailPeople > 0) {
      smtp = await startSmtpServer(await freePort(candidates.filter((p) => p !== pgPort && p !== appPort)));
      Object.assign(mailEnv, { SMTP_URL: smtp.url, MAIL_POLL_MS: "250", MAIL_RETRY_MS: "250", MAIL_MAX_TRIES: "30" });
    }
    app = await startApp({ port: appPort, label: "app", env: { DATABASE_URL: databaseUrl, SEED_DEMO: "1", LOG_LEVEL: "warn", ...mailEnv } });
    const pid = app.pid;
    log(`app (pid ${pid}) on ${app.url}`);

    // Sessions: every simulated person signs in through the form (four at a time: argon2 is CPU-bound).
    const accounts = workload.accounts();
    const people = [];
    for (let i = 0; i < users; i += 4) {
      const batch = [];
      for (let j = i; j < Math.min(users, i + 4); j++) {
        batch.push(signIn(app.url, accounts[j % accounts.length]).then((cookie) => people.push({ index: j, cookie })));
      }
      await Promise.all(batch);
    }
    log(`${people.length} sessions`);
    const prepared = workload.prepare ? await (async () => {
      const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
      try {
        return await workload.prepare(sql);
      } finally {
        await sql.end();
      }
    })() : {};

    let stopping = false;
    const client = httpClient(app.url, () => stopping);
    const records = [];
    const deadline = Date.now() + seconds * 1000;

    // /healthz poller: every 100 ms, with the time of each answer.
    const health = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const t = Date.now();
        let status;
        try {
          status = (await fetch(`${app.url}/healthz`, { signal: AbortSignal.timeout(5000) })).status;
        } catch {
          status = "network error";
        }
        // Sent at t, answered at `answered`: on a busy machine an answer may come a second later.
        health.push({ t, answered: Date.now(), status });
        await sleep(100);
      }
    })();

    // The restarts, evenly spread (one restart: in the middle).
    const outages = [];
    const restarter = (async () => {
      for (let k = 1; k <= restarts; k++) {
        const target = deadline - seconds * 1000 + (seconds * 1000 * k) / (restarts + 1);
        await sleep(Math.max(0, target - Date.now()));
        // On a busy machine the first submissions may take a while: restart only once some got through.
        while (k === 1 && !records.some((r) => r.acknowledged) && Date.now() < deadline) await sleep(100);
        const down = Date.now();
        log(`restarting PostgreSQL (${k}/${restarts})`);
        await pg.stop("fast");
        const stopped = Date.now();
        await sleep(downMs);
        const upAt = Date.now();
        await pg.start();
        outages.push({ down, stopped, startRequested: upAt, up: Date.now() });
        log(`PostgreSQL back after ${Date.now() - down} ms`);
      }
    })();

    const worker = async (user) => {
      let seq = 0;
      while (Date.now() < deadline) {
        seq += 1;
        records.push(await workload.submit(client, user, seq));
      }
    };
    await Promise.all(people.map(worker));
    stopping = true;
    await restarter;
    // Give the app a moment, then stop polling.
    await sleep(1500);
    polling = false;
    await poller;
    log(`load finished: ${records.length} submissions`);

    // Recovery: the same process answers /healthz 200 and serves a page that needs the database.
    const finalHealth = await fetch(`${app.url}/healthz`).then((r) => r.status, () => "network error");
    const page = await client.get(opts.workload === "quiz-submissions" ? quizModule : "/admin/accounts/new", people[0]).then((r) => r.status, () => "network error");
    check("the app process never exited or restarted", !app.exited && app.pid === pid, app.exited ? JSON.stringify(app.exited) : `pid ${pid}`);
    if (app.exited) console.log(`app output before it exited:\n${app.output.stderr.slice(-3000)}\n${app.output.stdout.slice(-3000)}`);
    check("recovered by itself: /healthz 200 and a database page 200 after the restart", finalHealth === 200 && page === 200, `healthz ${finalHealth}, page ${page}`);

    for (const [k, outage] of outages.entries()) {
      // Polls sent AND answered while PostgreSQL was stopped (a poll sent just before the start
      // that the app only got to after PostgreSQL was back may rightly say 200).
      const during = health.filter((h) => h.t >= outage.stopped && h.answered <= outage.startRequested);
      const straddling = health.filter((h) => h.t >= outage.stopped && h.t <= outage.startRequested && h.answered > outage.startRequested);
      const after = health.filter((h) => h.t > outage.up);
      const firstOk = after.find((h) => h.status === 200);
      check(
        `/healthz answered 503 while PostgreSQL was down (restart ${k + 1})`,
        during.length > 0 && during.some((h) => h.status === 503) && during.every((h) => h.status === 503),
        `${during.length} polls during the outage: ${summarise(during.map((h) => h.status))}` +
          (straddling.length ? `; ${straddling.length} sent during it and answered after the start: ${straddling.map((h) => `${h.status} after ${h.answered - h.t} ms`).join(", ")}` : ""),
      );
      check(
        `/healthz 200 again within 30 s of PostgreSQL being back (restart ${k + 1})`,
        !!firstOk && firstOk.t - outage.up < 30_000,
        firstOk ? `after ${firstOk.t - outage.up} ms` : "never",
      );
    }

    const statusCounts = Object.fromEntries([...client.counts.entries()].sort((a, b) => String(a[0]).localeCompare(String(b[0]))));
    check("no answer was a 500 (database errors become 503)", !client.counts.get(500), JSON.stringify(statusCounts));

    const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
    const result = await workload.verify(sql, records, prepared);
    await sql.end();
    const acknowledged = records.filter((r) => r.acknowledged).length;
    const gaveUp = records.length - acknowledged;
    const unexpectedStatus = records.filter((r) => r.unexpected).length;
    check("every acknowledged submission is stored", result.missing.length === 0, `${result.missing.length} missing of ${acknowledged}`);
    check("no submission is stored twice", result.duplicated.length === 0, `${result.duplicated.length} duplicated`);
    check("nothing half-written", result.halfWritten.length === 0, result.halfWritten.slice(0, 3).map((h) => JSON.stringify(h)).join("; ") || "0");
    check("nothing stored that was not submitted", result.unexpected.length === 0, `${result.unexpected.length}`);
    check("no submission was refused with a 4xx", unexpectedStatus === 0, `${unexpectedStatus}`);
    const first = outages[0];
    const last = outages.at(-1);
    const before = first ? records.filter((r) => r.acknowledged && r.at < first.down).length : acknowledged;
    const after = last ? records.filter((r) => r.acknowledged && r.at > last.up).length : acknowledged;
    check("submissions were acknowledged before and after the restarts", before > 0 && after > 0, `${before} before, ${after} after`);
    const doubles = records.filter((r) => r.double);
    if (opts.workload === "quiz-submissions") {
      const both = doubles.filter((r) => r.bothAcknowledged).length;
      check("submissions sent twice at the same moment: both answers name the one stored attempt", doubles.length > 0 && both > 0, `${doubles.length} sent twice, ${both} with both answers acknowledged`);
    }

    let mail = null;
    if (smtp) {
      log(`mail workload: ${mailPeople} assignments in one form while the SMTP server restarts (${downMs} ms)`);
      mail = await mailWorkload({ appUrl: app.url, databaseUrl, smtp, count: mailPeople, log });
      check("mail: the assignment form for all people was accepted", mail.status === 302, `HTTP ${mail.status}`);
      check("mail: every assignment mail arrived after the SMTP restart", mail.missing.length === 0, `${mail.count - mail.missing.length} of ${mail.count} (${mail.arrivedBefore} before the restart)`);
      check("mail: no one got their assignment mail twice", mail.twice.length === 0, `${mail.twice.length}`);
      check("mail: no Message-ID arrived twice (the whole run: reminders, welcome mails too)", mail.duplicateIds.length === 0, `${mail.duplicateIds.length} of ${mail.received}`);
      check("mail: every outbox row of the run was sent, and every message received is one of them", mail.notSent.length === 0 && mail.unknownIds.length === 0, `${mail.outboxRows} rows; not sent: ${mail.notSent.slice(0, 3).join(", ") || 0}; unknown: ${mail.unknownIds.length}`);
    }

    const retried = records.filter((r) => r.statuses.length > 2).length;
    console.log("\n=== load test summary ===");
    console.log(`users ${users}, duration ${seconds} s, PostgreSQL restarts ${outages.length} (down ${outages.map((o) => `${o.up - o.down} ms`).join(", ")})`);
    console.log(`submissions ${records.length}: acknowledged ${acknowledged}, not acknowledged at the end ${gaveUp}, retried after a failure ${retried}`);
    if (doubles.length) console.log(`sent twice at the same moment ${doubles.length}: both answers acknowledged ${doubles.filter((r) => r.bothAcknowledged).length}`);
    // Distinct submission ids: sessions of one person answer the same open draw (one id).
    const distinctAcknowledged = new Set(records.filter((r) => r.acknowledged).map((r) => r.submissionId)).size;
    console.log(`distinct submission ids acknowledged ${distinctAcknowledged}; stored ${result.stored} (acknowledged ones all stored: ${result.missing.length === 0 ? "yes" : "NO"}; stored without acknowledgement: ${result.stored - distinctAcknowledged})`);
    console.log(`HTTP answers: ${JSON.stringify(statusCounts)}`);
    console.log(`/healthz polls: ${health.length}, ${summarise(health.map((h) => h.status))}`);
    if (mail) console.log(`mail: ${mail.count} assignment mails (SMTP restarted after ${mail.arrivedBefore}) all delivered after ${mail.seconds.toFixed(1)} s; ${mail.received} messages in the run, outbox ${mail.outboxRows} rows`);
    console.log(`app peak RSS ${peakRssMiB(pid) ?? "?"} MiB (2 cores shared with other work: not a benchmark)`);
  } catch (error) {
    check("the load test ran to the end", false, error.stack ?? String(error));
  } finally {
    await app?.stop().catch(() => {});
    if (app) {
      fs.mkdirSync(".cache", { recursive: true });
      fs.writeFileSync(".cache/load-test-app.log", `${app.output.stderr}\n${app.output.stdout}`);
    }
    pg.destroy();
    await smtp?.stop();
  }
  console.log("");
  for (const c of checks) console.log(`${c.ok ? "ok  " : "FAIL"} ${c.name}${c.detail ? ` — ${c.detail}` : ""}`);
  const failed = checks.filter((c) => !c.ok).length;
  console.log(`\nload test: ${checks.length - failed} checks passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  process.exit(failed === 0 ? 0 : 1);
}

function summarise(list) {
  const counts = new Map();
  for (const item of list) counts.set(item, (counts.get(item) ?? 0) + 1);
  return [...counts.entries()].map(([k, v]) => `${k}×${v}`).join(", ");
}

if (main_) await main();
