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
  const [row] = await db
    .insert(evidence)
    .values({
      authorityId: viewer.authorityId,
      personId: member.id,
      competenceId: input.competenceId,
      level: input.level,
      source: "observed",
      recordedBy: viewer.id,
      note: input.note,
      achievedAt,
      validUntil: addMonths(achievedAt, OBSERVED_VALID_MONTHS),
    })
    .returning({ id: evidence.id });
  await audit(db, {
    authorityId: viewer.authorityId,
    actorId: viewer.id,
    action: "evidence.observed",
    subjectPersonId: member.id,
    details: { evidenceId: row.id, competenceId: input.competenceId, level: input.level },
  });
  return row.id;
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
  const [row] = await db
    .insert(evidence)
    .values({
      authorityId: viewer.authorityId,
      personId: person.id,
      competenceId: input.competenceId,
      level: input.level,
      source: "certificate",
      recordedBy: viewer.id,
      note: input.note,
      achievedAt,
      validUntil,
    })
    .returning({ id: evidence.id });
  await audit(db, {
    authorityId: viewer.authorityId,
    actorId: viewer.id,
    action: "evidence.certificate",
    subjectPersonId: person.id,
    details: { evidenceId: row.id, competenceId: input.competenceId, level: input.level },
  });
  return row.id;
}

/** A self-assessment: recorded and shown beside the level, never counted. */
export async function recordSelfAssessment(db: Queryable, viewer: CompetenceViewer, input: { competenceId: string; level: number }, now: Date) {
  requireCompetence(input.competenceId);
  const [row] = await db
    .insert(evidence)
    .values({
      authorityId: viewer.authorityId,
      personId: viewer.id,
      competenceId: input.competenceId,
      level: input.level,
      source: "self",
      recordedBy: viewer.id,
      achievedAt: now,
    })
    .returning({ id: evidence.id });
  await audit(db, {
    authorityId: viewer.authorityId,
    actorId: viewer.id,
    action: "evidence.self",
    subjectPersonId: viewer.id,
    details: { evidenceId: row.id, competenceId: input.competenceId, level: input.level },
  });
  return row.id;
}
