// A delivery queue in a database table, shared by the mail outbox (app/mail) and the xAPI
// statements (app/xapi). Rows are written in the transaction of the event that causes them; a
// worker in every app instance claims due rows with FOR UPDATE SKIP LOCKED and a short lease (two
// instances never claim the same row, a crashed sender's rows come back after the lease),
// delivers them and records the outcome: sent, a later retry with exponential back-off, or
// failed after maxTries. The table needs the columns id, status (outbox_status), tries,
// next_attempt_at, locked_until, last_error, created_at and sent_at.
import { sql } from "drizzle-orm";
import { rowsOf, type Queryable } from "~/db/client.server";

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

export interface Queue<Row extends { id: string; tries: number }> {
  /** The table (a fixed name from the code, never input). */
  table: "outbox" | "xapi_statements";
  /** The columns a delivery needs (besides id and tries), as written in SQL. */
  columns: readonly string[];
  deliver: (row: Row) => Promise<void>;
  /** The error in one line, without secrets (no URL, no credentials). */
  describeError: (err: unknown) => string;
  /**
   * Records a delivered row as sent (default: status 'sent'). Runs outside the delivery's error
   * handling: a database that is away at this moment must not turn a delivered row into a retry.
   */
  recordSent?: (db: Queryable, row: Row) => Promise<void>;
}

/** Claims up to batchSize due rows for this worker (one short statement); tries is counted here. */
async function claim<Row>(db: Queryable, queue: Queue<{ id: string; tries: number }>, options: QueueOptions, now: Date): Promise<Row[]> {
  const table = sql.identifier(queue.table);
  const columns = sql.raw(["id", "tries", ...queue.columns].map((c) => `q.${c}`).join(", "));
  return rowsOf<Row>(
    await db.execute(sql`
      update ${table} q set tries = q.tries + 1, locked_until = ${new Date(now.getTime() + options.leaseMs).toISOString()}::timestamptz
      where q.id in (
        select id from ${table}
        where status = 'pending' and next_attempt_at <= ${now.toISOString()}::timestamptz
          and (locked_until is null or locked_until < ${now.toISOString()}::timestamptz)
        order by next_attempt_at, created_at
        limit ${options.batchSize}
        for update skip locked)
      returning ${columns}`),
  );
}

/** One pass: claim, deliver, record. Returns what happened (for tests and metrics). */
export async function runQueueOnce<Row extends { id: string; tries: number }>(db: Queryable, queue: Queue<Row>, options: QueueOptions, now = new Date()) {
  const table = sql.identifier(queue.table);
  const rows = await claim<Row>(db, queue as unknown as Queue<{ id: string; tries: number }>, options, now);
  let sent = 0;
  let retried = 0;
  let failed = 0;
  for (const row of rows) {
    try {
      await queue.deliver(row);
    } catch (err) {
      const message = queue.describeError(err);
      if (row.tries >= options.maxTries) {
        await db.execute(sql`update ${table} set status = 'failed', locked_until = null, last_error = ${message} where id = ${row.id}`);
        failed++;
      } else {
        const next = new Date(now.getTime() + backoffFor(row.tries, options));
        await db.execute(sql`update ${table} set locked_until = null, last_error = ${message}, next_attempt_at = ${next.toISOString()}::timestamptz where id = ${row.id}`);
        retried++;
      }
      continue;
    }
    if (queue.recordSent) await queue.recordSent(db, row);
    else await db.execute(sql`update ${table} set status = 'sent', sent_at = now(), locked_until = null, last_error = null where id = ${row.id}`);
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
