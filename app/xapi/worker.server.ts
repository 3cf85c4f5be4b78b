// Sends queued xAPI statements to the learning record store (XAPI_ENDPOINT) with @xapi/xapi,
// through the shared database queue (app/ops/queue.server.ts): claimed with SKIP LOCKED and a
// lease, retried with back-off while the LRS is down. Each statement keeps its id, and an LRS
// stores one statement per id: a send repeated after a crash between sending and recording adds
// nothing there (an LRS answering 409 Conflict for a known id counts as delivered).
import XAPI from "@xapi/xapi";
import type { Queryable } from "~/db/client.server";
import { getDb } from "~/db/client.server";
import { xapiStatements } from "~/db/schema";
import { getEnv } from "~/env.server";
import { logger } from "~/ops/logger.server";
import { defaultQueueOptions, runQueueOnce, startQueueWorker, type Queue, type QueueOptions } from "~/ops/queue.server";

export interface LrsConfig {
  endpoint: string;
  username?: string;
  password?: string;
}

export function lrsClient(config: LrsConfig) {
  const endpoint = config.endpoint.endsWith("/") ? config.endpoint : `${config.endpoint}/`;
  return new XAPI({ endpoint, auth: config.username ? XAPI.toBasicAuth(config.username, config.password ?? "") : undefined, version: "1.0.3" });
}

/** The LRS answer in one line: status and its message, never the endpoint or the credentials. */
function describeError(err: unknown): string {
  const e = err as { response?: { status?: number; data?: unknown }; code?: string; message?: string };
  if (e.response?.status) {
    const data = typeof e.response.data === "string" ? e.response.data : JSON.stringify(e.response.data ?? "");
    return `HTTP ${e.response.status}: ${data}`.replace(/\s+/g, " ").slice(0, 500);
  }
  return `${e.code ? `${e.code}: ` : ""}${e.message ?? String(err)}`.replace(/https?:\/\/\S+/g, "<endpoint>").slice(0, 500);
}

function statementQueue(client: XAPI) {
  const queue: Queue<{ statement: typeof xapiStatements.statement }> = {
    table: xapiStatements,
    columns: { statement: xapiStatements.statement },
    describeError,
    deliver: async (row) => {
      try {
        await client.sendStatement({ statement: row.statement as never });
      } catch (err) {
        if ((err as { response?: { status?: number } }).response?.status === 409) return;
        throw err;
      }
    },
  };
  return queue;
}

export const defaultXapiOptions: QueueOptions = { ...defaultQueueOptions, maxTries: 50 };

export function runXapiOnce(db: Queryable, client: XAPI, options: QueueOptions = defaultXapiOptions, now = new Date()) {
  return runQueueOnce(db, statementQueue(client), options, now);
}

let worker: ReturnType<typeof startQueueWorker> | undefined;

/** With XAPI_ENDPOINT, every instance sends the queued statements; without, they stay queued. */
export function startXapi() {
  const env = getEnv();
  if (!env.XAPI_ENDPOINT || worker) return;
  const client = lrsClient({ endpoint: env.XAPI_ENDPOINT, username: env.XAPI_USERNAME, password: env.XAPI_PASSWORD });
  const options = { ...defaultXapiOptions, backoffMs: env.XAPI_RETRY_MS };
  worker = startQueueWorker({
    db: getDb,
    runOnce: (db) => runXapiOnce(db, client, options),
    batchSize: options.batchSize,
    intervalMs: env.XAPI_POLL_MS,
    onError: (err) => logger.warn({ err: describeError(err) }, "xAPI worker run failed; next run retries"),
  });
  logger.info("xAPI worker started");
}

export async function stopXapi() {
  const w = worker;
  worker = undefined;
  await w?.stop();
}
