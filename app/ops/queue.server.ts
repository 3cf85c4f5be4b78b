// A delivery queue in a database table, shared by the mail outbox (app/mail) and the xAPI
// statements (app/xapi). Rows are written in the transaction of the event that causes them; a
// worker in every app instance claims due rows with FOR UPDATE SKIP LOCKED and a short lease (two
// instances never claim the same row, a crashed sender's rows come back after the lease),
// delivers them and records the outcome: sent, a later retry with exponential back-off, or
// failed after maxTries. The table needs the columns id, status (outbox_status), tries,
// next_attempt_at, locked_until, last_error, created_at and sent_at.
import { and, eq, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { SelectResultFields } from "drizzle-orm/query-builders/select.types";
import type { Queryable } from "~/db/client.server";
import type { outbox, xapiStatements } from "~/db/schema";

export interface QueueOptions {
  /** Tries before a row is marked failed. */
  maxTries: number;
  /** Pause after the first failed try; doubles with each further try (capped at maxBackoffMs). */
  backoffMs: number;
  maxBackoffMs: number;
  /** How long a claim holds before another worker may take the row again. */
  leaseMs: number;
  batchSize: number;
}

export const defaultQueueOptions: QueueOptions = {
  maxTries: 6,
  backoffMs: 30_000,
  maxBackoffMs: 3_600_000,
  leaseMs: 120_000,
  batchSize: 20,
};

export function backoffFor(tries: number, options: Pick<QueueOptions, "backoffMs" | "maxBackoffMs">): number {
  return Math.min(options.backoffMs * 2 ** Math.max(0, tries - 1), options.maxBackoffMs);
}

/** The tables that are queues (same queue columns in both). */
export type QueueTable = typeof outbox | typeof xapiStatements;

/** A claimed row: id and tries (counted at the claim), and the columns the queue asked for. */
export type Claimed<Columns extends Record<string, PgColumn>> = { id: string; tries: number } & SelectResultFields<Columns>;

export interface Queue<Columns extends Record<string, PgColumn>> {
  table: QueueTable;
  /** The columns a delivery needs besides id and tries, e.g. `{ statement: xapiStatements.statement }`. */
  columns: Columns;
  deliver: (row: Claimed<Columns>) => Promise<void>;
  /** The error in one line, without secrets (no URL, no credentials). */
  describeError: (err: unknown) => string;
  /**
   * Records a delivered row as sent (default: status 'sent'). Runs outside the delivery's error
   * handling: a database that is away at this moment must not turn a delivered row into a retry.
   */
  recordSent?: (db: Queryable, row: Claimed<Columns>) => Promise<void>;
}

/** Claims up to batchSize due rows for this worker (one short statement); tries is counted here. */
async function claim<Columns extends Record<string, PgColumn>>(db: Queryable, queue: Queue<Columns>, options: QueueOptions, now: Date) {
  const t = queue.table;
  const due = db
    .select({ id: t.id })
    .from(t)
    .where(and(eq(t.status, "pending"), lte(t.nextAttemptAt, now), or(isNull(t.lockedUntil), lt(t.lockedUntil, now))))
    .orderBy(t.nextAttemptAt, t.createdAt)
    .limit(options.batchSize)
    .for("update", { skipLocked: true });
  const rows = await db
    .update(t)
    .set({ tries: sql`${t.tries} + 1`, lockedUntil: new Date(now.getTime() + options.leaseMs) })
    .where(inArray(t.id, due))
    .returning({ ...queue.columns, id: t.id, tries: t.tries });
  // drizzle's result type of a generic selection does not resolve; the selection above is Claimed<Columns>.
  return rows as Claimed<Columns>[];
}

/** One pass: claim, deliver, record. Returns what happened (for tests and metrics). */
export async function runQueueOnce<Columns extends Record<string, PgColumn>>(db: Queryable, queue: Queue<Columns>, options: QueueOptions, now = new Date()) {
  const t = queue.table;
  const rows = await claim(db, queue, options, now);
  let sent = 0;
  let retried = 0;
  let failed = 0;
  for (const row of rows) {
    try {
      await queue.deliver(row);
    } catch (err) {
      const message = queue.describeError(err);
      if (row.tries >= options.maxTries) {
        await db.update(t).set({ status: "failed", lockedUntil: null, lastError: message }).where(eq(t.id, row.id));
        failed++;
      } else {
        const next = new Date(now.getTime() + backoffFor(row.tries, options));
        await db.update(t).set({ lockedUntil: null, lastError: message, nextAttemptAt: next }).where(eq(t.id, row.id));
        retried++;
      }
      continue;
    }
    if (queue.recordSent) await queue.recordSent(db, row);
    else await db.update(t).set({ status: "sent", sentAt: sql`now()`, lockedUntil: null, lastError: null }).where(eq(t.id, row.id));
    sent++;
  }
  return { claimed: rows.length, sent, retried, failed };
}

/**
 * Runs `runOnce` every intervalMs until stopped (after `beforeRun`, e.g. queueing due reminders).
 * Runs never overlap within an instance; a full batch is followed at once by the next, so a
 * backlog drains quickly; errors (database or receiver down) go to `onError` and the next tick
 * tries again.
 */
export function startQueueWorker<Db>(input: {
  db: () => Db;
  runOnce: (db: Db) => Promise<{ claimed: number }>;
  batchSize: number;
  intervalMs: number;
  beforeRun?: (db: Db) => Promise<unknown>;
  onError: (err: unknown) => void;
  onStop?: () => void;
}): { stop: () => Promise<void>; runNow: () => Promise<void> } {
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return running ?? Promise.resolve();
    running = (async () => {
      try {
        if (input.beforeRun) await input.beforeRun(input.db());
        for (;;) {
          const r = await input.runOnce(input.db());
          if (r.claimed < input.batchSize || stopped) break;
        }
      } catch (err) {
        input.onError(err);
      } finally {
        running = undefined;
      }
    })();
    return running;
  };
  const timer = setInterval(tick, input.intervalMs);
  timer.unref();
  return {
    runNow: tick,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
      input.onStop?.();
    },
  };
}
