// The xAPI statements the worker gave up on (failed after the maximum number of tries) for the
// admin of the authority: what the statement says, whose it is, the last error and the tries;
// and "erneut senden", which puts one back in the queue with its tries reset (audited, applied
// once: a statement that is not failed any more is left alone).
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { audit } from "~/audit/audit.server";
import { notFound } from "~/auth/access.server";
import type { Queryable } from "~/db/client.server";
import { people, xapiStatements } from "~/db/schema";

/** At most this many failed statements are listed (the oldest first); the count says how many there are. */
export const FAILED_LIST_LIMIT = 100;

export interface FailedStatement {
  id: string;
  createdAt: string;
  person: string;
  /** The verb as the statement displays it, per language ("de-DE", "en-US"). */
  verb: Record<string, string>;
  /** The activity's name, or null where the object is a statement reference (a voiding). */
  object: string | null;
  tries: number;
  lastError: string | null;
}

interface StoredStatement {
  verb?: { display?: Record<string, string> };
  object?: { objectType?: string; id?: string; definition?: { name?: Record<string, string> } };
}

export async function xapiQueueStatus(db: Queryable, authorityId: string): Promise<{ pending: number; failed: number; list: FailedStatement[] }> {
  const counts = await db
    .select({ status: xapiStatements.status, n: sql<number>`count(*)::int` })
    .from(xapiStatements)
    .where(eq(xapiStatements.authorityId, authorityId))
    .groupBy(xapiStatements.status);
  const count = (status: string) => counts.find((c) => c.status === status)?.n ?? 0;
  const rows = await db
    .select({
      id: xapiStatements.id,
      createdAt: xapiStatements.createdAt,
      statement: xapiStatements.statement,
      tries: xapiStatements.tries,
      lastError: xapiStatements.lastError,
      givenName: people.givenName,
      familyName: people.familyName,
    })
    .from(xapiStatements)
    .innerJoin(people, eq(people.id, xapiStatements.personId))
    .where(and(eq(xapiStatements.authorityId, authorityId), eq(xapiStatements.status, "failed")))
    .orderBy(asc(xapiStatements.createdAt), desc(xapiStatements.id))
    .limit(FAILED_LIST_LIMIT);
  return {
    pending: count("pending"),
    failed: count("failed"),
    list: rows.map((r) => {
      const s = r.statement as StoredStatement;
      return {
        id: r.id,
        createdAt: r.createdAt.toISOString(),
        person: `${r.givenName} ${r.familyName}`,
        verb: s.verb?.display ?? {},
        object: s.object?.objectType === "StatementRef" ? null : (s.object?.definition?.name?.["de-DE"] ?? s.object?.id ?? null),
        tries: r.tries,
        lastError: r.lastError,
      };
    }),
  };
}

/**
 * Puts a failed statement back in the queue: tries 0, due now, the last error kept until the
 * next try. Audited as xapi.retry. Returns false (and changes nothing) when the statement is not
 * failed (any more): a second click, or the worker already sent it. Another authority's
 * statement does not exist for the admin (404).
 */
export async function retryStatement(db: Queryable, input: { authorityId: string; actorId: string; statementId: string; now: Date }): Promise<boolean> {
  const [row] = await db
    .select({ status: xapiStatements.status, tries: xapiStatements.tries, personId: xapiStatements.personId })
    .from(xapiStatements)
    .where(and(eq(xapiStatements.id, input.statementId), eq(xapiStatements.authorityId, input.authorityId)))
    .for("update");
  if (!row) throw notFound();
  if (row.status !== "failed") return false;
  await db
    .update(xapiStatements)
    .set({ status: "pending", tries: 0, nextAttemptAt: input.now, lockedUntil: null })
    .where(and(eq(xapiStatements.id, input.statementId), eq(xapiStatements.status, "failed")));
  await audit(db, { authorityId: input.authorityId, actorId: input.actorId, action: "xapi.retry", subjectPersonId: row.personId, details: { statementId: input.statementId, tries: row.tries } });
  return true;
}
