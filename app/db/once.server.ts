// Double-submit protection: every mutating form carries a submission id minted by its loader;
// the action claims the id inside its transaction, so the same form sent twice applies once.
import { eq } from "drizzle-orm";
import { z } from "zod";
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

export async function submissionResult(db: Queryable, id: string): Promise<string | null> {
  const [row] = await db.select({ result: formSubmissions.result }).from(formSubmissions).where(eq(formSubmissions.id, id));
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
  const target = await db.transaction(async (tx) => {
    if (!(await claimSubmission(tx, submissionId, personId))) return null;
    const to = await work(tx);
    await recordSubmissionResult(tx, submissionId, to);
    return to;
  });
  return target ?? (await submissionResult(db, submissionId)) ?? fallback;
}
