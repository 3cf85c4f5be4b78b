// The outbox worker: every app instance runs one. It delivers the outbox through the shared
// database queue (app/ops/queue.server.ts: FOR UPDATE SKIP LOCKED, a short lease, retry with
// exponential back-off, failed after maxTries) over SMTP with nodemailer.
import { eq, sql } from "drizzle-orm";
import nodemailer, { type Transporter } from "nodemailer";
import type { Queryable } from "~/db/client.server";
import { outbox } from "~/db/schema";
import { defaultQueueOptions, runQueueOnce, startQueueWorker, type Claimed as QueueRow, type Queue, type QueueOptions } from "~/ops/queue.server";
import { headerSafe } from "./compose.server";
import { credentialKinds } from "./outbox.server";

export { backoffFor } from "~/ops/queue.server";

export interface WorkerOptions extends QueueOptions {
  from: string;
}

export const defaultWorkerOptions: Omit<WorkerOptions, "from"> = defaultQueueOptions;

const claimedColumns = {
  kind: outbox.kind,
  toAddress: outbox.toAddress,
  toName: outbox.toName,
  subject: outbox.subject,
  textBody: outbox.textBody,
  htmlBody: outbox.htmlBody,
  attachments: outbox.attachments,
};
type Claimed = QueueRow<typeof claimedColumns>;

/** The SMTP answer or error in one line, without anything that could be a secret (no URL). */
function describeError(err: unknown): string {
  const e = err as { responseCode?: number; response?: string; code?: string; message?: string };
  const text = e.response ?? e.message ?? String(err);
  return headerSafe(`${e.responseCode ? `${e.responseCode} ` : e.code ? `${e.code}: ` : ""}${text}`).slice(0, 500);
}

function outboxQueue(transport: Transporter, options: WorkerOptions): Queue<typeof claimedColumns> {
  return {
    table: outbox,
    columns: claimedColumns,
    describeError,
    recordSent: (db, row) => recordSent(db, row, options),
    deliver: async (row) => {
      await transport.sendMail({
        from: options.from,
        // An address object: nodemailer encodes the name, so no name can add a header.
        to: { name: headerSafe(row.toName), address: headerSafe(row.toAddress) },
        subject: headerSafe(row.subject),
        text: row.textBody,
        html: row.htmlBody,
        // A stable Message-ID: should a send ever be repeated (crash between send and record),
        // receiving systems see the same message.
        messageId: `<${row.id}@horizont.outbox>`,
        attachments: row.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
      });
    },
  };
}

/** One pass: claim, send, record. Returns what happened (for tests and metrics). */
export async function runOutboxOnce(db: Queryable, transport: Transporter, options: WorkerOptions, now = new Date()) {
  return runQueueOnce(db, outboxQueue(transport, options), options, now);
}

/**
 * Marks a mail the SMTP server accepted as sent; a mail that carries a credential loses its body
 * in the same statement (retention, docs/privacy.md). If the database is away at that moment the
 * update is retried for up to half the lease: otherwise the lease would run out and another run
 * would send the mail a second time.
 */
async function recordSent(db: Queryable, row: Claimed, options: WorkerOptions) {
  const credential = (credentialKinds as readonly string[]).includes(row.kind);
  const blank = credential ? { textBody: "", htmlBody: "", attachments: [] } : {};
  const until = Date.now() + options.leaseMs / 2;
  for (let pause = 100; ; pause = Math.min(pause * 2, 2_000)) {
    try {
      await db
        .update(outbox)
        .set({ status: "sent", sentAt: sql`now()`, lockedUntil: null, lastError: null, ...blank })
        .where(eq(outbox.id, row.id));
      return;
    } catch (err) {
      if (Date.now() + pause > until) throw err;
      await new Promise((r) => setTimeout(r, pause));
    }
  }
}

/**
 * The SMTP transport: a small pool of kept-open connections (a batch goes out over them without a
 * handshake per mail) with short timeouts, so a hanging server cannot hold a claimed batch for
 * minutes. The options go into the transport's own options: as nodemailer's second argument they
 * would only be defaults for each message, and the timeouts would never apply.
 */
export function smtpTransport(url: string, timeouts: { connectionMs?: number; greetingMs?: number; socketMs?: number } = {}): Transporter {
  return nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: 3,
    connectionTimeout: timeouts.connectionMs ?? 10_000,
    greetingTimeout: timeouts.greetingMs ?? 10_000,
    socketTimeout: timeouts.socketMs ?? 30_000,
  });
}

/**
 * Runs the worker every intervalMs until stopped (each run also queues due reminders through
 * `beforeRun`); see startQueueWorker.
 */
export function startOutboxWorker(input: {
  db: () => Queryable;
  transport: Transporter;
  options: WorkerOptions;
  intervalMs: number;
  beforeRun?: (db: Queryable) => Promise<unknown>;
  onError: (err: unknown) => void;
}): { stop: () => Promise<void>; runNow: () => Promise<void> } {
  return startQueueWorker({
    db: input.db,
    runOnce: (db) => runOutboxOnce(db, input.transport, input.options),
    batchSize: input.options.batchSize,
    intervalMs: input.intervalMs,
    beforeRun: input.beforeRun,
    onError: input.onError,
    onStop: () => input.transport.close(),
  });
}
