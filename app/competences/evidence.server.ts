// Recording evidence: an observed assessment by the person's lead, an external certificate
// recorded by HR, a self-assessment by the person. Each write is audited.
import { audit } from "~/audit/audit.server";
import type { Queryable } from "~/db/client.server";
import { evidence } from "~/db/schema";
import { getSettings } from "~/org/settings.server";
import { AccessError, CompetenceFormError, profileAccess, requireMembers, type CompetenceViewer } from "./access.server";
import { isCompetenceId } from "./framework";
import { addMonths, OBSERVED_VALID_MONTHS } from "./levels";

function requireCompetence(competenceId: string) {
  if (!isCompetenceId(competenceId)) throw new CompetenceFormError("competenceId", "validation.invalidChoice");
}

/** A date input (yyyy-mm-dd) as noon UTC, so it is the same calendar day in every zone. */
export function dateOnly(value: string): Date {
  return new Date(`${value}T12:00:00Z`);
}

export async function recordObservation(
  db: Queryable,
  viewer: CompetenceViewer,
  input: { personId: string; competenceId: string; level: number; observedOn: string; note: string },
  now: Date,
) {
  if (!(await getSettings(db, viewer.authorityId)).observedAssessments) throw new AccessError(403);
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
  viewer: CompetenceViewer,
  input: { personId: string; competenceId: string; level: number; achievedOn: string; validUntil: string | null; note: string },
  now: Date,
) {
  if (!viewer.roles.includes("hr")) throw new AccessError(403);
  const { person } = await profileAccess(db, viewer, input.personId);
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
export async function recordSelfAssessment(db: Queryable, viewer: CompetenceViewer, input: { competenceId: string; level: number }, now: Date) {
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

/** Writes one evidence row and its audit entry ("evidence.<source>"); returns the row's id. */
async function recordEvidence(db: Queryable, row: typeof evidence.$inferInsert & { recordedBy: string }) {
  const [inserted] = await db.insert(evidence).values(row).returning({ id: evidence.id });
  await audit(db, {
    authorityId: row.authorityId,
    actorId: row.recordedBy,
    action: `evidence.${row.source}`,
    subjectPersonId: row.personId,
    details: { evidenceId: inserted.id, competenceId: row.competenceId, level: row.level },
  });
  return inserted.id;
}
