// Rechtsstand: HR records that a norm changed; modules citing it show a notice, appear on the
// review list, and their evidence can be set to expire. Every write is audited.
import { and, desc, eq, isNull } from "drizzle-orm";
import { audit } from "~/audit/audit.server";
import { assertPermission, type Actor } from "~/auth/access.server";
import { expireModuleEvidence } from "~/competences/evidence.server";
import type { Queryable } from "~/db/client.server";
import { legalChanges, people } from "~/db/schema";
import type { CourseInfo, ModuleInfo } from "~/courses/catalog.server";
import { affectedCitations, changeApplies, fromNormKey, normKey, parseNorms } from "~/courses/norms";

/** A field-level problem of a Rechtsstand form (message key). */
export class LegalFormError extends Error {
  constructor(
    readonly field: string,
    readonly messageKey: string,
  ) {
    super(messageKey);
  }
}

export interface LegalChange {
  id: string;
  norm: string;
  normKey: string;
  effectiveOn: string;
  note: string;
  recordedAt: Date;
  recordedBy: string | null;
  resolvedAt: Date | null;
}

function requireHr(viewer: Actor) {
  assertPermission(viewer, "write:legal-change:any");
}

export async function recordLegalChange(db: Queryable, viewer: Actor, input: { norm: string; effectiveOn: string; note: string }, now: Date) {
  requireHr(viewer);
  const norms = parseNorms(input.norm);
  if (norms.length === 0) throw new LegalFormError("norm", "legal.errors.norm");
  if (norms.length > 1) throw new LegalFormError("norm", "legal.errors.oneNorm");
  const key = normKey(norms[0]);
  const [row] = await db
    .insert(legalChanges)
    .values({ authorityId: viewer.authorityId, norm: input.norm.trim(), normKey: key, effectiveOn: input.effectiveOn, note: input.note.trim(), recordedBy: viewer.id, recordedAt: now })
    .returning({ id: legalChanges.id });
  await audit(db, {
    authorityId: viewer.authorityId,
    actorId: viewer.id,
    action: "legal.change.record",
    details: { changeId: row.id, norm: input.norm.trim(), normKey: key, effectiveOn: input.effectiveOn },
  });
  return row.id;
}

/** Marks an open change of the viewer's authority as dealt with; false when there is none. */
export async function resolveLegalChange(db: Queryable, viewer: Actor, changeId: string, now: Date) {
  requireHr(viewer);
  const rows = await db
    .update(legalChanges)
    .set({ resolvedAt: now, resolvedBy: viewer.id })
    .where(and(eq(legalChanges.id, changeId), eq(legalChanges.authorityId, viewer.authorityId), isNull(legalChanges.resolvedAt)))
    .returning({ id: legalChanges.id, norm: legalChanges.norm });
  if (!rows.length) return false;
  await audit(db, { authorityId: viewer.authorityId, actorId: viewer.id, action: "legal.change.resolve", details: { changeId, norm: rows[0].norm } });
  return true;
}

/** The authority's recorded changes, newest effective date first (open ones only with `openOnly`). */
export async function listLegalChanges(db: Queryable, authorityId: string, options: { openOnly?: boolean } = {}): Promise<LegalChange[]> {
  const rows = await db
    .select({
      id: legalChanges.id,
      norm: legalChanges.norm,
      normKey: legalChanges.normKey,
      effectiveOn: legalChanges.effectiveOn,
      note: legalChanges.note,
      recordedAt: legalChanges.recordedAt,
      givenName: people.givenName,
      familyName: people.familyName,
      resolvedAt: legalChanges.resolvedAt,
    })
    .from(legalChanges)
    .leftJoin(people, eq(people.id, legalChanges.recordedBy))
    .where(and(eq(legalChanges.authorityId, authorityId), options.openOnly ? isNull(legalChanges.resolvedAt) : undefined))
    .orderBy(desc(legalChanges.effectiveOn), desc(legalChanges.recordedAt));
  return rows.map(({ givenName, familyName, ...r }) => ({ ...r, recordedBy: givenName ? `${givenName} ${familyName}` : null }));
}

/** The changes (of those given) that apply to one module, with the citations they hit. */
export function changesAffecting(changes: readonly LegalChange[], module: Pick<ModuleInfo, "legalBasis" | "reviewedAt">) {
  return changes.flatMap((change) => {
    const norm = fromNormKey(change.normKey);
    if (!norm || !changeApplies({ norm, effectiveOn: change.effectiveOn, resolved: change.resolvedAt !== null }, module)) return [];
    return [{ ...change, citations: affectedCitations(norm, module.legalBasis) }];
  });
}

export interface AffectedModule {
  courseId: string;
  courseTitle: string;
  moduleId: string;
  moduleTitle: string;
  legalBasis: string[];
  reviewedAt: string | null;
  changes: { id: string; norm: string; effectiveOn: string; citations: string[] }[];
}

/** The review list: every module of the catalog an open change applies to. */
export function affectedModules(changes: readonly LegalChange[], courses: readonly CourseInfo[]): AffectedModule[] {
  return courses.flatMap((course) =>
    course.modules.flatMap((module) => {
      const hits = changesAffecting(changes, module);
      if (!hits.length) return [];
      return [
        {
          courseId: course.id,
          courseTitle: course.title,
          moduleId: module.id,
          moduleTitle: module.title,
          legalBasis: module.legalBasis,
          reviewedAt: module.reviewedAt,
          changes: hits.map((h) => ({ id: h.id, norm: h.norm, effectiveOn: h.effectiveOn, citations: h.citations })),
        },
      ];
    }),
  );
}

/** What the module page shows: the Rechtsstand and the open changes that apply (for learners). */
export async function moduleLegalStatus(db: Queryable, authorityId: string, module: Pick<ModuleInfo, "legalBasis" | "reviewedAt">) {
  const notices = module.legalBasis.length ? changesAffecting(await listLegalChanges(db, authorityId, { openOnly: true }), module) : [];
  return {
    reviewedAt: module.reviewedAt,
    legalBasis: module.legalBasis,
    notices: notices.map((n) => ({ id: n.id, norm: n.norm, effectiveOn: n.effectiveOn, note: n.note })),
  };
}

/** "course/module" keys of the modules (of `courses`) an open change of the authority applies to. */
export async function modulesUnderRevision(db: Queryable, authorityId: string, courses: readonly CourseInfo[]): Promise<string[]> {
  const open = await listLegalChanges(db, authorityId, { openOnly: true });
  return open.length ? affectedModules(open, courses).map((m) => `${m.courseId}/${m.moduleId}`) : [];
}

/** Lets the evidence from an affected module expire (the module must be on the review list). */
export async function expireAffectedModule(
  db: Queryable,
  viewer: Actor,
  courses: readonly CourseInfo[],
  input: { courseId: string; moduleId: string; validUntil: string },
  now: Date,
) {
  requireHr(viewer);
  const affected = affectedModules(await listLegalChanges(db, viewer.authorityId, { openOnly: true }), courses).find(
    (m) => m.courseId === input.courseId && m.moduleId === input.moduleId,
  );
  if (!affected) throw new LegalFormError("module", "legal.errors.notAffected");
  return expireModuleEvidence(db, viewer, { ...input, reason: { changeIds: affected.changes.map((c) => c.id) } }, now);
}
