// The editors' workflow against a real database: copy a built-in module, save with optimistic
// locking, send to review, four-eyes approval, withdrawal; every step audited, other authorities
// see nothing, and refused steps write nothing.
import { and, eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import {
  approveVersion,
  AuthoringError,
  authoredModule,
  copyBuiltIn,
  publishedModule,
  rejectVersion,
  saveDraft,
  submitForReview,
  withdrawal,
  withdrawVersion,
  workspace,
} from "~/authoring/authoring.server";
import { courseForAuthority, moduleForLearner } from "~/authoring/learner.server";
import { getCourse, getModule } from "~/courses/catalog.server";
import { getCompiledModule, prepareModules } from "~/courses/modules.server";
import { modulePage } from "~/courses/pages.server";
import { auditLog, authoredModules, authoredModuleVersions } from "~/db/schema";
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
    const listed = await courseForAuthority(db(), employee.authorityId, course);
    expect(listed.modules.find((m) => m.id === MODULE)?.title).toBe("Aktiv zuhören bei uns");
    const elsewhere = await createAuthority(db());
    expect((await courseForAuthority(db(), elsewhere.id, course)).modules.find((m) => m.id === MODULE)?.title).toBe(base.title);
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
    expect((await workspace(db(), stranger.author)).own).toEqual([]);
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
});
