// Reading the audit log (HR and admin) with filters, and enforcing its retention.
import { and, desc, eq, gte, ilike, lt, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Queryable } from "~/db/client.server";
import { auditLog, people } from "~/db/schema";

export interface AuditFilter {
  action?: string;
  person?: string;
  from?: string;
  to?: string;
}

export const AUDIT_PAGE_SIZE = 200;

export async function listAuditEntries(db: Queryable, authorityId: string, filter: AuditFilter) {
  const actor = alias(people, "actor");
  const subject = alias(people, "subject");
  const q = filter.person?.trim();
  const like = q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  const rows = await db
    .select({
      id: auditLog.id,
      action: auditLog.action,
      details: auditLog.details,
      createdAt: auditLog.createdAt,
      actorName: sql<string | null>`${actor.givenName} || ' ' || ${actor.familyName}`,
      subjectName: sql<string | null>`${subject.givenName} || ' ' || ${subject.familyName}`,
    })
    .from(auditLog)
    .leftJoin(actor, eq(actor.id, auditLog.actorId))
    .leftJoin(subject, eq(subject.id, auditLog.subjectPersonId))
    .where(
      and(
        eq(auditLog.authorityId, authorityId),
        filter.action ? eq(auditLog.action, filter.action) : undefined,
        filter.from ? gte(auditLog.createdAt, new Date(`${filter.from}T00:00:00Z`)) : undefined,
        filter.to ? lt(auditLog.createdAt, new Date(new Date(`${filter.to}T00:00:00Z`).getTime() + 86_400_000)) : undefined,
        like
          ? or(
              ilike(sql`${actor.givenName} || ' ' || ${actor.familyName}`, like),
              ilike(actor.email, like),
              ilike(sql`${subject.givenName} || ' ' || ${subject.familyName}`, like),
              ilike(subject.email, like),
            )
          : undefined,
      ),
    )
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(AUDIT_PAGE_SIZE + 1);
  return {
    entries: rows.slice(0, AUDIT_PAGE_SIZE).map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), details: r.details as Record<string, unknown> | null })),
    more: rows.length > AUDIT_PAGE_SIZE,
  };
}

export async function listAuditActions(db: Queryable, authorityId: string) {
  const rows = await db.selectDistinct({ action: auditLog.action }).from(auditLog).where(eq(auditLog.authorityId, authorityId)).orderBy(auditLog.action);
  return rows.map((r) => r.action);
}

/** Deletes entries older than each authority's auditRetentionMonths (default 24), in one statement. */
export async function pruneAuditLog(db: Queryable, now = new Date()) {
  await db.execute(sql`
    delete from audit_log a
    using authorities au
    where a.authority_id = au.id
      and a.created_at < ${now.toISOString()}::timestamptz - make_interval(months => coalesce((au.settings->>'auditRetentionMonths')::int, 24))`);
}
