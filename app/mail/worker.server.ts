// The outbox worker: every app instance runs one. It delivers the outbox through the shared
// database queue (app/ops/queue.server.ts: FOR UPDATE SKIP LOCKED, a short lease, retry with
// exponential back-off, failed after maxTries) over SMTP with nodemailer.
import { sql } from "drizzle-orm";
import nodemailer, { type Transporter } from "nodemailer";
import type { Queryable } from "~/db/client.server";
import type { MailAttachment } from "~/db/schema";
import { defaultQueueOptions, runQueueOnce, startQueueWorker, type Queue, type QueueOptions } from "~/ops/queue.server";
import { headerSafe } from "./compose.server";
import { credentialKinds } from "./outbox.server";

export { backoffFor } from "~/ops/queue.server";

export interface WorkerOptions extends QueueOptions {
  from: string;
}

export const defaultWorkerOptions: Omit<WorkerOptions, "from"> = defaultQueueOptions;

interface Claimed {
  id: string;
  kind: string;
  to_address: string;
  to_name: string;
  subject: string;
  text_body: string;
  html_body: string;
  attachments: MailAttachment[];
  tries: number;
}

/** The SMTP answer or error in one line, without anything that could be a secret (no URL). */
function describeError(err: unknown): string {
  const e = err as { responseCode?: number; response?: string; code?: string; message?: string };
  const text = e.response ?? e.message ?? String(err);
  return headerSafe(`${e.responseCode ? `${e.responseCode} ` : e.code ? `${e.code}: ` : ""}${text}`).slice(0, 500);
}

function outboxQueue(transport: Transporter, options: WorkerOptions): Queue<Claimed> {
  return {
    table: "outbox",
    columns: ["kind", "to_address", "to_name", "subject", "text_body", "html_body", "attachments"],
    describeError,
    recordSent: (db, row) => recordSent(db, row, options),
    deliver: async (row) => {
      await transport.sendMail({
        from: options.from,
        // An address object: nodemailer encodes the name, so no name can add a header.
        to: { name: headerSafe(row.to_name), address: headerSafe(row.to_address) },
        subject: headerSafe(row.subject),
        text: row.text_body,
        html: row.html_body,
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
  const blank = credential ? sql`, text_body = '', html_body = '', attachments = '[]'::jsonb` : sql``;
  const until = Date.now() + options.leaseMs / 2;
  for (let pause = 100; ; pause = Math.min(pause * 2, 2_000)) {
    try {
      await db.execute(sql`update outbox set status = 'sent', sent_at = now(), locked_until = null, last_error = null${blank} where id = ${row.id}`);
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
