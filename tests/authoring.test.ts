// The editors' workflow against a real database: copy a built-in module, save with optimistic
// locking, send to review, four-eyes approval, withdrawal; every step audited, other authorities
// see nothing, and refused steps write nothing.
import { and, eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import {
  approveVersion,
  AuthoringError,
  AuthoringFieldError,
  createCourse,
  createModule,
  authoredModule,
  copyBuiltIn,
  rejectVersion,
  saveDraft,
  submitForReview,
  withdrawVersion,
  workspace,
} from "~/authoring/authoring.server";
import { catalogForAuthority, courseForAuthority, moduleForLearner, publishedModule, withdrawal } from "~/courses/authority-catalog.server";
import { coursesOverview } from "~/learning/course-pages.server";
import { getCatalog, getCourse, getModule } from "~/courses/catalog.server";
import { getCompiledModule, prepareModules } from "~/courses/modules.server";
import { modulePage } from "~/learning/course-pages.server";
import { auditLog, authoredCourses, authoredModules, authoredModuleVersions } from "~/db/schema";
import type { Queryable } from "~/db/client.server";
import { describeEachDb } from "./support/db";
import { createAuthority, createPerson } from "./support/fixtures";

const COURSE = "kommunikation-beratung";
const MODULE = "aktiv-zuhoeren";

async function setup(db: Queryable) {
  const authority = await createAuthority(db);
  const mk = async (roles: ("employee" | "editor" | "hr")[]) => {
    const p = await createPerson(db, { authorityId: authority.id, roles });
    return { id: p.id, authorityId: authority.id, roles };
  };
  return { authority, author: await mk(["employee", "editor"]), reviewer: await mk(["employee", "hr", "editor"]), employee: await mk(["employee"]) };
}

const code = async (promise: Promise<unknown>) => {
  try {
    await promise;
    return "ok";
  } catch (error) {
    if (error instanceof AuthoringError) return error.code;
    if (error instanceof AuthoringFieldError) return `${error.field}:${error.messageKey.split(".").pop()}`;
    throw error;
  }
};

describeEachDb("authoring", ({ database }) => {
  const db = () => database().db;
  beforeAll(async () => {
    if (!getCompiledModule(COURSE, MODULE)) await prepareModules();
  }, 300_000);

  it("a learner gets the published version on the module page, keeps it mid-quiz when a newer one is published, and the built-in one after a withdrawal", async () => {
    const { author, reviewer, employee } = await setup(db());
    const base = getModule(COURSE, MODULE)!;
    const course = getCourse(COURSE)!;
    const builtIn = getCompiledModule(COURSE, MODULE)!;
    const id = await copyBuiltIn(db(), author, COURSE, MODULE);
    const draft = await authoredModule(db(), author, id);
    const rev = await saveDraft(db(), author, id, draft.draftSource.replace("title: Aktiv zuhören – auch über Sprachgrenzen hinweg", "title: Aktiv zuhören bei uns"), draft.draftRevision);
    const v1 = await submitForReview(db(), author, id, rev);
    await approveVersion(db(), reviewer, v1.id);
    const first = (await moduleForLearner(db(), employee, base))!;
    expect(first.version).toBe(1);
    expect(first.compiled.hash).not.toBe(builtIn.hash);
    const page = await modulePage(db(), employee, { course, module: first.module, compiled: first.compiled, attemptId: null, now: new Date(), locale: "de" });
    expect(page.module.title).toBe("Aktiv zuhören bei uns");
    // The course page lists the authority's version, other authorities keep the built-in one.
    const listed = (await courseForAuthority(db(), employee.authorityId, course.id))!;
    expect(listed.modules.find((m) => m.id === MODULE)?.title).toBe("Aktiv zuhören bei uns");
    const elsewhere = await createAuthority(db());
    expect((await courseForAuthority(db(), elsewhere.id, course.id))!.modules.find((m) => m.id === MODULE)?.title).toBe(base.title);
    expect(page.contentHash).toBe(first.compiled.hash);
    expect(page.quiz.mode).toBe("open");
    expect(JSON.stringify(page)).not.toContain(first.compiled.key.questions[0].options[0].explanation);
    // Version 2 is published while the learner's quiz is open: they keep version 1 until they finish.
    const rev2 = await saveDraft(db(), author, id, draft.draftSource.replace("minutes: 16", "minutes: 17"), rev);
    const v2 = await submitForReview(db(), author, id, rev2);
    await approveVersion(db(), reviewer, v2.id);
    expect((await moduleForLearner(db(), employee, base))?.version).toBe(1);
    const newcomer = await createPerson(db(), { authorityId: author.authorityId });
    expect((await moduleForLearner(db(), { id: newcomer.id, authorityId: author.authorityId }, base))?.version).toBe(2);
    await withdrawVersion(db(), reviewer, v2.id, "Wird überarbeitet.");
    const after = (await moduleForLearner(db(), { id: newcomer.id, authorityId: author.authorityId }, base))!;
    expect(after.version).toBeNull();
    expect(after.compiled.hash).toBe(builtIn.hash);
    expect(after.withdrawn?.reason).toBe("Wird überarbeitet.");
  });

  it("an editor copies a built-in module, edits it, a second editor approves, and learners of that authority get the new version", async () => {
    const { author, reviewer } = await setup(db());
    const id = await copyBuiltIn(db(), author, COURSE, MODULE);
    const draft = await authoredModule(db(), author, id);
    expect(draft.draftSource).toContain("title: Aktiv zuhören");
    const edited = draft.draftSource.replace("title: Aktiv zuhören – auch über Sprachgrenzen hinweg", "title: Aktiv zuhören in Musterstadt");
    const revision = await saveDraft(db(), author, id, edited, draft.draftRevision);
    const version = await submitForReview(db(), author, id, revision);
    expect(version.version).toBe(1);
    // Not yet published: learners still get the built-in module.
    const base = getModule(COURSE, MODULE)!;
    expect(await publishedModule(db(), author.authorityId, base)).toBeNull();
    expect(await code(approveVersion(db(), author, version.id))).toBe("ownVersion");
    await approveVersion(db(), reviewer, version.id);
    const published = await publishedModule(db(), author.authorityId, base);
    expect(published?.version).toBe(1);
    expect(published?.module.title).toBe("Aktiv zuhören in Musterstadt");
    expect(published?.compiled.code).not.toContain(published!.compiled.key.questions[0].options[0].explanation);
    const actions = await db().select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.authorityId, author.authorityId));
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(["authoring.copy", "authoring.save", "authoring.submit", "authoring.publish"]));
    // Another authority still gets the built-in module.
    const other = await createAuthority(db());
    expect(await publishedModule(db(), other.id, base)).toBeNull();
  });

  it("two editors saving the same draft: the second is told and gets the stored text, nothing is lost", async () => {
    const { author, reviewer } = await setup(db());
    const id = await copyBuiltIn(db(), author, COURSE, MODULE);
    const { draftSource, draftRevision } = await authoredModule(db(), author, id);
    await saveDraft(db(), author, id, `${draftSource}\nErste Änderung\n`, draftRevision);
    let conflict: AuthoringError | undefined;
    try {
      await saveDraft(db(), reviewer, id, `${draftSource}\nZweite Änderung\n`, draftRevision);
    } catch (error) {
      conflict = error as AuthoringError;
    }
    expect(conflict?.code).toBe("conflict");
    expect(conflict?.current?.source).toContain("Erste Änderung");
    const stored = await authoredModule(db(), author, id);
    expect(stored.draftSource).toContain("Erste Änderung");
    expect(stored.draftSource).not.toContain("Zweite Änderung");
    expect(stored.draftRevision).toBe(draftRevision + 1);
  });

  it("a hostile draft can be saved as text but never becomes a version", async () => {
    const { author } = await setup(db());
    const id = await copyBuiltIn(db(), author, COURSE, MODULE);
    const { draftSource, draftRevision } = await authoredModule(db(), author, id);
    const revision = await saveDraft(db(), author, id, draftSource.replace("## Worum", "{process.exit()}\n\n## Worum"), draftRevision);
    let refused: AuthoringError | undefined;
    try {
      await submitForReview(db(), author, id, revision);
    } catch (error) {
      refused = error as AuthoringError;
    }
    expect(refused?.code).toBe("invalid");
    expect(refused?.problems[0].message).toMatch(/JavaScript/);
    expect(await db().select().from(authoredModuleVersions).where(eq(authoredModuleVersions.authoredModuleId, id))).toHaveLength(0);
    // A document over the size limit is not even saved.
    expect(await code(saveDraft(db(), author, id, "x".repeat(200_000), revision))).toBe("invalid");
    expect((await authoredModule(db(), author, id)).draftRevision).toBe(revision);
  });

  it("only editors work here, and only on their own authority's modules", async () => {
    const { author, employee } = await setup(db());
    expect(await code(workspace(db(), employee))).toBe("notEditor");
    expect(await code(copyBuiltIn(db(), employee, COURSE, MODULE))).toBe("notEditor");
    const id = await copyBuiltIn(db(), author, COURSE, MODULE);
    expect(await code(copyBuiltIn(db(), author, COURSE, MODULE))).toBe("exists");
    const stranger = await setup(db());
    expect(await code(authoredModule(db(), stranger.author, id))).toBe("notFound");
    expect(await code(saveDraft(db(), stranger.author, id, "x", 1))).toBe("notFound");
    expect((await workspace(db(), stranger.author)).courses).toEqual([]);
  });

  it("a new version supersedes the published one; a withdrawal needs a reason learners then see", async () => {
    const { author, reviewer } = await setup(db());
    const id = await copyBuiltIn(db(), author, COURSE, MODULE);
    const first = await submitForReview(db(), author, id, 1);
    await approveVersion(db(), reviewer, first.id);
    const { draftSource } = await authoredModule(db(), author, id);
    const rev = await saveDraft(db(), author, id, draftSource.replace("minutes: 16", "minutes: 18"), 1);
    const second = await submitForReview(db(), author, id, rev);
    expect(await code(rejectVersion(db(), reviewer, second.id, " "))).toBe("reasonRequired");
    await approveVersion(db(), reviewer, second.id);
    const statuses = await db().select({ v: authoredModuleVersions.version, s: authoredModuleVersions.status }).from(authoredModuleVersions).where(eq(authoredModuleVersions.authoredModuleId, id));
    expect(Object.fromEntries(statuses.map((r) => [r.v, r.s]))).toEqual({ 1: "superseded", 2: "published" });
    const base = getModule(COURSE, MODULE)!;
    expect((await publishedModule(db(), author.authorityId, base))?.module.minutes).toBe(18);
    expect(await code(withdrawVersion(db(), author, second.id, ""))).toBe("reasonRequired");
    await withdrawVersion(db(), author, second.id, "Die Öffnungszeiten haben sich geändert.");
    expect(await publishedModule(db(), author.authorityId, base)).toBeNull();
    expect((await withdrawal(db(), author.authorityId, COURSE, MODULE))?.reason).toBe("Die Öffnungszeiten haben sich geändert.");
    const [row] = await db().select().from(auditLog).where(and(eq(auditLog.authorityId, author.authorityId), eq(auditLog.action, "authoring.withdraw")));
    expect(row.details).toMatchObject({ version: 2 });
    expect(await db().select().from(authoredModules).where(eq(authoredModules.id, id))).toHaveLength(1);
  });

  it("a new module in a new course of the authority: draft → review → published, then its learners see course and module everywhere, other authorities never", async () => {
    const { author, reviewer, employee } = await setup(db());
    const slug = `ablauf-${crypto.randomUUID().slice(0, 8)}`;
    const courseSlug = `vor-ort-${crypto.randomUUID().slice(0, 8)}`;
    expect(await createCourse(db(), author, { slug: courseSlug, title: "Unsere Abläufe vor Ort", summary: "Wie wir in Musterstadt arbeiten." })).toBe(courseSlug);
    const id = await createModule(db(), author, { courseId: courseSlug, slug, title: "Terminvergabe bei uns", summary: "Wie Termine vergeben werden.", competence: "c.active-listening" });
    // A course without a published module is nobody's yet.
    expect((await catalogForAuthority(db(), employee.authorityId)).course(courseSlug)).toBeUndefined();
    // The template is a draft, not content: the rules refuse it.
    const draft = await authoredModule(db(), author, id);
    expect(draft.draftSource).toContain(`id: ${slug}`);
    expect(await code(submitForReview(db(), author, id, draft.draftRevision))).toBe("invalid");
    // Real content (a built-in module's text under the new id and title) passes review.
    const source = getCatalog()
      .sources.get(`${COURSE}/${MODULE}`)!
      .replace(`id: ${MODULE}`, `id: ${slug}`)
      .replace("title: Aktiv zuhören – auch über Sprachgrenzen hinweg", "title: Terminvergabe bei uns");
    const rev = await saveDraft(db(), author, id, source, draft.draftRevision);
    const v1 = await submitForReview(db(), author, id, rev);
    expect(await code(approveVersion(db(), author, v1.id))).toBe("ownVersion");
    expect((await catalogForAuthority(db(), employee.authorityId)).course(courseSlug)).toBeUndefined();
    await approveVersion(db(), reviewer, v1.id);

    const catalog = await catalogForAuthority(db(), employee.authorityId);
    const course = catalog.course(courseSlug)!;
    expect(course).toMatchObject({ title: "Unsere Abläufe vor Ort", summary: "Wie wir in Musterstadt arbeiten." });
    expect(course.modules.map((m) => [m.id, m.title, m.position])).toEqual([[slug, "Terminvergabe bei uns", 0]]);
    expect(catalog.courses.at(-1)!.id).toBe(courseSlug);
    expect(catalog.moduleRefs().some((r) => r.courseId === courseSlug && r.moduleId === slug)).toBe(true);
    expect(catalog.modulesCertifying("c.active-listening").some((m) => m.id === slug)).toBe(true);
    expect((await courseForAuthority(db(), employee.authorityId, courseSlug))?.id).toBe(courseSlug);
    const overview = await coursesOverview(db(), employee);
    expect(overview.find((c) => c.id === courseSlug)).toMatchObject({ title: "Unsere Abläufe vor Ort", total: 1, passed: 0 });
    const learner = (await moduleForLearner(db(), employee, course.modules[0]))!;
    expect(learner).toMatchObject({ version: 1, withdrawn: null });
    expect(learner.module.title).toBe("Terminvergabe bei uns");
    expect(learner.compiled.moduleId).toBe(slug);

    // Another authority: not in its catalog, its learners get nothing for the module.
    const elsewhere = await setup(db());
    const theirs = await catalogForAuthority(db(), elsewhere.employee.authorityId);
    expect(theirs.course(courseSlug)).toBeUndefined();
    expect(theirs.moduleRefs().some((r) => r.moduleId === slug)).toBe(false);
    expect(await moduleForLearner(db(), elsewhere.employee, course.modules[0])).toBeNull();
    expect((await coursesOverview(db(), elsewhere.employee)).some((c) => c.id === courseSlug)).toBe(false);
    // …and may use the same slugs for its own course and module.
    expect(await createCourse(db(), elsewhere.author, { slug: courseSlug, title: "Anders", summary: "Anders." })).toBe(courseSlug);
    expect(await code(createModule(db(), elsewhere.author, { courseId: courseSlug, slug, title: "T", summary: "S", competence: "c.active-listening" }))).toBe("ok");

    const actions = await db().select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.authorityId, author.authorityId));
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(["authoring.create_course", "authoring.create_module", "authoring.publish"]));
  });

  it("a new module in a built-in course follows its built-in modules", async () => {
    const { author, reviewer, employee } = await setup(db());
    const slug = `hinweise-${crypto.randomUUID().slice(0, 8)}`;
    const id = await createModule(db(), author, { courseId: COURSE, slug, title: "Unsere Hinweise", summary: "Was bei uns gilt.", competence: "c.active-listening" });
    const source = getCatalog().sources.get(`${COURSE}/${MODULE}`)!.replace(`id: ${MODULE}`, `id: ${slug}`);
    const v1 = await submitForReview(db(), author, id, await saveDraft(db(), author, id, source, 1));
    await approveVersion(db(), reviewer, v1.id);
    const course = (await courseForAuthority(db(), employee.authorityId, COURSE))!;
    const builtIn = getCourse(COURSE)!;
    expect(course.modules.map((m) => m.id)).toEqual([...builtIn.modules.map((m) => m.id), slug]);
    expect(course.modules.at(-1)!.position).toBe(builtIn.modules.length);
    expect(course.minutes).toBe(builtIn.minutes + 16);
    const listed = await workspace(db(), author, await catalogForAuthority(db(), author.authorityId));
    expect(listed.courses.find((c) => c.id === COURSE)!.modules.map((m) => [m.moduleId, m.title, m.published, m.isNew])).toEqual([[slug, getModule(COURSE, MODULE)!.title, 1, true]]);
  });

  it("refuses bad or clashing slugs, unknown courses and competences with the field, and writes nothing", async () => {
    const { author, employee } = await setup(db());
    const own = `eigen-${crypto.randomUUID().slice(0, 8)}`;
    await createCourse(db(), author, { slug: own, title: "Eigen", summary: "Eigen." });
    const before = await db().select().from(authoredCourses).where(eq(authoredCourses.authorityId, author.authorityId));
    const course = (slug: string) => code(createCourse(db(), author, { slug, title: "T", summary: "S" }));
    expect(await course(COURSE)).toBe("slug:slugBuiltIn");
    expect(await course(own)).toBe("slug:slugTaken");
    for (const bad of ["../etc", "a/b", "Groß", "a--b", "-a", "", "x".repeat(61), "a\u0000b"]) expect(await course(bad)).toBe("slug:slug");
    expect(await code(createCourse(db(), employee, { slug: "x", title: "T", summary: "S" }))).toBe("notEditor");
    const mod = (courseId: string, slug: string, competence = "c.active-listening") => code(createModule(db(), author, { courseId, slug, title: "T", summary: "S", competence }));
    expect(await mod(own, MODULE)).toBe("slug:slugBuiltIn");
    expect(await mod(own, COURSE)).toBe("slug:slugBuiltIn");
    expect(await mod("gibt-es-nicht", "neu")).toBe("course:course");
    expect(await mod("../kommunikation-beratung", "neu")).toBe("course:course");
    expect(await mod(own, "../../etc/passwd")).toBe("slug:slug");
    expect(await mod(own, "neu", "no.such-competence")).toBe("competence:competenceUnknown");
    expect(await mod(own, "neu")).toBe("ok");
    // The same id again, in the same or another course: taken (ids are the authority's, not the course's).
    expect(await mod(own, "neu")).toBe("slug:slugTaken");
    expect(await mod(COURSE, "neu")).toBe("slug:slugTaken");
    // A course of another authority is not a course here.
    const other = await setup(db());
    const theirs = `fremd-${crypto.randomUUID().slice(0, 8)}`;
    await createCourse(db(), other.author, { slug: theirs, title: "Fremd", summary: "Fremd." });
    expect(await mod(theirs, "neu2")).toBe("course:course");
    expect(await db().select().from(authoredCourses).where(eq(authoredCourses.authorityId, author.authorityId))).toEqual(before);
    expect(await db().select({ id: authoredModules.moduleId }).from(authoredModules).where(eq(authoredModules.authorityId, author.authorityId))).toEqual([{ id: "neu" }]);
  });
});
