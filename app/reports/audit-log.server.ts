// Reading the audit log (HR and admin) with filters, and enforcing its retention.
import { and, desc, eq, gte, ilike, inArray, lt, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Queryable } from "~/db/client.server";
import { auditLog, people, roleDescriptions, staffingPlans, units } from "~/db/schema";
import { competenceById } from "~/competences/framework";
import { catalogForAuthority } from "~/courses/authority-catalog.server";
import { auditIds, describeAuditDetails, type AuditNames } from "./audit-describe";

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

/** Names for the ids in the entries' details (role descriptions, units, plans of the authority). */
export async function auditNames(db: Queryable, authorityId: string, details: (Record<string, unknown> | null)[], locale: "de" | "en"): Promise<AuditNames> {
  const ids = [...new Set(details.flatMap(auditIds))];
  const byId = new Map<string, string>();
  if (ids.length) {
    for (const r of await db.select({ id: roleDescriptions.id, name: roleDescriptions.title }).from(roleDescriptions).where(and(eq(roleDescriptions.authorityId, authorityId), inArray(roleDescriptions.id, ids))))
      byId.set(r.id, r.name);
    for (const u of await db.select({ id: units.id, name: units.name }).from(units).where(and(eq(units.authorityId, authorityId), inArray(units.id, ids)))) byId.set(u.id, u.name);
    for (const p of await db
      .select({ id: staffingPlans.id, unit: units.name, year: staffingPlans.year })
      .from(staffingPlans)
      .innerJoin(units, eq(units.id, staffingPlans.unitId))
      .where(and(eq(staffingPlans.authorityId, authorityId), inArray(staffingPlans.id, ids))))
      byId.set(p.id, `${p.unit} ${p.year}`);
  }
  const catalog = await catalogForAuthority(db, authorityId);
  return {
    byId,
    competence: (id) => competenceById(id)?.name[locale],
    module: (courseId, moduleId) => (moduleId ? catalog.module(courseId, moduleId)?.title : catalog.course(courseId)?.title),
  };
}

/** The entries with their details in words (see audit-describe.ts). */
export async function describeAuditEntries<E extends { details: Record<string, unknown> | null }>(db: Queryable, authorityId: string, entries: E[], locale: "de" | "en") {
  const names = await auditNames(db, authorityId, entries.map((e) => e.details), locale);
  return entries.map(({ details, ...rest }) => ({ ...rest, details: describeAuditDetails(details, names) }));
}

export async function listAuditActions(db: Queryable, authorityId: string) {
  const rows = await db.selectDistinct({ action: auditLog.action }).from(auditLog).where(eq(auditLog.authorityId, authorityId)).orderBy(auditLog.action);
  return rows.map((r) => r.action);
}

/** Deletes entries older than each authority's auditRetentionMonths (default 24), in one statement. */
export async function pruneAuditLog(db: Queryable, now = new Date()) {
  // Raw SQL: drizzle's delete has no USING (a join to each authority's setting in one statement).
  await db.execute(sql`
    delete from audit_log a
    using authorities au
    where a.authority_id = au.id
      and a.created_at < ${now.toISOString()}::timestamptz - make_interval(months => coalesce((au.settings->>'auditRetentionMonths')::int, 24))`);
}
