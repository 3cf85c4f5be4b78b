// Recording evidence: an observed assessment by the person's lead, an external certificate
// recorded by HR, a self-assessment by the person. Each write is audited.
import { and, eq, gt, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import { audit } from "~/audit/audit.server";
import type { Queryable } from "~/db/client.server";
import { evidence, quizAttempts } from "~/db/schema";
import { getSettings } from "~/org/settings.server";
import { assertPermission, forbidden, profileAccess, requireMembers, type Actor } from "~/auth/access.server";
import { CompetenceFormError } from "./form-error";
import { isCompetenceId } from "./framework";
import { OBSERVED_VALID_MONTHS } from "./levels";
import { berlinDate, addMonths, dateOnly } from "~/dates/calendar";

function requireCompetence(competenceId: string) {
  if (!isCompetenceId(competenceId)) throw new CompetenceFormError("competenceId", "validation.invalidChoice");
}


export async function recordObservation(
  db: Queryable,
  viewer: Actor,
  input: { personId: string; competenceId: string; level: number; observedOn: string; note: string },
  now: Date,
) {
  // With individual profiles off, an observation would reveal the person's level through the
  // team aggregate it moves: observations are off too (docs/security.md, T33).
  const settings = await getSettings(db, viewer.authorityId);
  if (!settings.observedAssessments || !settings.leadsSeeIndividualProfiles) throw forbidden();
  const [member] = await requireMembers(db, viewer, [input.personId]);
  requireCompetence(input.competenceId);
  const achievedAt = dateOnly(input.observedOn);
  if (achievedAt.getTime() > now.getTime() + 86_400_000) throw new CompetenceFormError("observedOn", "competences.errors.dateInFuture");
  if (achievedAt < addMonths(now, -12)) throw new CompetenceFormError("observedOn", "competences.errors.dateTooOld");
  return recordEvidence(db, {
      authorityId: viewer.authorityId,
      personId: member.id,
      competenceId: input.competenceId,
      level: input.level,
      source: "observed",
      recordedBy: viewer.id,
      note: input.note,
      achievedAt,
      validUntil: addMonths(achievedAt, OBSERVED_VALID_MONTHS),
  });
}

export async function recordCertificate(
  db: Queryable,
  viewer: Actor,
  input: { personId: string; competenceId: string; level: number; achievedOn: string; validUntil: string | null; note: string },
  now: Date,
) {
  assertPermission(viewer, "write:evidence:any");
  const { person, relation } = await profileAccess(db, viewer, input.personId);
  // Evidence about oneself is only ever a self-assessment (which never counts).
  if (relation === "self") throw forbidden();
  requireCompetence(input.competenceId);
  const achievedAt = dateOnly(input.achievedOn);
  if (achievedAt.getTime() > now.getTime() + 86_400_000) throw new CompetenceFormError("achievedOn", "competences.errors.dateInFuture");
  const validUntil = input.validUntil ? dateOnly(input.validUntil) : null;
  if (validUntil && validUntil <= achievedAt) throw new CompetenceFormError("validUntil", "competences.errors.validBeforeAchieved");
  return recordEvidence(db, {
      authorityId: viewer.authorityId,
      personId: person.id,
      competenceId: input.competenceId,
      level: input.level,
      source: "certificate",
      recordedBy: viewer.id,
      note: input.note,
      achievedAt,
      validUntil,
  });
}

/** A self-assessment: recorded and shown beside the level, never counted. */
export async function recordSelfAssessment(db: Queryable, viewer: Actor, input: { competenceId: string; level: number }, now: Date) {
  requireCompetence(input.competenceId);
  return recordEvidence(db, {
      authorityId: viewer.authorityId,
      personId: viewer.id,
      competenceId: input.competenceId,
      level: input.level,
      source: "self",
      recordedBy: viewer.id,
      achievedAt: now,
  });
}

/**
 * Lets the authority's current quiz evidence from one module expire on `validUntil` (e.g. after
 * a change of the law the module relies on), so people renew it once the module is updated.
 * Evidence that already expires earlier keeps its date; revoked evidence is left alone. HR only;
 * one audit entry ("evidence.expire") per person whose evidence changed. Returns the counts.
 */
export async function expireModuleEvidence(
  db: Queryable,
  viewer: Actor,
  input: { courseId: string; moduleId: string; validUntil: string; reason?: Record<string, unknown> },
  now: Date,
): Promise<{ evidence: number; people: number }> {
  assertPermission(viewer, "write:evidence:any");
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.validUntil) || Number.isNaN(dateOnly(input.validUntil).getTime()))
    throw new CompetenceFormError("validUntil", "competences.errors.date");
  if (input.validUntil < berlinDate(now)) throw new CompetenceFormError("validUntil", "competences.errors.dateInPast");
  const validUntil = dateOnly(input.validUntil);
  const fromModule = db
    .select({ id: quizAttempts.id })
    .from(quizAttempts)
    .where(and(eq(quizAttempts.authorityId, viewer.authorityId), eq(quizAttempts.courseId, input.courseId), eq(quizAttempts.moduleId, input.moduleId)));
  const changed = await writeEvidence(db, {
    set: { validUntil },
    where: and(
      eq(evidence.authorityId, viewer.authorityId),
      eq(evidence.source, "quiz"),
      isNull(evidence.revokedAt),
      or(isNull(evidence.validUntil), gt(evidence.validUntil, validUntil)),
      inArray(evidence.attemptId, fromModule),
    )!,
  });
  const byPerson = new Map<string, string[]>();
  for (const row of changed) byPerson.set(row.personId, [...(byPerson.get(row.personId) ?? []), row.id]);
  for (const [personId, evidenceIds] of byPerson)
    await audit(db, {
      authorityId: viewer.authorityId,
      actorId: viewer.id,
      action: "evidence.expire",
      subjectPersonId: personId,
      details: { courseId: input.courseId, moduleId: input.moduleId, validUntil: input.validUntil, evidenceIds, ...input.reason },
    });
  return { evidence: changed.length, people: byPerson.size };
}

