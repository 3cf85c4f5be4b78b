// Taking modules against a real database: attempts as history, one attempt per double submit,
// evidence and assignment fulfilment on a pass, private reflections, certificates.
import crypto from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { assignments, evidence, quizAttempts } from "~/db/schema";
import { attemptResult, submitAttempt } from "~/courses/attempts.server";
import { courseProgress, getCourse } from "~/courses/catalog.server";
import { issueCertificate, verifyCertificate } from "~/courses/certificates.server";
import type { Answers, QuizKey } from "~/courses/grading";
import { getCompiledModule, prepareModules } from "~/courses/modules.server";
import { markOpened } from "~/courses/progress.server";
import { ownReflections, saveReflection } from "~/courses/reflections.server";
import type { Queryable } from "~/db/client.server";
import { describeEachDb } from "./support/db";
import { createAuthority, createPerson } from "./support/fixtures";

beforeAll(async () => {
  await prepareModules();
}, 120_000);

const bestAnswers = (key: QuizKey): Answers =>
  Object.fromEntries(
    key.questions.map((q) => [
      q.id,
      q.kind === "judgement" ? [q.options.find((o) => o.points === 2)!.value] : q.options.filter((o) => o.correct).map((o) => o.value),
    ]),
  );
const worstAnswers = (key: QuizKey): Answers =>
  Object.fromEntries(key.questions.map((q) => [q.id, [q.options.find((o) => (q.kind === "judgement" ? o.points === 0 : !o.correct))!.value]]));

function take(db: Queryable, person: { id: string; authorityId: string }, courseId: string, moduleId: string, answers: (key: QuizKey) => Answers, options: { submissionId?: string; now?: Date; hash?: string } = {}) {
  const course = getCourse(courseId)!;
  const module = course.modules.find((m) => m.id === moduleId)!;
  const compiled = getCompiledModule(courseId, moduleId)!;
  return submitAttempt(db, {
    authorityId: person.authorityId,
    personId: person.id,
    course,
    module,
    contentHash: options.hash ?? compiled.hash,
    key: compiled.key,
    answers: answers(compiled.key),
    submissionId: options.submissionId ?? crypto.randomUUID(),
    now: options.now ?? new Date("2026-03-10T09:00:00Z"),
  });
}

