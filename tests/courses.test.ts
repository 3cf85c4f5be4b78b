// Taking modules against a real database: attempts as history, one attempt per double submit,
// evidence and assignment fulfilment on a pass, private reflections, certificates.
import { and, eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { assignments, eventRegistrations, evidence, quizAttempts } from "~/db/schema";
import { attemptResult, DrawOutdated, RetakeTooEarly, UnknownDraw } from "~/courses/attempts.server";
import { toDisplayedAnswers } from "~/courses/draw";
import { addMonths } from "~/dates/calendar";
import { findDraw, openDraw } from "~/courses/draws.server";
import { courseProgress, getCourse } from "~/courses/catalog.server";
import { issueCertificate, verifyCertificate } from "~/courses/certificates.server";
import type { Answers, QuizKey } from "~/courses/grading";
import { getCompiledModule, prepareModules } from "~/courses/modules.server";
import { markOpened } from "~/courses/progress.server";
import { competenceChanges, submitQuiz } from "~/learning/quiz-outcome.server";
import { ownReflections, saveReflection } from "~/courses/reflections.server";
import type { Queryable } from "~/db/client.server";
import { describeEachDb } from "./support/db";
import { createAuthority, createPerson, createRoleDescription, eventInput } from "./support/fixtures";
import { cancelEvent, createEvent, recordAttendance, registerForEvent } from "~/events/events.server";
import { eventDetail } from "~/events/views.server";

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

type Who = { id: string; authorityId: string };
const whereOf = (person: Who, courseId: string, moduleId: string) => ({ authorityId: person.authorityId, personId: person.id, courseId, moduleId });

/** Opens the quiz as the module page does (the open draw, made if there is none); returns the draw. */
async function drawFor(db: Queryable, person: Who, courseId: string, moduleId: string, options: { hash?: string; attemptSize?: number | null; waitMinutes?: number; now?: Date } = {}) {
  const module = getCourse(courseId)!.modules.find((m) => m.id === moduleId)!;
  const compiled = getCompiledModule(courseId, moduleId)!;
  return openDraw(db, {
    ...whereOf(person, courseId, moduleId),
    contentHash: options.hash ?? compiled.hash,
    key: compiled.key,
    attemptSize: options.attemptSize === undefined ? module.attemptSize : options.attemptSize,
    retakeWaitMinutes: options.waitMinutes ?? 0,
    now: options.now ?? new Date("2026-03-10T09:00:00Z"),
  });
}

/** Answers the draw the way a learner's form would (display values), from answers by key value. */
async function take(db: Queryable, person: Who, courseId: string, moduleId: string, answers: (key: QuizKey) => Answers, options: { drawId?: string; now?: Date; hash?: string; waitMinutes?: number } = {}) {
  const course = getCourse(courseId)!;
  const module = course.modules.find((m) => m.id === moduleId)!;
  const compiled = getCompiledModule(courseId, moduleId)!;
  const drawId = options.drawId ?? (await drawFor(db, person, courseId, moduleId, { hash: options.hash, now: options.now })).draw!.id;
  const draw = await findDraw(db, whereOf(person, courseId, moduleId), drawId);
  return submitQuiz(db, {
    authorityId: person.authorityId,
    personId: person.id,
    course,
    module,
    contentHash: options.hash ?? compiled.hash,
    key: compiled.key,
    answers: draw ? toDisplayedAnswers(draw.items, answers(compiled.key)) : answers(compiled.key),
    submissionId: drawId,
    retakeWaitMinutes: options.waitMinutes,
    now: options.now ?? new Date("2026-03-10T09:00:00Z"),
  });
}

describeEachDb("taking a module", ({ database }) => {
  it("stores a failed attempt with the content hash, every answer and the score, and writes no evidence", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const anna = await createPerson(db, { authorityId: authority.id });
    const drawn = (await drawFor(db, anna, "kommunikation-beratung", "aktiv-zuhoeren")).draw!;
    const result = await db.transaction((tx) => take(tx, anna, "kommunikation-beratung", "aktiv-zuhoeren", worstAnswers, { drawId: drawn.id }));
    expect(result).toMatchObject({ passed: false, repeated: false });
    const [row] = await db.select().from(quizAttempts).where(eq(quizAttempts.id, result.attemptId));
    const compiled = getCompiledModule("kommunikation-beratung", "aktiv-zuhoeren")!;
    expect(row).toMatchObject({ contentHash: compiled.hash, passed: false, scorePercent: 0, passMark: 70 });
    // Every item of this attempt's draw is answered and stored (7 of the module's pool of 11).
    expect(Object.keys(row.answers).sort()).toEqual(drawn.items.map((item) => item.id).sort());
    expect(drawn.items).toHaveLength(getCourse("kommunikation-beratung")!.modules.find((m) => m.id === "aktiv-zuhoeren")!.attemptSize!);
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
    expect(module).toMatchObject({ passed: 1, total: 5, percent: 20, resumeModuleId: "ermessen-und-handlungsspielraum" });
  });

  it("records one attempt when the same form is submitted twice, also at the same time", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const anna = await createPerson(db, { authorityId: authority.id });
    const drawId = (await drawFor(db, anna, "kommunikation-beratung", "aktiv-zuhoeren")).draw!.id;
    const first = await db.transaction((tx) => take(tx, anna, "kommunikation-beratung", "aktiv-zuhoeren", bestAnswers, { drawId }));
    const again = await db.transaction((tx) => take(tx, anna, "kommunikation-beratung", "aktiv-zuhoeren", bestAnswers, { drawId }));
    expect(again).toEqual({ attemptId: first.attemptId, passed: true, repeated: true });
    const concurrentId = (await drawFor(db, anna, "kommunikation-beratung", "verstaendliche-sprache")).draw!.id;
    const both = await Promise.all([0, 1].map(() => db.transaction((tx) => take(tx, anna, "kommunikation-beratung", "verstaendliche-sprache", bestAnswers, { drawId: concurrentId }))));
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
    expect(certificate?.modules).toHaveLength(5);
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
    // Not revoked; it expires as the module says (24 months: the module states the law).
    expect(rows.every((r) => r.revokedAt === null && r.validUntil?.getTime() === addMonths(r.achievedAt, 24).getTime())).toBe(true);
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
    expect(own?.questions?.[0].options.some((o) => (o.feedback?.explanation.length ?? 0) > 0)).toBe(true);
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

describeEachDb("quiz draws, retake wait and feedback", ({ database }) => {
  const course = "kommunikation-beratung";
  const moduleId = "aktiv-zuhoeren";

  it("draws 2 judgements and attemptSize − 2 questions, reuses the open draw on reload, and grades exactly the drawn items", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const anna = await createPerson(db, { authorityId: authority.id });
    const compiled = getCompiledModule(course, moduleId)!;
    const first = (await drawFor(db, anna, course, moduleId, { attemptSize: 5 })).draw!;
    const kinds = first.items.map((item) => compiled.key.questions.find((q) => q.id === item.id)!.kind);
    expect(kinds.filter((k) => k === "judgement")).toHaveLength(2);
    expect(kinds).toHaveLength(5);
    // A reload (or the no-JavaScript form) gets the same draw.
    expect((await drawFor(db, anna, course, moduleId, { attemptSize: 5 })).draw).toEqual(first);
    // Answers for every item of the pool: only the drawn ones are stored and graded.
    const result = await db.transaction((tx) => take(tx, anna, course, moduleId, bestAnswers, { drawId: first.id }));
    const [row] = await db.select().from(quizAttempts).where(eq(quizAttempts.id, result.attemptId));
    expect(Object.keys(row.answers).sort()).toEqual(first.items.map((i) => i.id).sort());
    expect(row).toMatchObject({ passed: true, maxPoints: 2 * 2 + 3 });
    // The graded draw is never offered again: the next opening draws anew.
    const next = (await drawFor(db, anna, course, moduleId, { attemptSize: 5 })).draw!;
    expect(next.id).not.toBe(first.id);
  });

  it("gives two tabs opened at the same time one draw, and replaces a draw of an older module version", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const anna = await createPerson(db, { authorityId: authority.id });
    const [a, b] = await Promise.all([drawFor(db, anna, course, moduleId), drawFor(db, anna, course, moduleId)]);
    expect(a.draw!.id).toBe(b.draw!.id);
    // The module changed after this draw was made: a submit of it is refused, the page draws anew.
    const other = await createPerson(db, { authorityId: authority.id });
    const old = (await drawFor(db, other, course, moduleId, { hash: "older-version" })).draw!;
    await expect(db.transaction((tx) => take(tx, other, course, moduleId, bestAnswers, { drawId: old.id }))).rejects.toBeInstanceOf(DrawOutdated);
    const fresh = (await drawFor(db, other, course, moduleId)).draw!;
    expect(fresh.id).not.toBe(old.id);
    expect(await findDraw(db, whereOf(other, course, moduleId), old.id)).toBeNull();
  });

  it("refuses a draw that belongs to someone else and writes nothing", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const anna = await createPerson(db, { authorityId: authority.id });
    const mallory = await createPerson(db, { authorityId: authority.id });
    const annasDraw = (await drawFor(db, anna, course, moduleId)).draw!;
    await expect(db.transaction((tx) => take(tx, mallory, course, moduleId, bestAnswers, { drawId: annasDraw.id }))).rejects.toBeInstanceOf(UnknownDraw);
    expect(await db.select().from(quizAttempts).where(eq(quizAttempts.authorityId, authority.id))).toEqual([]);
    // Anna's draw is still open for her.
    expect((await drawFor(db, anna, course, moduleId)).draw!.id).toBe(annasDraw.id);
  });

  it("makes a learner wait the authority's retake time after a failed attempt: no new draw, an early submit is refused and writes nothing", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const anna = await createPerson(db, { authorityId: authority.id });
    const at = new Date("2026-03-10T09:00:00Z");
    const failedDraw = (await drawFor(db, anna, course, moduleId, { now: at })).draw!;
    await db.transaction((tx) => take(tx, anna, course, moduleId, worstAnswers, { drawId: failedDraw.id, now: at }));
    const soon = new Date(at.getTime() + 10 * 60_000);
    expect(await drawFor(db, anna, course, moduleId, { waitMinutes: 30, now: soon })).toEqual({ draw: null, notBefore: new Date(at.getTime() + 30 * 60_000) });
    // A draw opened without the wait (e.g. the setting was raised since) cannot be submitted early.
    const early = (await drawFor(db, anna, course, moduleId, { waitMinutes: 0, now: soon })).draw!;
    await expect(db.transaction((tx) => take(tx, anna, course, moduleId, bestAnswers, { drawId: early.id, now: soon, waitMinutes: 30 }))).rejects.toBeInstanceOf(RetakeTooEarly);
    expect(await db.select().from(quizAttempts).where(eq(quizAttempts.personId, anna.id))).toHaveLength(1);
    const later = new Date(at.getTime() + 31 * 60_000);
    const passed = await db.transaction((tx) => take(tx, anna, course, moduleId, bestAnswers, { drawId: early.id, now: later, waitMinutes: 30 }));
    expect(passed.passed).toBe(true);
  });

  it("shows a failed attempt's feedback only for the chosen options, a passed attempt's for all", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const anna = await createPerson(db, { authorityId: authority.id });
    const compiled = getCompiledModule(course, moduleId)!;
    const input = { authorityId: authority.id, personId: anna.id, courseId: course, moduleId, contentHash: compiled.hash, key: compiled.key };
    const failed = await take(db, anna, course, moduleId, worstAnswers);
    const failedResult = (await attemptResult(db, { ...input, attemptId: failed.attemptId }))!;
    const options = failedResult.questions!.flatMap((q) => q.options);
    expect(options.filter((o) => o.chosen).every((o) => o.feedback !== null)).toBe(true);
    expect(options.filter((o) => !o.chosen).every((o) => o.feedback === null)).toBe(true);
    const passed = await take(db, anna, course, moduleId, bestAnswers);
    const passedResult = (await attemptResult(db, { ...input, attemptId: passed.attemptId }))!;
    expect(passedResult.questions!.flatMap((q) => q.options).every((o) => o.feedback !== null)).toBe(true);
  });

  it("says after a quiz what changed per competence: level before and after, the role's requirement and what closes the rest", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const role = await createRoleDescription(db, authority.id, { "c.active-listening": 3, "s.empathy": 1 });
    const anna = await createPerson(db, { authorityId: authority.id, roleDescriptionId: role.id });
    const module = getCourse(course)!.modules.find((m) => m.id === moduleId)!;
    const failed = await take(db, anna, course, moduleId, worstAnswers, { now: new Date("2026-03-10T09:00:00Z") });
    const atFail = await competenceChanges(db, { authorityId: authority.id, personId: anna.id }, module, { id: failed.attemptId, submittedAt: new Date("2026-03-10T09:00:00Z") }, "de");
    expect(atFail.find((c) => c.competenceId === "c.active-listening")).toMatchObject({ before: 0, after: 0, required: 3, remaining: 3 });
    expect(atFail.find((c) => c.competenceId === "c.active-listening")!.modules.map((m) => m.href)).toContain(`/courses/${course}/${moduleId}`);
    const passed = await take(db, anna, course, moduleId, bestAnswers, { now: new Date("2026-03-11T09:00:00Z") });
    const changes = await competenceChanges(db, { authorityId: authority.id, personId: anna.id }, module, { id: passed.attemptId, submittedAt: new Date("2026-03-11T09:00:00Z") }, "de");
    const listening = changes.find((c) => c.competenceId === "c.active-listening")!;
    const certified = module.competences.find((c) => c.competenceId === "c.active-listening")!.level;
    expect(listening).toMatchObject({ before: 0, after: certified, required: 3, remaining: 3 - certified, needsPractice: true });
    expect(changes.find((c) => c.competenceId === "s.empathy")).toMatchObject({ before: 0, required: 1, remaining: 0, modules: [] });
    expect(listening.workshop).toBeNull();
    // A scheduled workshop that certifies the missing level is named (title, date, link); one that
    // certifies no more than she has, a cancelled one and one whose registration has closed are not.
    const hrPerson = await createPerson(db, { authorityId: authority.id, roles: ["hr"], withPassword: false });
    const hr = { id: hrPerson.id, authorityId: authority.id, roles: ["hr" as const], ledUnitIds: [] };
    const at = new Date("2027-03-01T09:00:00Z");
    await createEvent(db, hr, eventInput({ title: "Zu niedrig", competences: [{ competenceId: "c.active-listening", level: certified }], sessions: [{ date: "2027-03-22", start: "09:00", end: "12:00" }] }), at);
    const cancelled = await createEvent(db, hr, eventInput({ title: "Abgesagt", competences: [{ competenceId: "c.active-listening", level: 3 }], sessions: [{ date: "2027-03-23", start: "09:00", end: "12:00" }] }), at);
    await cancelEvent(db, hr, cancelled, at);
    await createEvent(db, hr, eventInput({ title: "Schon geschlossen", deadlineDate: "2027-02-20", competences: [{ competenceId: "c.active-listening", level: 3 }], sessions: [{ date: "2027-03-24", start: "09:00", end: "12:00" }] }), new Date("2027-02-01T09:00:00Z"));
    const named = await createEvent(db, hr, eventInput({ title: "Zuhören in der Beratung", competences: [{ competenceId: "c.active-listening", level: 3 }] }), at);
    const later = await competenceChanges(db, { authorityId: authority.id, personId: anna.id }, module, { id: passed.attemptId, submittedAt: new Date("2026-03-11T09:00:00Z") }, "de", at);
    expect(later.find((c) => c.competenceId === "c.active-listening")!.workshop).toEqual({ href: `/events/${named}`, title: "Zuhören in der Beratung", startsAt: "2027-03-25T08:00:00.000Z" });
    expect(later.find((c) => c.competenceId === "s.empathy")!.workshop).toBeNull();
  });

  it("a workshop with a post-quiz: attendance counts only once its quiz is passed after the start, in the transaction of whichever comes last", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const hrPerson = await createPerson(db, { authorityId: authority.id, roles: ["hr"], withPassword: false });
    const hr = { id: hrPerson.id, authorityId: authority.id, roles: ["hr" as const], ledUnitIds: [] };
    const anna = await createPerson(db, { authorityId: authority.id });
    const ben = await createPerson(db, { authorityId: authority.id });
    const created = new Date("2027-03-01T09:00:00Z");
    // A module that is no module, or a post-quiz on an event that certifies nothing, is refused.
    await expect(createEvent(db, hr, eventInput({ postQuiz: `${course}/no-such-module` }), created)).rejects.toMatchObject({ field: "postQuiz", messageKey: "validation.invalidChoice" });
    await expect(createEvent(db, hr, eventInput({ postQuiz: `${course}/${moduleId}`, competences: [] }), created)).rejects.toMatchObject({ field: "postQuiz" });
    const eventId = await createEvent(db, hr, eventInput({ postQuiz: `${course}/${moduleId}` }), created);
    for (const p of [anna, ben]) await registerForEvent(db, { id: p.id, authorityId: authority.id, roles: ["employee"], ledUnitIds: [] }, eventId, p.id, created);
    const attendanceOf = async (personId: string) =>
      db.select({ id: evidence.id, level: evidence.level }).from(evidence).where(and(eq(evidence.personId, personId), eq(evidence.source, "attendance")));
    // Anna passed the quiz before the workshop began: that does not count.
    await db.transaction((tx) => take(tx, anna, course, moduleId, bestAnswers, { now: new Date("2027-03-24T09:00:00Z") }));
    const after = new Date("2027-03-25T16:00:00Z");
    await db.transaction((tx) => recordAttendance(tx, hr, eventId, [{ personId: anna.id, attendance: "full" }, { personId: ben.id, attendance: "full" }], after));
    expect(await attendanceOf(anna.id)).toEqual([]);
    expect(await attendanceOf(ben.id)).toEqual([]);
    const page = await eventDetail(db, { id: anna.id, authorityId: authority.id, roles: ["employee"], ledUnitIds: [] }, eventId, after);
    expect(page.mine).toMatchObject({ attendance: "full", evidenceWritten: false });
    expect(page.postQuiz?.href).toBe(`/courses/${course}/${moduleId}`);
    // Ben passes after the start: the passing attempt writes his attendance evidence (level 3, not the module's).
    await db.transaction((tx) => take(tx, ben, course, moduleId, bestAnswers, { now: new Date("2027-03-26T09:00:00Z") }));
    expect((await attendanceOf(ben.id)).map((e) => e.level)).toEqual([3]);
    const [benReg] = await db.select().from(eventRegistrations).where(and(eq(eventRegistrations.eventId, eventId), eq(eventRegistrations.personId, ben.id)));
    expect(benReg.evidenceIds).toHaveLength(1);
    // Anna passes again, after the start: now hers is written too.
    await db.transaction((tx) => take(tx, anna, course, moduleId, bestAnswers, { now: new Date("2027-03-27T09:00:00Z") }));
    expect(await attendanceOf(anna.id)).toHaveLength(1);
    expect((await eventDetail(db, { id: anna.id, authorityId: authority.id, roles: ["employee"], ledUnitIds: [] }, eventId, after)).mine).toMatchObject({ evidenceWritten: true });
    // The other order: Carl passes during the workshop, then his attendance is confirmed and counts at once.
    const carl = await createPerson(db, { authorityId: authority.id });
    await registerForEvent(db, { id: carl.id, authorityId: authority.id, roles: ["employee"], ledUnitIds: [] }, eventId, carl.id, created);
    await db.transaction((tx) => take(tx, carl, course, moduleId, bestAnswers, { now: new Date("2027-03-25T12:00:00Z") }));
    expect(await attendanceOf(carl.id)).toEqual([]);
    await db.transaction((tx) => recordAttendance(tx, hr, eventId, [{ personId: carl.id, attendance: "full" }], after));
    expect((await attendanceOf(carl.id)).map((e) => e.level)).toEqual([3]);
  });
});
