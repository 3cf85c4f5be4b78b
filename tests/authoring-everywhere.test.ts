// An authority's published version of a built-in module is what its people see everywhere, not
// only on the course page: the course list, "Mein Lernen", the profile (recommendations, and the
// evidence naming the version it was earned on), HR's training demand, the team page and its
// assignment form, mails and certificates. Another authority keeps seeing the built-in module in every one of them.
import { eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { getLucia } from "~/auth/lucia.server";
import { approveVersion, authoredModule, copyBuiltIn, saveDraft, submitForReview } from "~/authoring/authoring.server";
import { moduleForLearner } from "~/courses/authority-catalog.server";
import { assignLearning } from "~/learning/assigning.server";
import { getCourse, getModule } from "~/courses/catalog.server";
import { issueCertificate } from "~/courses/certificates.server";
import { submitAttempt } from "~/courses/attempts.server";
import { toDisplayedAnswers } from "~/courses/draw";
import { openDraw } from "~/courses/draws.server";
import type { Answers, QuizKey } from "~/courses/grading";
import { getCompiledModule, prepareModules } from "~/courses/modules.server";
import { markPassed } from "~/courses/progress.server";
import type { Queryable } from "~/db/client.server";
import { outbox } from "~/db/schema";
import { rawCoverage } from "~/reports/coverage.server";
import { queueAssignmentReminders } from "~/learning/assignment-mails.server";
import { queueEvidenceExpiry } from "~/learning/scheduled-mails.server";
import { parseSettings } from "~/org/settings";
import { saveSettings } from "~/org/settings.server";
import * as homeRoute from "~/routes/_index";
import * as coursesRoute from "~/routes/courses._index";
import * as profileRoute from "~/routes/profile._index";
import * as teamRoute from "~/routes/team";
import { describeEachDb } from "./support/db";
import { createAuthority, createPerson, createRoleDescription, createUnit } from "./support/fixtures";

const COURSE = "kommunikation-beratung";
const MODULE = "aktiv-zuhoeren";
const BUILT_IN = "Aktiv zuhören – auch über Sprachgrenzen hinweg";
const ADAPTED = "Aktiv zuhören am Schalter in Musterstadt";

type Loader = (args: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>;
async function load<T>(loader: unknown, personId: string, path: string): Promise<T> {
  const session = await getLucia().createSession(personId, {});
  const request = new Request(`http://localhost${path}`, { headers: { Cookie: getLucia().createSessionCookie(session.id).serialize() } });
  return (await (loader as Loader)({ request, params: {}, context: {} })) as T;
}

const bestAnswers = (key: QuizKey): Answers =>
  Object.fromEntries(
    key.questions.map((q) => [q.id, q.kind === "judgement" ? [q.options.find((o) => o.points === 2)!.value] : q.options.filter((o) => o.correct).map((o) => o.value)]),
  );

/** Takes and passes the module in the version the person gets, as the module page would. */
async function pass(db: Queryable, person: { id: string; authorityId: string }, now: Date) {
  const course = getCourse(COURSE)!;
  const resolved = (await moduleForLearner(db, person, getModule(COURSE, MODULE)!))!;
  const where = { authorityId: person.authorityId, personId: person.id, courseId: COURSE, moduleId: MODULE };
  const { draw } = await openDraw(db, { ...where, contentHash: resolved.compiled.hash, key: resolved.compiled.key, attemptSize: null, retakeWaitMinutes: 0, now });
  const result = await submitAttempt(db, {
    ...where,
    course,
    module: resolved.module,
    contentHash: resolved.compiled.hash,
    key: resolved.compiled.key,
    answers: toDisplayedAnswers(draw!.items, bestAnswers(resolved.compiled.key)),
    submissionId: draw!.id,
    now,
  });
  expect(result.passed).toBe(true);
  return resolved;
}

async function world(db: Queryable) {
  const make = async (name: string) => {
    const authority = await createAuthority(db, name);
    await saveSettings(db, authority.id, parseSettings({ leadsSeeIndividualProfiles: true }));
    // The built-in module certifies empathy at level 1, the adapted version at level 2.
    const role = await createRoleDescription(db, authority.id, { "c.active-listening": 2, "s.empathy": 2 });
    const unit = await createUnit(db, authority.id);
    const lead = await createPerson(db, { authorityId: authority.id, unitId: unit.id, roles: ["employee", "lead"], leads: [unit.id] });
    const member = await createPerson(db, { authorityId: authority.id, unitId: unit.id, roleDescriptionId: role.id });
    return {
      authority,
      lead: { id: lead.id, authorityId: authority.id, roles: ["employee" as const, "lead" as const], ledUnitIds: [unit.id] },
      member: { id: member.id, authorityId: authority.id },
    };
  };
  const musterstadt = await make("Ausländerbehörde Musterstadt");
  const elsewhere = await make("Ausländerbehörde Anderswo");
  return { musterstadt, elsewhere };
}

describeEachDb("an authority's version of a module everywhere", ({ database }) => {
  const db = () => database().db;
  let w: Awaited<ReturnType<typeof world>>;
  const publishedAt = new Date();

  beforeAll(async () => {
    if (!getCompiledModule(COURSE, MODULE)) await prepareModules();
    w = await world(db());
    const editor = await createPerson(db(), { authorityId: w.musterstadt.authority.id, roles: ["employee", "editor"] });
    const reviewer = await createPerson(db(), { authorityId: w.musterstadt.authority.id, roles: ["employee", "editor"] });
    const author = { id: editor.id, authorityId: editor.authorityId, roles: ["employee" as const, "editor" as const] };
    const id = await copyBuiltIn(db(), author, COURSE, MODULE);
    const draft = await authoredModule(db(), author, id);
    const adapted = draft.draftSource.replace(`title: ${BUILT_IN}`, `title: ${ADAPTED}`).replace("  s.empathy: 1", "  s.empathy: 2");
    expect(adapted).not.toBe(draft.draftSource);
    const revision = await saveDraft(db(), author, id, adapted, draft.draftRevision);
    const version = await submitForReview(db(), author, id, revision);
    await approveVersion(db(), { id: reviewer.id, authorityId: reviewer.authorityId, roles: ["employee", "editor"] }, version.id, publishedAt);
  }, 300_000);

  it("the course list resumes with the authority's title", async () => {
    type Data = { courses: { id: string; resume: { id: string; title: string } | null; minutes: number }[] };
    const mine = (await load<Data>(coursesRoute.loader, w.musterstadt.member.id, "/courses")).courses.find((c) => c.id === COURSE)!;
    const theirs = (await load<Data>(coursesRoute.loader, w.elsewhere.member.id, "/courses")).courses.find((c) => c.id === COURSE)!;
    expect(mine.resume).toMatchObject({ id: MODULE, title: ADAPTED });
    expect(theirs.resume).toMatchObject({ id: MODULE, title: BUILT_IN });
  });

  it("Mein Lernen and the profile recommend the module under the authority's title, by what its version certifies", async () => {
    type Home = { learning: { recommended: { moduleId: string; title: string; competenceIds: string[] }[] } };
    const mine = (await load<Home>(homeRoute.loader, w.musterstadt.member.id, "/")).learning.recommended.find((r) => r.moduleId === MODULE);
    const theirs = (await load<Home>(homeRoute.loader, w.elsewhere.member.id, "/")).learning.recommended.find((r) => r.moduleId === MODULE);
    expect(mine?.title).toBe(ADAPTED);
    expect(theirs?.title).toBe(BUILT_IN);
    type Profile = { profile: { dimensions: { rows: { competenceId: string; closingModules: { moduleId: string; title: string }[] }[] }[] } };
    const empathy = async (personId: string) =>
      (await load<Profile>(profileRoute.loader, personId, "/profile")).profile.dimensions.flatMap((d) => d.rows).find((r) => r.competenceId === "s.empathy")!;
    // The adapted version certifies empathy 2 and so closes that gap; the built-in one (level 1) does not.
    expect((await empathy(w.musterstadt.member.id)).closingModules.find((m) => m.moduleId === MODULE)?.title).toBe(ADAPTED);
    expect((await empathy(w.elsewhere.member.id)).closingModules.some((m) => m.moduleId === MODULE)).toBe(false);
    // HR's training demand: the adapted version (16 minutes) closes both gaps; elsewhere empathy 2
    // needs "Perspektive der Kundschaft" (19 minutes) as well.
    const minutes = async (authorityId: string) => Math.max(...[...(await rawCoverage(db(), authorityId, { by: "role", at: new Date(), minGroupSize: 1 })).groups.values()].map((g) => g.trainingMinutes));
    expect(await minutes(w.musterstadt.authority.id)).toBe(16);
    expect(await minutes(w.elsewhere.authority.id)).toBe(16 + 19);
  });

  it("the team page's assignment form, open assignments and the assignment and reminder mails use the authority's title", async () => {
    type Team = { courses: { courseId: string; modules: { moduleId: string; title: string; competences: { competenceId: string; level: number }[] }[] }[]; open: { moduleId: string | null; title: string }[] };
    const today = new Date().toISOString().slice(0, 10);
    const due = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    for (const [side, title] of [[w.musterstadt, ADAPTED], [w.elsewhere, BUILT_IN]] as const) {
      await db().transaction((tx) => assignLearning(tx, side.lead, { personIds: [side.member.id], target: `module:${COURSE}/${MODULE}`, dueOn: due }, new Date(), { checkLevels: false }));
      const team = await load<Team>(teamRoute.loader, side.lead.id, "/team");
      const choice = team.courses.find((c) => c.courseId === COURSE)!.modules.find((m) => m.moduleId === MODULE)!;
      expect(choice.title).toBe(title);
      expect(choice.competences.find((c) => c.competenceId === "s.empathy")?.level).toBe(title === ADAPTED ? 2 : 1);
      expect(team.open.find((a) => a.moduleId === MODULE)?.title).toBe(title);
      const [assigned] = await db().select().from(outbox).where(eq(outbox.personId, side.member.id));
      expect(assigned.kind).toBe("assignment.created");
      expect(assigned.subject).toContain(title);
    }
    await queueAssignmentReminders(db(), today);
    for (const [side, title] of [[w.musterstadt, ADAPTED], [w.elsewhere, BUILT_IN]] as const) {
      const reminder = (await db().select().from(outbox).where(eq(outbox.personId, side.member.id))).find((r) => r.kind === "assignment.due-soon");
      expect(reminder?.subject).toContain(title);
    }
  });

  it("evidence names the version it was earned on; the expiry mail and the certificate use the authority's title", async () => {
    const now = new Date(publishedAt.getTime() + 60_000);
    expect((await pass(db(), w.musterstadt.member, now)).version).toBe(1);
    expect((await pass(db(), w.elsewhere.member, now)).version).toBeNull();
    type Profile = { profile: { dimensions: { rows: { competenceId: string; explanation: { evidence: { source: string; module?: { moduleId: string; title: string; version?: number | null } | null } }[] }[] }[] } };
    const quizEvidence = async (personId: string) =>
      (await load<Profile>(profileRoute.loader, personId, "/profile")).profile.dimensions
        .flatMap((d) => d.rows)
        .find((r) => r.competenceId === "c.active-listening")!
        .explanation.map((x) => x.evidence)
        .find((e) => e.source === "quiz")!;
    expect((await quizEvidence(w.musterstadt.member.id)).module).toEqual({ courseId: COURSE, moduleId: MODULE, title: ADAPTED, version: 1 });
    expect((await quizEvidence(w.elsewhere.member.id)).module).toEqual({ courseId: COURSE, moduleId: MODULE, title: BUILT_IN, version: null });
    // The evidence expires after 24 months: the mail 30 days before names the module that renews it.
    await queueEvidenceExpiry(db(), new Date(now.getTime() + (730 - 30) * 86_400_000));
    for (const [side, title, other] of [[w.musterstadt, ADAPTED, BUILT_IN], [w.elsewhere, BUILT_IN, ADAPTED]] as const) {
      const mails = (await db().select().from(outbox).where(eq(outbox.personId, side.member.id))).filter((r) => r.kind === "evidence.expiring");
      expect(mails.length).toBeGreaterThan(0);
      expect(mails.some((m) => m.textBody.includes(title))).toBe(true);
      expect(mails.some((m) => m.textBody.includes(other))).toBe(false);
    }
    // Every module passed: the certificate lists the authority's title and the levels its version certifies.
    for (const [side, title, empathy] of [[w.musterstadt, ADAPTED, 2], [w.elsewhere, BUILT_IN, 1]] as const) {
      for (const m of getCourse(COURSE)!.modules) await markPassed(db(), { authorityId: side.authority.id, personId: side.member.id, courseId: COURSE, moduleId: m.id, at: now });
      const certificate = await db().transaction((tx) => issueCertificate(tx, { authorityId: side.authority.id, personId: side.member.id, courseId: COURSE, now }));
      expect(certificate?.modules[0].title).toBe(title);
      expect(certificate?.course.modules[0].competences.find((c) => c.competenceId === "s.empathy")?.level).toBe(empathy);
    }
  });

  it("an attempt on the built-in module before an unchanged copy was published names no version; one after it does", async () => {
    // An authority publishes its copy unchanged: same text, same content hash as the built-in module.
    const authority = await createAuthority(db());
    const editor = await createPerson(db(), { authorityId: authority.id, roles: ["employee", "editor"] });
    const reviewer = await createPerson(db(), { authorityId: authority.id, roles: ["employee", "editor"] });
    const early = await createPerson(db(), { authorityId: authority.id });
    const late = await createPerson(db(), { authorityId: authority.id });
    const built = getCompiledModule(COURSE, MODULE)!;
    const before = new Date(publishedAt.getTime() - 86_400_000);
    const attempt = async (personId: string, at: Date) => {
      const where = { authorityId: authority.id, personId, courseId: COURSE, moduleId: MODULE };
      const { draw } = await openDraw(db(), { ...where, contentHash: built.hash, key: built.key, attemptSize: null, retakeWaitMinutes: 0, now: at });
      await submitAttempt(db(), { ...where, course: getCourse(COURSE)!, module: getModule(COURSE, MODULE)!, contentHash: built.hash, key: built.key, answers: toDisplayedAnswers(draw!.items, bestAnswers(built.key)), submissionId: draw!.id, now: at });
    };
    await attempt(early.id, before);
    const author = { id: editor.id, authorityId: authority.id, roles: ["employee" as const, "editor" as const] };
    const id = await copyBuiltIn(db(), author, COURSE, MODULE);
    const version = await submitForReview(db(), author, id, (await authoredModule(db(), author, id)).draftRevision);
    expect((await authoredModule(db(), author, id)).versions[0].contentHash).toBe(built.hash);
    await approveVersion(db(), { id: reviewer.id, authorityId: authority.id, roles: ["employee", "editor"] }, version.id, publishedAt);
    await attempt(late.id, new Date(publishedAt.getTime() + 60_000));
    type Profile = { profile: { dimensions: { rows: { competenceId: string; explanation: { evidence: { source: string; module?: { version?: number | null } | null } }[] }[] }[] } };
    const versionOf = async (personId: string) =>
      (await load<Profile>(profileRoute.loader, personId, "/profile")).profile.dimensions
        .flatMap((d) => d.rows)
        .find((r) => r.competenceId === "c.active-listening")!
        .explanation.map((x) => x.evidence)
        .find((e) => e.source === "quiz")?.module?.version;
    expect(await versionOf(early.id)).toBeNull();
    expect(await versionOf(late.id)).toBe(1);
  });
});
