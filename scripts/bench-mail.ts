// Mail benchmark on an in-memory PGlite and a local smtp-server, two phases:
// 1. latency: events one at a time, as a lead's single assignment comes (one transaction each;
//    the next event once the previous mail arrived, at a random point of the worker's poll
//    cycle): event-to-SMTP latency (median, p95, from commit to the server accepting the message)
//    with the worker's production poll interval (MAIL_POLL_MS, 2 s by default);
// 2. throughput: a backlog of `mails` mails committed at once (an assignment for a whole
//    authority): outbox throughput (mails/s) of the worker draining it.
// Usage: npx tsx scripts/bench-mail.ts [mails=200] [latency samples=40] [poll ms=2000]. Check
// `uptime` first: figures on a busy machine are not quiet-machine figures.
import os from "node:os";
import { SMTPServer } from "smtp-server";
import { openDatabase } from "~/db/client.server";
import { authorities, people } from "~/db/schema";
import { layout } from "~/mail/compose.server";
import { enqueueMails } from "~/mail/outbox.server";
import { defaultWorkerOptions, smtpTransport, startOutboxWorker } from "~/mail/worker.server";

const n = Number(process.argv[2] ?? 200);
const samples = Math.min(n, Number(process.argv[3] ?? 40));
const pollMs = Number(process.argv[4] ?? 2000);
const arrivals = new Map<string, number>();
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  onData(stream, session, cb) {
    stream.on("data", () => {});
    stream.on("end", () => {
      arrivals.set(session.envelope.rcptTo[0].address, performance.now());
      cb();
    });
  },
});
await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
const port = (server.server.address() as { port: number }).port;
const database = await openDatabase({ memory: true });
await database.migrate();
const db = database.db;
const [authority] = await db.insert(authorities).values({ slug: "bench", name: "Bench" }).returning();
const persons = await db
  .insert(people)
  .values(Array.from({ length: n }, (_, i) => ({ authorityId: authority.id, email: `p${i}@bench.example`, givenName: "P", familyName: String(i) })))
  .returning();
const worker = startOutboxWorker({
  db: () => db,
  transport: smtpTransport(`smtp://127.0.0.1:${port}`),
  options: { ...defaultWorkerOptions, from: "bench@localhost" },
  intervalMs: pollMs,
  onError: (e) => console.error(e),
});
// Phase 1: one event at a time; the next once the previous mail arrived, after a random pause
// within one poll interval (so commits fall anywhere in the worker's cycle).
const committed = new Map<string, number>();
for (const p of persons.slice(0, samples)) {
  await new Promise((r) => setTimeout(r, Math.random() * pollMs));
  await db.transaction(async (tx) => {
    const body = layout("de", { name: "P", paragraphs: ["Bench"], link: { href: "http://localhost/", label: "Link" } });
    await enqueueMails(tx, [{ authorityId: authority.id, personId: p.id, kind: "bench", dedupeKey: `bench:${p.id}`, toAddress: p.email, toName: "P", locale: "de", mail: { subject: "Bench", ...body, attachments: [] } }]);
  });
  committed.set(p.email, performance.now());
  while (!arrivals.has(p.email)) await new Promise((r) => setTimeout(r, 5));
}

// Phase 2: a backlog of n mails in one transaction; throughput from commit to the last arrival.
const backlogStart = performance.now();
await db.transaction(async (tx) => {
  const body = layout("de", { name: "P", paragraphs: ["Bench"], link: { href: "http://localhost/", label: "Link" } });
  await enqueueMails(
    tx,
    persons.map((p) => ({ authorityId: authority.id, personId: p.id, kind: "bench", dedupeKey: `bench-backlog:${p.id}`, toAddress: `backlog-${p.email}`, toName: "P", locale: "de", mail: { subject: "Bench", ...body, attachments: [] } })),
  );
});
const committedBacklog = performance.now();
while (arrivals.size < samples + n) await new Promise((r) => setTimeout(r, 20));
const backlogEnd = performance.now();
await worker.stop();
server.close();
await database.close();
const lat = [...committed].map(([email, at]) => arrivals.get(email)! - at).sort((a, b) => a - b);
const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))];
console.log(
  JSON.stringify({
    latencySamples: samples,
    medianMs: Math.round(q(0.5)),
    p95Ms: Math.round(q(0.95)),
    backlogMails: n,
    backlogThroughputPerS: Math.round((n / ((backlogEnd - committedBacklog) / 1000)) * 10) / 10,
    backlogCommitMs: Math.round(committedBacklog - backlogStart),
    pollMs,
    batchSize: defaultWorkerOptions.batchSize,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  }),
);
