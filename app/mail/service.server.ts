// The mail service of one app instance: with SMTP_URL it runs the outbox worker (and queues what
// the calendar makes due: reminders, expiring evidence, leads' digests); without it mails stay in
// the outbox for /admin/mail. Which mails are due is the areas' business: start-up hands in the job.
import { getDb, type Queryable } from "~/db/client.server";
import { getEnv } from "~/env.server";
import { logger } from "~/ops/logger.server";
import { defaultWorkerOptions, smtpTransport, startOutboxWorker } from "./worker.server";

let worker: ReturnType<typeof startOutboxWorker> | undefined;
let lastReminderRun = 0;

export function mailConfigured(): boolean {
  return Boolean(getEnv().SMTP_URL);
}

/** Starts the outbox worker; `queueScheduled` queues the mails the calendar makes due (app/learning/scheduled-mails.server). */
export function startMail(queueScheduled: (db: Queryable, now: Date) => Promise<unknown>) {
  const env = getEnv();
  if (!env.SMTP_URL || worker) {
    if (!env.SMTP_URL) logger.info("no SMTP_URL: mail stays in the outbox (/admin/mail)");
    return;
  }
  worker = startOutboxWorker({
    db: getDb,
    transport: smtpTransport(env.SMTP_URL),
    options: { ...defaultWorkerOptions, from: env.MAIL_FROM, maxTries: env.MAIL_MAX_TRIES, backoffMs: env.MAIL_RETRY_MS },
    intervalMs: env.MAIL_POLL_MS,
    // Scheduled mails at most once per MAIL_SCHEDULE_MS per instance; the dedupe keys keep instances from repeating each other.
    beforeRun: async (db) => {
      if (Date.now() - lastReminderRun < env.MAIL_SCHEDULE_MS) return;
      lastReminderRun = Date.now();
      await queueScheduled(db, new Date());
    },
    onError: (err) => logger.warn({ err }, "mail worker run failed; next run retries"),
  });
  logger.info("mail worker started");
}

export async function stopMail() {
  const w = worker;
  worker = undefined;
  lastReminderRun = 0;
  await w?.stop();
}