/**
 * How many people of the authority hold counting quiz evidence from each module at `at`
 * (keyed "course/module"); HR sees it beside "Nachweise ablaufen lassen".
 */
export async function moduleEvidenceHolders(db: Queryable, authorityId: string, modules: readonly { courseId: string; moduleId: string }[], at: Date) {
  const counts = new Map<string, number>();
  if (!modules.length) return counts;
  const rows = await db
    .select({ courseId: quizAttempts.courseId, moduleId: quizAttempts.moduleId, people: sql<number>`count(distinct ${evidence.personId})::int` })
    .from(evidence)
    .innerJoin(quizAttempts, eq(quizAttempts.id, evidence.attemptId))
    .where(
      and(
        eq(evidence.authorityId, authorityId),
        eq(quizAttempts.authorityId, authorityId),
        eq(evidence.source, "quiz"),
        isNull(evidence.revokedAt),
        or(isNull(evidence.validUntil), gt(evidence.validUntil, at)),
        or(...modules.map((m) => and(eq(quizAttempts.courseId, m.courseId), eq(quizAttempts.moduleId, m.moduleId)))),
      ),
    )
    .groupBy(quizAttempts.courseId, quizAttempts.moduleId);
  for (const row of rows) counts.set(`${row.courseId}/${row.moduleId}`, Number(row.people));
  return counts;
}

export type EvidenceRow = typeof evidence.$inferInsert;
/** A change to evidence: new rows, or new values (revocation, expiry) for the rows `where` selects. */
export type EvidenceWrite = { insert: readonly EvidenceRow[] } | { set: Pick<Partial<EvidenceRow>, "revokedAt" | "validUntil">; where: SQL };

/**
 * The only function that writes the evidence table (ESLint keeps insert/update/delete on it
 * out of the rest of app/). The table of current levels follows in the same statement: the
 * database's trigger on evidence rewrites the levels of every person × competence the write
 * touches (drizzle/0011, docs/decisions/015), so no caller can forget them. Call it inside the
 * caller's transaction. Returns the rows written (id, person, competence).
 */
export async function writeEvidence(db: Queryable, write: EvidenceWrite): Promise<{ id: string; personId: string; competenceId: string }[]> {
  const columns = { id: evidence.id, personId: evidence.personId, competenceId: evidence.competenceId };
  if ("insert" in write) return write.insert.length ? db.insert(evidence).values([...write.insert]).returning(columns) : [];
  return db.update(evidence).set(write.set).where(write.where).returning(columns);
}

/** Writes one evidence row and its audit entry ("evidence.<source>"); returns the row's id. */
export async function recordEvidence(db: Queryable, row: EvidenceRow & { recordedBy: string }) {
  const [inserted] = await writeEvidence(db, { insert: [row] });
  await audit(db, {
    authorityId: row.authorityId,
    actorId: row.recordedBy,
    action: `evidence.${row.source}`,
    subjectPersonId: row.personId,
    details: { evidenceId: inserted.id, competenceId: row.competenceId, level: row.level },
  });
  return inserted.id;
}

/** Revokes evidence rows of the authority (e.g. attendance that was corrected); one audit entry per person. */
export async function revokeEvidence(db: Queryable, authorityId: string, actorId: string, ids: readonly string[], at: Date, reason: Record<string, unknown>) {
  if (ids.length === 0) return 0;
  const revoked = await writeEvidence(db, {
    set: { revokedAt: at },
    where: and(eq(evidence.authorityId, authorityId), inArray(evidence.id, [...ids]), isNull(evidence.revokedAt))!,
  });
  const byPerson = new Map<string, string[]>();
  for (const row of revoked) byPerson.set(row.personId, [...(byPerson.get(row.personId) ?? []), row.id]);
  for (const [personId, evidenceIds] of byPerson)
    await audit(db, { authorityId, actorId, action: "evidence.revoke", subjectPersonId: personId, details: { evidenceIds, ...reason } });
  return revoked.length;
}
