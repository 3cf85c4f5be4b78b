// Importing people from a staff list: stage the file, preview with per-row errors, then commit
// all rows in one transaction (one bad row and nothing is written). Imported accounts are
// inactive without a password until HR creates set-password links.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Queryable } from "~/db/client.server";
import { importBatches, people, personRoles, roleDescriptions, units } from "~/db/schema";
import { checkAddresses, createPasswordToken } from "~/people/accounts.server";
import { mailSetPasswordLink } from "~/people/account-mails.server";
import { parseImportCsv, type ImportRow } from "./import-parse";

export class ImportError extends Error {
  constructor(readonly messageKey: string) {
    super(messageKey);
  }
}

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

export async function stageImport(db: Queryable, authorityId: string, actorId: string, fileName: string, content: string) {
  const [row] = await db
    .insert(importBatches)
    .values({ authorityId, createdBy: actorId, fileName: fileName.slice(0, 200) || "import.csv", content })
    .returning({ id: importBatches.id });
  return row.id;
}

export async function getBatch(db: Queryable, authorityId: string, batchId: string) {
  const [batch] = await db
    .select()
    .from(importBatches)
    .where(and(eq(importBatches.id, batchId), eq(importBatches.authorityId, authorityId)));
  return batch ?? null;
}

export interface ResolvedRow extends ImportRow {
  unitId: string | null;
  roleDescriptionId: string | null;
}

/** Parses the staged file and checks every row against the authority (set-based lookups). */
export async function previewImport(db: Queryable, authorityId: string, content: string) {
  const parsed = parseImportCsv(content);
  if (!parsed.ok) return { ok: false as const, error: parsed.error };
  const unitRows = await db.select({ id: units.id, name: units.name }).from(units).where(eq(units.authorityId, authorityId));
  const roleRows = await db
    .select({ id: roleDescriptions.id, title: roleDescriptions.title })
    .from(roleDescriptions)
    .where(and(eq(roleDescriptions.authorityId, authorityId), eq(roleDescriptions.status, "active")));
  const key = (s: string) => s.trim().toLocaleLowerCase("de");
  // Unit names are unique per parent, not per authority: an ambiguous name is an error.
  const unitByName = new Map<string, string | "ambiguous">();
  for (const u of unitRows) unitByName.set(key(u.name), unitByName.has(key(u.name)) ? "ambiguous" : u.id);
  const roleByTitle = new Map(roleRows.map((r) => [key(r.title), r.id]));
  // "Taken" only about this authority's people; another authority's domain is refused as a whole.
  const addressProblems = await checkAddresses(db, authorityId, parsed.rows.map((r) => r.email));
  const rows: ResolvedRow[] = parsed.rows.map((row) => {
    const errors = [...row.errors];
    const unit = row.unit ? unitByName.get(key(row.unit)) : undefined;
    if (row.unit && unit === undefined) errors.push("hr.import.errors.unitUnknown");
    if (unit === "ambiguous") errors.push("hr.import.errors.unitAmbiguous");
    const roleId = row.role ? roleByTitle.get(key(row.role)) : undefined;
    if (row.role && !roleId) errors.push("hr.import.errors.roleUnknown");
    const addressProblem = row.email ? addressProblems.get(row.email) : undefined;
    if (addressProblem === "taken") errors.push("hr.import.errors.emailTaken");
    if (addressProblem === "foreignDomain") errors.push("hr.import.errors.emailDomainForeign");
    return { ...row, errors, unitId: unit && unit !== "ambiguous" ? unit : null, roleDescriptionId: roleId ?? null };
  });
  return { ok: true as const, rows, errorCount: rows.filter((r) => r.errors.length > 0).length };
}

/** Inserts the rows in chunks; the caller's transaction makes it all or nothing. */
export async function insertImportRows(db: Queryable, authorityId: string, rows: readonly ResolvedRow[], chunkSize = 1000) {
  const ids: string[] = [];
  for (let i = 0; i < rows.length; i += chunkSize) {
    const chunk = rows.slice(i, i + chunkSize);
    const inserted = await db
      .insert(people)
      .values(
        chunk.map((r) => ({
          authorityId,
          unitId: r.unitId,
          roleDescriptionId: r.roleDescriptionId,
          email: r.email,
          givenName: r.givenName,
          familyName: r.familyName,
          fte: r.fte ?? 1,
          active: false,
          passwordHash: null,
        })),
      )
      .returning({ id: people.id });
    await db.insert(personRoles).values(inserted.map((p) => ({ personId: p.id, role: "employee" as const })));
    ids.push(...inserted.map((p) => p.id));
  }
  return ids;
}

/**
 * Commits a staged import. Call inside a transaction: it re-checks every row (the data may have
 * changed since the preview) and throws ImportError when any row fails, so nothing is written.
 */
export async function commitImport(db: Queryable, authorityId: string, batchId: string, now = new Date()) {
  // Lock the batch row: two commits of the same file cannot both go through.
  const [batch] = await db
    .select({ committedAt: importBatches.committedAt, content: importBatches.content })
    .from(importBatches)
    .where(and(eq(importBatches.id, batchId), eq(importBatches.authorityId, authorityId)))
    .for("update");
  if (!batch) throw new ImportError("hr.import.errors.batchMissing");
  if (batch.committedAt) throw new ImportError("hr.import.errors.alreadyCommitted");
  const preview = await previewImport(db, authorityId, batch.content);
  if (!preview.ok) throw new ImportError(preview.error);
  if (preview.errorCount > 0) throw new ImportError("hr.import.errors.rowsHaveErrors");
  if (preview.rows.length === 0) throw new ImportError("hr.import.errors.empty");
  const ids = await insertImportRows(db, authorityId, preview.rows);
  await db.update(importBatches).set({ committedAt: now, personIds: ids, content: "" }).where(eq(importBatches.id, batchId));
  return ids;
}

/** Set-password links for the imported people who have not set a password yet. */
export async function createImportLinks(db: Queryable, authorityId: string, batchId: string, now = new Date()) {
  const batch = await getBatch(db, authorityId, batchId);
  if (!batch?.committedAt) return [];
  const ids = (batch.personIds as string[] | null) ?? [];
  const pending: { id: string; email: string; givenName: string; familyName: string }[] = [];
  for (let i = 0; i < ids.length; i += 5000) {
    pending.push(
      ...(await db
        .select({ id: people.id, email: people.email, givenName: people.givenName, familyName: people.familyName })
        .from(people)
        .where(and(inArray(people.id, ids.slice(i, i + 5000)), eq(people.authorityId, authorityId), sql`${people.passwordHash} is null`, sql`${people.deactivatedAt} is null`))),
    );
  }
  const links: { personId: string; email: string; name: string; token: string }[] = [];
  for (const p of pending) {
    const token = await createPasswordToken(db, p.id, now);
    links.push({ personId: p.id, email: p.email, name: `${p.givenName} ${p.familyName}`, token });
    // The welcome mail with the same link enters the outbox in this transaction.
    await mailSetPasswordLink(db, { authorityId, personId: p.id, token });
  }
  return links;
}

/** Staged files not committed within a day are removed (they hold personal data). */
export async function pruneImportBatches(db: Queryable, now = new Date()) {
  await db.delete(importBatches).where(sql`${importBatches.createdAt} < ${new Date(now.getTime() - 86_400_000).toISOString()}::timestamptz and ${importBatches.committedAt} is null`);
}
