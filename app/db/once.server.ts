// Double-submit protection: every mutating form carries a submission id minted by its loader;
// the action claims the id inside its transaction, so the same form sent twice applies once.
import { and, eq } from "drizzle-orm";
import * as z from "zod";
import type { Db, Queryable, Tx } from "./client.server";
import { formSubmissions } from "./schema";

export const submissionIdField = z.uuid({ error: "validation.required" });

/** True when this id was not seen before (the caller goes ahead), false for a repeat. */
export async function claimSubmission(db: Queryable, id: string, personId: string | null): Promise<boolean> {
  const rows = await db.insert(formSubmissions).values({ id, personId }).onConflictDoNothing().returning({ id: formSubmissions.id });
  return rows.length === 1;
}

/** Remember where the first submission led, so a repeat can land on the same page. */
export async function recordSubmissionResult(db: Queryable, id: string, result: string) {
  await db.update(formSubmissions).set({ result }).where(eq(formSubmissions.id, id));
}

/** Where the first submission led, only for the person who made it (an id alone reveals nothing). */
export async function submissionResult(db: Queryable, id: string, personId: string): Promise<string | null> {
  const [row] = await db
    .select({ result: formSubmissions.result })
    .from(formSubmissions)
    .where(and(eq(formSubmissions.id, id), eq(formSubmissions.personId, personId)));
  return row?.result ?? null;
}

/**
 * Runs `work` in one transaction, once per submission id, and returns where to go next: the path
 * `work` returned, or, for a repeated submit, the path the first one led to (else `fallback`).
 */
export async function applyOnce(
  db: Db,
  submissionId: string,
  personId: string,
  fallback: string,
  work: (tx: Tx) => Promise<string>,
): Promise<string> {
  const outcome = await applyOnceWith(db, submissionId, personId, fallback, async (tx) => ({ to: await work(tx), answer: null }));
  return outcome.to;
}

/** What a submission applied once answers: the first time `work`'s answer, a repeat only where the first led. */
export type OnceOutcome<T> = { repeat: false; to: string; answer: T } | { repeat: true; to: string };

/**
 * applyOnce for an action whose first answer is more than a redirect (a page showing a new
 * account's set-password link): `work` returns where the submission led (remembered for a repeat)
 * and the answer of this first submit; a repeat gets only the path the first one led to.
 */
export async function applyOnceWith<T>(
  db: Db,
  submissionId: string,
  personId: string,
  fallback: string,
  work: (tx: Tx) => Promise<{ to: string; answer: T }>,
): Promise<OnceOutcome<T>> {
  const first = await db.transaction(async (tx) => {
    if (!(await claimSubmission(tx, submissionId, personId))) return null;
    const done = await work(tx);
    await recordSubmissionResult(tx, submissionId, done.to);
    return done;
  });
  if (first) return { repeat: false, ...first };
  return { repeat: true, to: (await submissionResult(db, submissionId, personId)) ?? fallback };
}
