// Start-up and shutdown of one app instance: open and migrate the database, sync the
// competence framework, seed demo data where asked, and schedule the periodic clean-up.
import path from "node:path";
import { eq, lt } from "drizzle-orm";
import { pruneAttempts } from "~/auth/throttle.server";
import { syncFramework } from "~/competences/sync.server";
import { prepareCourses } from "~/courses/modules.server";
import { pruneAuditLog } from "~/reports/audit-log.server";
import { takeMonthlySnapshots } from "~/reports/coverage.server";
import { pruneImportBatches } from "~/staff-import/import.server";
import { eraseLeavers } from "~/people/retention.server";
import { getDatabase, isEmpty, openDatabase, setDatabase, type Database } from "~/db/client.server";
import { authorities, sessions } from "~/db/schema";
import { getEnv } from "~/env.server";
import { logger } from "~/ops/logger.server";
import { startMail, stopMail } from "~/mail/service.server";
import { queueScheduledMails } from "~/learning/scheduled-mails.server";
import { pruneMailBodies } from "~/mail/outbox.server";
import { startXapi, stopXapi } from "~/xapi/worker.server";
import { demoAuthority } from "~/seed/demo-data";
import { seedDemo } from "~/seed/demo.server";

export interface StartupReport {
  database: Database["kind"];
  seeded: boolean;
  /** The demo authority exists (the banner then shows the demo sign-in). */
  demo: boolean;
  milliseconds: number;
}

type StartupStep = (database: Database) => Promise<void>;
/** Start-up work of the areas (course compilation, snapshots), run in this order. */
const steps: { name: string; run: StartupStep }[] = [
  // Compiles the course modules missing from COURSE_CACHE_DIR and loads the module index.
  { name: "courses", run: async () => void (await prepareCourses()) },
  // Coverage trend: this month's snapshot per authority, if not taken yet.
  { name: "coverage-snapshots", run: async (database) => void (await takeMonthlySnapshots(database.db)) },
];

let cleanupTimer: NodeJS.Timeout | undefined;
/** `now` is the clock of retention decisions (tests inject one; production passes the real time). */
type CleanupTask = (database: Database, now: Date) => Promise<void>;
/** Periodic clean-up of the areas (retention), run hourly by every instance; each task is idempotent. */
const cleanupTasks: CleanupTask[] = [
  (database) => pruneAttempts(database.db),
  async (database) => {
    await database.db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
  },
  // Audit log retention (auditRetentionMonths per authority), staged imports, monthly snapshots.
  (database) => pruneAuditLog(database.db),
  (database) => pruneImportBatches(database.db),
  async (database) => void (await takeMonthlySnapshots(database.db)),
  // People who left: erased once the authority's leaverRetentionMonths has passed (Art. 17).
  async (database, now) => void (await eraseLeavers(database.db, now)),
  // Reminders, expiring evidence and leads' digests enter the outbox even without SMTP (then /admin/mail shows them).
  async (database, now) => void (await queueScheduledMails(database.db, now)),
  // Mail content: set-password links never outlive their link, other bodies MAIL_KEEP_DAYS (docs/privacy.md).
  async (database, now) => void (await pruneMailBodies(database.db, getEnv().MAIL_KEEP_DAYS, now)),
];

export async function runCleanup(now = new Date()) {
  const database = getDatabase();
  for (const task of cleanupTasks) await task(database, now);
}

export async function startup(): Promise<StartupReport> {
  const started = performance.now();
  const env = getEnv();
  const database = await openDatabase(
    env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir: path.resolve(env.DATA_DIR, "pglite"), sharedBuffers: env.PGLITE_SHARED_BUFFERS },
  );
  await database.migrate();
  setDatabase(database);
  await syncFramework(database.db);
  const embeddedAndEmpty = database.kind === "pglite" && (await isEmpty(database.db));
  const seeded = embeddedAndEmpty || env.SEED_DEMO ? await seedDemo(database.db) : false;
  for (const step of steps) {
    const t0 = performance.now();
    await step.run(database);
    logger.info({ step: step.name, ms: Math.round(performance.now() - t0) }, "start-up step done");
  }
  // Hourly clean-up; unref so it never keeps the process alive.
  cleanupTimer = setInterval(() => {
    runCleanup().catch((err) => logger.error({ err }, "clean-up failed"));
  }, 3_600_000);
  cleanupTimer.unref();
  startMail(queueScheduledMails);
  startXapi();
  const demo = (await database.db.select({ id: authorities.id }).from(authorities).where(eq(authorities.slug, demoAuthority.slug))).length > 0;
  const report = { database: database.kind, seeded, demo, milliseconds: Math.round(performance.now() - started) };
  logger.info(report, "horizont started");
  return report;
}

export async function shutdown() {
  if (cleanupTimer) clearInterval(cleanupTimer);
  await stopMail();
  await stopXapi();
  const database = (() => {
    try {
      return getDatabase();
    } catch {
      return undefined;
    }
  })();
  setDatabase(undefined);
  await database?.close();
}
