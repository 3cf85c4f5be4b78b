// xAPI 1.0.3 statements of Horizont's learning events, written into xapi_statements in the
// transaction of the event (so a statement exists exactly when its event was committed; a
// dedupe key makes a repeated event add nothing). The worker (worker.server.ts) sends them to
// XAPI_ENDPOINT when set. Activity IRIs are Horizont's page URLs under APP_ORIGIN (stable); the
// actor is an account (homePage = origin, name = the person's id): no name or mail address
// leaves the system. See docs/decisions/013-open-badges-and-xapi.md and docs/privacy.md.
import crypto from "node:crypto";
import { asc, eq, inArray, like, or } from "drizzle-orm";
import type { Queryable } from "~/db/client.server";
import { xapiStatements } from "~/db/schema";
import { appOrigin } from "~/mail/compose.server";

/** ADL verbs (http://adlnet.gov/expapi/verbs/…); "earned" from the registry where ADL has none. */
export const verbs = {
  launched: { id: "http://adlnet.gov/expapi/verbs/launched", display: { "de-DE": "hat geöffnet", "en-US": "launched" } },
  attempted: { id: "http://adlnet.gov/expapi/verbs/attempted", display: { "de-DE": "hat versucht", "en-US": "attempted" } },
  passed: { id: "http://adlnet.gov/expapi/verbs/passed", display: { "de-DE": "hat bestanden", "en-US": "passed" } },
  failed: { id: "http://adlnet.gov/expapi/verbs/failed", display: { "de-DE": "hat nicht bestanden", "en-US": "failed" } },
  attended: { id: "http://adlnet.gov/expapi/verbs/attended", display: { "de-DE": "hat teilgenommen an", "en-US": "attended" } },
  earned: { id: "http://id.tincanapi.com/verb/earned", display: { "de-DE": "hat erhalten", "en-US": "earned" } },
  voided: { id: "http://adlnet.gov/expapi/verbs/voided", display: { "de-DE": "hat für ungültig erklärt", "en-US": "voided" } },
} as const;

export const activityTypes = {
  module: "http://adlnet.gov/expapi/activities/module",
  assessment: "http://adlnet.gov/expapi/activities/assessment",
  course: "http://adlnet.gov/expapi/activities/course",
  meeting: "http://adlnet.gov/expapi/activities/meeting",
  badge: "http://activitystrea.ms/schema/1.0/badge",
} as const;

export const activityIri = {
  course: (courseId: string) => `${appOrigin()}/courses/${encodeURIComponent(courseId)}`,
  module: (courseId: string, moduleId: string) => `${appOrigin()}/courses/${encodeURIComponent(courseId)}/${encodeURIComponent(moduleId)}`,
  quiz: (courseId: string, moduleId: string) => `${activityIri.module(courseId, moduleId)}#quiz`,
  event: (eventId: string) => `${appOrigin()}/events/${eventId}`,
};

interface Activity {
  id: string;
  type: string;
  name: string;
}

const activity = (a: Activity) => ({ objectType: "Activity", id: a.id, definition: { type: a.type, name: { "de-DE": a.name } } });

export interface StatementInput {
  authorityId: string;
  personId: string;
  /** One statement per learning event (e.g. "attempt:<id>:passed"). */
  dedupeKey: string;
  verb: keyof typeof verbs;
  /** An activity, or (for "voided" only) a reference to the statement it voids. */
  object: Activity | { statementRef: string };
  parent?: Activity;
  result?: { score?: { scaled: number; raw: number; min: number; max: number }; success?: boolean; completion?: boolean };
  timestamp: Date;
}

export function buildStatement(id: string, input: StatementInput): Record<string, unknown> {
  return {
    id,
    actor: { objectType: "Agent", account: { homePage: appOrigin(), name: input.personId } },
    verb: verbs[input.verb],
    object: "statementRef" in input.object ? { objectType: "StatementRef", id: input.object.statementRef } : activity(input.object),
    ...(input.result ? { result: input.result } : {}),
    context: {
      platform: "Horizont",
      language: "de-DE",
      ...(input.parent ? { contextActivities: { parent: [activity(input.parent)] } } : {}),
    },
    timestamp: input.timestamp.toISOString(),
  };
}

/** Queues a statement in the caller's transaction; a second one with the same dedupe key adds nothing. */
export async function queueStatement(db: Queryable, input: StatementInput): Promise<boolean> {
  const id = crypto.randomUUID();
  const rows = await db
    .insert(xapiStatements)
    .values({ id, authorityId: input.authorityId, personId: input.personId, dedupeKey: input.dedupeKey, statement: buildStatement(id, input), createdAt: input.timestamp })
    .onConflictDoNothing()
    .returning({ id: xapiStatements.id });
  return rows.length === 1;
}

export function queueModuleOpened(db: Queryable, input: { authorityId: string; personId: string; courseId: string; courseTitle: string; moduleId: string; moduleTitle: string; now: Date }) {
  return queueStatement(db, {
    authorityId: input.authorityId,
    personId: input.personId,
    dedupeKey: `opened:${input.personId}:${input.courseId}/${input.moduleId}`,
    verb: "launched",
    object: { id: activityIri.module(input.courseId, input.moduleId), type: activityTypes.module, name: input.moduleTitle },
    parent: { id: activityIri.course(input.courseId), type: activityTypes.course, name: input.courseTitle },
    timestamp: input.now,
  });
}

