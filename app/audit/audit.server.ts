// Writes audit log entries: who did or viewed what, about whom. No clickstream, no page timings.
import type { Queryable } from "~/db/client.server";
import { auditLog } from "~/db/schema";

export interface AuditEntry {
  /** Null only where no authority is known (e.g. a directory sign-in with an unknown state). */
  authorityId: string | null;
  actorId: string | null;
  action: string;
  subjectPersonId?: string | null;
  details?: Record<string, unknown>;
}

export async function audit(db: Queryable, entry: AuditEntry) {
  await db.insert(auditLog).values({
    authorityId: entry.authorityId,
    actorId: entry.actorId,
    action: entry.action,
    subjectPersonId: entry.subjectPersonId ?? null,
    details: entry.details ?? null,
  });
}
