// `npm run test:load`: N simulated people submit a mutating form for T seconds against a PRIVATE
// PostgreSQL 15 instance (started here, never the shared server), which is restarted in the
// middle. Afterwards: every submission that got a 2xx/3xx is stored exactly once, none twice,
// nothing half-written; /healthz answered 503 while the database was away; the app recovered by
// itself (same process, no restart) and answered no 500.
//
//   node scripts/load-test.mjs            200 users, 60 s, one restart (workload quiz-submissions)
//   node scripts/load-test.mjs --short    20 users, 10 s, one restart (CI)
//   --users N --seconds T --restarts K --workload <quiz-submissions|admin-accounts>
//   LOAD_TEST_PORTS=3350-3359 picks the ports (default 3331-3339)
//
// Exit code 0 only when every check holds.
import crypto from "node:crypto";
import fs from "node:fs";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { ensureBuild, freePort, hiddenValue, peakRssMiB, signIn, sleep, startApp, startPrivatePostgres, withDatabase } from "./lib/harness.mjs";

const { values: opts } = parseArgs({
  options: {
    short: { type: "boolean", default: false },
    users: { type: "string" },
    seconds: { type: "string" },
    restarts: { type: "string" },
    "down-ms": { type: "string" },
    workload: { type: "string", default: "quiz-submissions" },
  },
});
const users = Number(opts.users ?? (opts.short ? 20 : 200));
const seconds = Number(opts.seconds ?? (opts.short ? 10 : 60));
const restarts = Number(opts.restarts ?? 1);
const downMs = Number(opts["down-ms"] ?? 2000);
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

const workloads = {
  "quiz-submissions": {
    description: `employees submit the quiz of ${quizModule} (GET the page, POST with its submissionId), answers at random`,
    accounts: () => quizAccounts,
    async submit(client, user, seq) {
      let form = null;
      const statuses = [];
      for (let attempt = 1; attempt <= 40; attempt++) {
        if (client.stopping() && attempt > 20) break;
        try {
          if (!form) {
            const page = await client.get(quizModule, user);
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
          const res = await client.post(quizModule, user, form.body);
          statuses.push(res.status);
          await res.arrayBuffer();
          // Stored (or a repeat of a stored one): sent to the graded attempt.
          const location = res.headers.get("location") ?? "";
          if (res.status === 302 && location.startsWith(`${quizModule}?attempt=`)) {
            return { key: form.submissionId, submissionId: form.submissionId, attemptId: /attempt=([0-9a-f-]{36})/.exec(location)?.[1], acknowledged: true, at: Date.now(), statuses };
          }
          if (res.status < 500) return { key: form.submissionId, submissionId: form.submissionId, acknowledged: false, statuses, unexpected: res.status };
        } catch (error) {
          statuses.push(`ERR:${error.cause?.code ?? error.message}`);
        }
        await sleep(250);
      }
      return { key: form?.submissionId ?? `none-${user.index}-${seq}`, submissionId: form?.submissionId ?? null, acknowledged: false, statuses };
    },
    async verify(sql, records) {
      const ids = records.map((r) => r.submissionId).filter(Boolean);
      const rows = ids.length
        ? await sql`
            select q.id::text as attempt_id, q.submission_id::text as submission_id, q.passed,
                   (select count(*)::int from evidence e where e.attempt_id = q.id) as evidence
            from quiz_attempts q where q.submission_id = any(${ids}::uuid[])`
        : [];
      const bySubmission = new Map();
      for (const row of rows) bySubmission.set(row.submission_id, [...(bySubmission.get(row.submission_id) ?? []), row]);
      const problems = { missing: [], duplicated: [], halfWritten: [], unexpected: [] };
      // Evidence: a passed attempt has one row per competence of the module (the same number for
      // all), a failed one none.
      const passedCounts = new Set(rows.filter((r) => r.passed).map((r) => r.evidence));
      if ([...passedCounts].some((n) => n === 0) || passedCounts.size > 1) problems.halfWritten.push({ reason: "passed attempts with differing evidence", counts: [...passedCounts] });
      for (const row of rows) if (!row.passed && row.evidence !== 0) problems.halfWritten.push({ ...row, reason: "evidence for a failed attempt" });
      for (const record of records) {
        if (!record.submissionId) continue;
        const stored = bySubmission.get(record.submissionId) ?? [];
        if (stored.length > 1) problems.duplicated.push(record.submissionId);
        if (record.acknowledged && stored.length === 0) problems.missing.push(record.submissionId);
        if (record.acknowledged && stored.length === 1 && record.attemptId !== stored[0].attempt_id) problems.halfWritten.push({ ...record, reason: "redirected to another attempt" });
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
if (!workload) {
  console.error(`Unknown workload ${opts.workload}; known: ${Object.keys(workloads).join(", ")}`);
  process.exit(2);
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
  const checks = [];
  const check = (name, ok, detail = "") => checks.push({ name, ok, detail });
  try {
    const admin = postgres(pg.url, { max: 1, onnotice: () => {} });
    await admin.unsafe("create database horizont_load");
    await admin.end();
    const databaseUrl = withDatabase(pg.url, "horizont_load");
    const appPort = await freePort(candidates.filter((p) => p !== pgPort));
    app = await startApp({ port: appPort, label: "app", env: { DATABASE_URL: databaseUrl, SEED_DEMO: "1", LOG_LEVEL: "warn" } });
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
        health.push({ t, status });
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
      const during = health.filter((h) => h.t >= outage.stopped && h.t <= outage.startRequested);
      const after = health.filter((h) => h.t > outage.up);
      const firstOk = after.find((h) => h.status === 200);
      check(
        `/healthz answered 503 while PostgreSQL was down (restart ${k + 1})`,
        during.length > 0 && during.some((h) => h.status === 503) && during.every((h) => h.status === 503),
        `${during.length} polls during the outage: ${summarise(during.map((h) => h.status))}`,
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
    const result = await workload.verify(sql, records);
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

    const retried = records.filter((r) => r.statuses.length > 2).length;
    console.log("\n=== load test summary ===");
    console.log(`users ${users}, duration ${seconds} s, PostgreSQL restarts ${outages.length} (down ${outages.map((o) => `${o.up - o.down} ms`).join(", ")})`);
    console.log(`submissions ${records.length}: acknowledged ${acknowledged}, not acknowledged at the end ${gaveUp}, retried after a failure ${retried}`);
    console.log(`stored ${result.stored} (acknowledged ones all stored: ${result.missing.length === 0 ? "yes" : "NO"}; stored without acknowledgement: ${result.stored - acknowledged})`);
    console.log(`HTTP answers: ${JSON.stringify(statusCounts)}`);
    console.log(`/healthz polls: ${health.length}, ${summarise(health.map((h) => h.status))}`);
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

await main();