/** A quiz attempt: "attempted" with the score, and "passed" or "failed". */
export async function queueQuizAttempt(
  db: Queryable,
  input: { authorityId: string; personId: string; attemptId: string; courseId: string; moduleId: string; moduleTitle: string; points: number; maxPoints: number; passed: boolean; now: Date },
) {
  const object = { id: activityIri.quiz(input.courseId, input.moduleId), type: activityTypes.assessment, name: `Quiz: ${input.moduleTitle}` };
  const parent = { id: activityIri.module(input.courseId, input.moduleId), type: activityTypes.module, name: input.moduleTitle };
  const scaled = input.maxPoints > 0 ? Math.round((input.points / input.maxPoints) * 10_000) / 10_000 : 0;
  const score = { scaled, raw: input.points, min: 0, max: input.maxPoints };
  const base = { authorityId: input.authorityId, personId: input.personId, object, parent, timestamp: input.now };
  await queueStatement(db, { ...base, dedupeKey: `attempt:${input.attemptId}:attempted`, verb: "attempted", result: { score, completion: true } });
  await queueStatement(db, {
    ...base,
    dedupeKey: `attempt:${input.attemptId}:outcome`,
    verb: input.passed ? "passed" : "failed",
    result: { score, success: input.passed, completion: true },
  });
}

const voidingKey = (statementId: string) => `voided:${statementId}`;

/**
 * The statements queued under a dedupe key and its successors ("<key>", "<key>:2", …: the same
 * learning event recorded again after a correction voided it), with whether each was voided.
 */
async function statementsUnder(db: Queryable, dedupeKey: string) {
  const rows = await db
    .select({ id: xapiStatements.id, dedupeKey: xapiStatements.dedupeKey })
    .from(xapiStatements)
    .where(or(eq(xapiStatements.dedupeKey, dedupeKey), like(xapiStatements.dedupeKey, `${dedupeKey.replace(/[\\%_]/g, "\\$&")}:%`)));
  const voided = rows.length
    ? await db
        .select({ dedupeKey: xapiStatements.dedupeKey })
        .from(xapiStatements)
        .where(inArray(xapiStatements.dedupeKey, rows.map((r) => voidingKey(r.id))))
    : [];
  const voidedKeys = new Set(voided.map((v) => v.dedupeKey));
  return rows.map((r) => ({ ...r, voided: voidedKeys.has(voidingKey(r.id)) }));
}

/**
 * Queues a statement that can be voided and recorded again: nothing while one under the key is
 * still in force, else the next in the series ("<key>", "<key>:2", …), so a re-attendance after a
 * correction is a new statement.
 */
async function queueRepeatable(db: Queryable, input: StatementInput): Promise<boolean> {
  const earlier = await statementsUnder(db, input.dedupeKey);
  if (earlier.some((s) => !s.voided)) return false;
  return queueStatement(db, { ...input, dedupeKey: earlier.length === 0 ? input.dedupeKey : `${input.dedupeKey}:${earlier.length + 1}` });
}

/**
 * Voids the statements in force under a dedupe key (and its successors): one voiding statement
 * each (verb "voided", object a StatementRef to the original id), queued in the caller's
 * transaction; its own dedupe key ("voided:<statement id>") makes a repeat add nothing. The actor
 * is the learner's account, as in every statement (no id of the person who corrected leaves the
 * system). An LRS then treats the original as voided, whichever arrives first.
 */
export async function voidStatements(db: Queryable, input: { authorityId: string; personId: string; dedupeKey: string; now: Date }): Promise<number> {
  let queued = 0;
  for (const s of await statementsUnder(db, input.dedupeKey)) {
    if (s.voided) continue;
    const done = await queueStatement(db, {
      authorityId: input.authorityId,
      personId: input.personId,
      dedupeKey: voidingKey(s.id),
      verb: "voided",
      object: { statementRef: s.id },
      timestamp: input.now,
    });
    if (done) queued++;
  }
  return queued;
}

/** The dedupe key of a registration's "attended" statement (for voiding it after a correction). */
export const attendedKey = (registrationId: string) => `attended:${registrationId}`;

export function queueEventAttended(db: Queryable, input: { authorityId: string; personId: string; registrationId: string; eventId: string; title: string; now: Date }) {
  return queueRepeatable(db, {
    authorityId: input.authorityId,
    personId: input.personId,
    dedupeKey: attendedKey(input.registrationId),
    verb: "attended",
    object: { id: activityIri.event(input.eventId), type: activityTypes.meeting, name: input.title },
    result: { completion: true },
    timestamp: input.now,
  });
}

/** The person received a signed credential (the object is the credential's achievement). */
export function queueCredentialStatement(db: Queryable, input: { authorityId: string; personId: string; credential: Record<string, unknown>; now: Date }) {
  const subject = input.credential.credentialSubject as { achievement?: { id?: string; name?: string } } | undefined;
  const achievementId = subject?.achievement?.id ?? String(input.credential.id);
  return queueStatement(db, {
    authorityId: input.authorityId,
    personId: input.personId,
    dedupeKey: `credential:${String(input.credential.id)}`,
    verb: "earned",
    object: { id: `${achievementId}#open-badge`, type: activityTypes.badge, name: String(subject?.achievement?.name ?? input.credential.name ?? "") },
    timestamp: input.now,
  });
}

/** The person's own statements (for the download on /account), oldest first. */
export async function statementsOf(db: Queryable, personId: string) {
  const rows = await db.select({ statement: xapiStatements.statement }).from(xapiStatements).where(eq(xapiStatements.personId, personId)).orderBy(asc(xapiStatements.createdAt));
  return rows.map((r) => r.statement);
}