describeEachDb("taking a module", ({ database }) => {
  it("stores a failed attempt with the content hash, every answer and the score, and writes no evidence", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const anna = await createPerson(db, { authorityId: authority.id });
    const result = await db.transaction((tx) => take(tx, anna, "kommunikation-beratung", "aktiv-zuhoeren", worstAnswers));
    expect(result).toMatchObject({ passed: false, repeated: false });
    const [row] = await db.select().from(quizAttempts).where(eq(quizAttempts.id, result.attemptId));
    const compiled = getCompiledModule("kommunikation-beratung", "aktiv-zuhoeren")!;
    expect(row).toMatchObject({ contentHash: compiled.hash, passed: false, scorePercent: 0, passMark: 70 });
    expect(Object.keys(row.answers).sort()).toEqual(compiled.key.questions.map((q) => q.id).sort());
    expect(await db.select().from(evidence).where(eq(evidence.personId, anna.id))).toEqual([]);
    const [progress] = await courseProgress(db, anna.id).then((all) => all.filter((c) => c.courseId === "kommunikation-beratung"));
    expect(progress.modules[0].status).toBe("not-started");
  });

  it("keeps every attempt as history, and a pass writes evidence per competence with its expiry", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const anna = await createPerson(db, { authorityId: authority.id });
    await take(db, anna, "aufenthalt-und-netzwerk", "wege-zum-gesicherten-aufenthalt", worstAnswers);
    const pass = await take(db, anna, "aufenthalt-und-netzwerk", "wege-zum-gesicherten-aufenthalt", bestAnswers, { now: new Date("2026-01-31T10:00:00Z") });
    expect(pass.passed).toBe(true);
    expect(await db.select().from(quizAttempts).where(eq(quizAttempts.personId, anna.id))).toHaveLength(2);
    const rows = await db.select().from(evidence).where(eq(evidence.personId, anna.id));
    expect(rows).toEqual([
      expect.objectContaining({
        competenceId: "k.residence-paths",
        level: 2,
        source: "quiz",
        attemptId: pass.attemptId,
        achievedAt: new Date("2026-01-31T10:00:00Z"),
        validUntil: new Date("2028-01-31T10:00:00Z"),
        authorityId: authority.id,
      }),
    ]);
    const module = (await courseProgress(db, anna.id)).find((c) => c.courseId === "aufenthalt-und-netzwerk")!;
    expect(module.modules[0]).toMatchObject({ status: "passed" });
    expect(module).toMatchObject({ passed: 1, total: 4, percent: 25, resumeModuleId: "ermessen-und-handlungsspielraum" });
  });

  it("records one attempt when the same form is submitted twice, also at the same time", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const anna = await createPerson(db, { authorityId: authority.id });
    const submissionId = crypto.randomUUID();
    const first = await db.transaction((tx) => take(tx, anna, "kommunikation-beratung", "aktiv-zuhoeren", bestAnswers, { submissionId }));
    const again = await db.transaction((tx) => take(tx, anna, "kommunikation-beratung", "aktiv-zuhoeren", bestAnswers, { submissionId }));
    expect(again).toEqual({ attemptId: first.attemptId, passed: true, repeated: true });
    const concurrentId = crypto.randomUUID();
    const both = await Promise.all([0, 1].map(() => db.transaction((tx) => take(tx, anna, "kommunikation-beratung", "verstaendliche-sprache", bestAnswers, { submissionId: concurrentId }))));
    expect(both[0].attemptId).toBe(both[1].attemptId);
    const attempts = await db.select().from(quizAttempts).where(eq(quizAttempts.personId, anna.id));
    expect(attempts).toHaveLength(2);
    // One pass of each module: one evidence row per certified competence, not two.
    expect(await db.select().from(evidence).where(eq(evidence.personId, anna.id))).toHaveLength(3);
  });

  it("fulfils module assignments on a pass and course assignments when the course is complete", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const anna = await createPerson(db, { authorityId: authority.id });
    const [moduleAssignment] = await db
      .insert(assignments)
      .values({ authorityId: authority.id, personId: anna.id, courseId: "aufenthalt-und-netzwerk", moduleId: "beratungsnetzwerk", dueOn: "2026-06-30" })
      .returning();
    const [courseAssignment] = await db
      .insert(assignments)
      .values({ authorityId: authority.id, personId: anna.id, courseId: "aufenthalt-und-netzwerk", moduleId: null, dueOn: "2026-06-30" })
      .returning();
    const fulfilled = async (id: string) => (await db.select().from(assignments).where(eq(assignments.id, id)))[0].fulfilledAt;
    await take(db, anna, "aufenthalt-und-netzwerk", "beratungsnetzwerk", bestAnswers);
    expect(await fulfilled(moduleAssignment.id)).not.toBeNull();
    expect(await fulfilled(courseAssignment.id)).toBeNull();
    expect(await issueCertificate(db, { authorityId: authority.id, personId: anna.id, courseId: "aufenthalt-und-netzwerk", now: new Date() })).toBeNull();
    for (const m of getCourse("aufenthalt-und-netzwerk")!.modules) await take(db, anna, "aufenthalt-und-netzwerk", m.id, bestAnswers);
    expect(await fulfilled(courseAssignment.id)).not.toBeNull();

    const certificate = await issueCertificate(db, { authorityId: authority.id, personId: anna.id, courseId: "aufenthalt-und-netzwerk", now: new Date() });
    expect(certificate?.modules).toHaveLength(4);
    const again = await issueCertificate(db, { authorityId: authority.id, personId: anna.id, courseId: "aufenthalt-und-netzwerk", now: new Date() });
    expect(again?.code).toBe(certificate?.code);
    const verified = await verifyCertificate(db, certificate!.code.toLowerCase());
    expect(Object.keys(verified!).sort()).toEqual(["completedAt", "courseTitle", "name"]);
    expect(verified).toMatchObject({ name: `${anna.givenName} ${anna.familyName}`, courseTitle: "Aufenthalt, Handlungsspielraum und Netzwerk" });
    expect(await verifyCertificate(db, "HZ-0000-0000-0000")).toBeNull();
  });

  it("keeps evidence earned on an old content version after the content changed", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const anna = await createPerson(db, { authorityId: authority.id });
    const old = await take(db, anna, "kommunikation-beratung", "deeskalation-am-schalter", bestAnswers, { hash: "old-version" });
    const compiled = getCompiledModule("kommunikation-beratung", "deeskalation-am-schalter")!;
    const result = await attemptResult(db, {
      authorityId: authority.id,
      personId: anna.id,
      courseId: "kommunikation-beratung",
      moduleId: "deeskalation-am-schalter",
      attemptId: old.attemptId,
      contentHash: compiled.hash,
      key: compiled.key,
    });
    expect(result).toMatchObject({ passed: true, questions: null });
    const rows = await db.select().from(evidence).where(and(eq(evidence.personId, anna.id), eq(evidence.attemptId, old.attemptId)));
    expect(rows.map((r) => r.competenceId).sort()).toEqual(["c.de-escalation", "s.resilience"]);
    expect(rows.every((r) => r.revokedAt === null && r.validUntil === null)).toBe(true);
  });

  it("shows an attempt's explanations only to its owner", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const anna = await createPerson(db, { authorityId: authority.id });
    const other = await createPerson(db, { authorityId: authority.id });
    const attempt = await take(db, anna, "kommunikation-beratung", "aktiv-zuhoeren", bestAnswers);
    const compiled = getCompiledModule("kommunikation-beratung", "aktiv-zuhoeren")!;
    const input = { authorityId: authority.id, courseId: "kommunikation-beratung", moduleId: "aktiv-zuhoeren", attemptId: attempt.attemptId, contentHash: compiled.hash, key: compiled.key };
    const own = await attemptResult(db, { ...input, personId: anna.id });
    expect(own?.questions?.[0].options.some((o) => o.explanation.length > 0)).toBe(true);
    expect(await attemptResult(db, { ...input, personId: other.id })).toBeNull();
  });

  it("keeps reflections private to the person and records the first opening only", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const anna = await createPerson(db, { authorityId: authority.id });
    const other = await createPerson(db, { authorityId: authority.id });
    const where = { authorityId: authority.id, courseId: "kommunikation-beratung", moduleId: "aktiv-zuhoeren" };
    await saveReflection(db, { ...where, personId: anna.id, promptId: "missverstaendnis", body: "  Meine Notiz  ", now: new Date() });
    expect(await ownReflections(db, { ...where, personId: anna.id })).toEqual({ missverstaendnis: "Meine Notiz" });
    expect(await ownReflections(db, { ...where, personId: other.id })).toEqual({});
    await saveReflection(db, { ...where, personId: anna.id, promptId: "missverstaendnis", body: "", now: new Date() });
    expect(await ownReflections(db, { ...where, personId: anna.id })).toEqual({});

    await markOpened(db, { ...where, personId: anna.id, today: "2026-03-01" });
    await markOpened(db, { ...where, personId: anna.id, today: "2026-03-05" });
    const progress = (await courseProgress(db, anna.id, { authorityId: authority.id })).find((c) => c.courseId === "kommunikation-beratung")!;
    expect(progress.modules[0]).toMatchObject({ status: "started", firstOpenedOn: "2026-03-01" });
    expect(progress.started).toBe(1);
  });
});
