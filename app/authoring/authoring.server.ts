// The editors' workflow (issue 14): copy a built-in module into the authority's library, save the
// draft (optimistic locking), send it to review (checked and compiled; an immutable version), a
// second editor approves (four-eyes) or rejects it, a published version can be withdrawn with a
// reason. Every step is audited and runs in one transaction. An authority's published version of
// a module takes the place of the built-in module of the same course and id for its learners.
import { and, desc, eq, max, sql } from "drizzle-orm";
import { audit } from "~/audit/audit.server";
import { hasPermission, type Viewer } from "~/auth/access.server";
import { getCatalog, getCourse, moduleKey } from "~/courses/catalog.server";
import { ownCourses } from "~/courses/authority-catalog.server";
import type { CompiledModule } from "~/courses/modules.server";
import type { Queryable } from "~/db/client.server";
import { authoredCourses, authoredModules, authoredModuleVersions, people } from "~/db/schema";
import { isCompetenceId } from "~/competences/framework";
import { courseFileSchema, parseYaml } from "~/courses/format";
import { parse as parseYamlValue } from "yaml";
import { germanFrontmatterMessage } from "./messages.server";
import { checkAuthoredModule, checkSafeSubset, decodeUtf8, limits, type SafetyProblem } from "./safe-mdx.server";
import { courseArchive, readArchive } from "./zip.server";

export type Editor = Pick<Viewer, "id" | "authorityId" | "roles">;

/** A refused step: `code` is an i18n key below authoring.errors, `problems` the content's. */
export class AuthoringError extends Error {
  constructor(
    readonly code: "notEditor" | "notFound" | "conflict" | "invalid" | "ownVersion" | "notInReview" | "notPublished" | "reasonRequired" | "exists",
    readonly problems: SafetyProblem[] = [],
    readonly current?: { source: string; revision: number },
  ) {
    super(code);
  }
}

function requireEditor(viewer: Editor) {
  if (!hasPermission(viewer, "write:module:any")) throw new AuthoringError("notEditor");
}

async function findAuthored(db: Queryable, viewer: Editor, id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AuthoringError("notFound");
  const [row] = await db.select().from(authoredModules).where(and(eq(authoredModules.id, id), eq(authoredModules.authorityId, viewer.authorityId)));
  if (!row) throw new AuthoringError("notFound");
  return row;
}

/** The title in a draft's frontmatter (read without parsing the whole file), or null. */
function draftTitle(head: string): string | null {
  const line = /^---\r?\n(?:[\s\S]*?\r?\n)?title:[ \t]*(.+?)[ \t]*\r?\n/.exec(head)?.[1];
  if (!line) return null;
  try {
    const value: unknown = parseYamlValue(line);
    return typeof value === "string" && value.trim() ? value.trim().slice(0, 200) : null;
  } catch {
    return null;
  }
}

/**
 * The editor's workspace: what the authority has (its own courses, and every module it copied or
 * wrote, grouped by course, with the published version's title and the state), the built-in
 * library (read-only) and the courses a new module can go into. `catalog` is the authority's view
 * (catalogForAuthority): published titles come from it, a draft's title from its frontmatter.
 */
export async function workspace(db: Queryable, viewer: Editor, catalog: { module(courseId: string, moduleId: string): { title: string } | undefined } = { module: () => undefined }) {
  requireEditor(viewer);
  const own = await db
    .select({
      id: authoredModules.id,
      courseId: authoredModules.courseId,
      moduleId: authoredModules.moduleId,
      position: authoredModules.position,
      copiedFrom: authoredModules.copiedFrom,
      head: sql<string>`substring(${authoredModules.draftSource} from 1 for 2000)`,
      draftUpdatedAt: authoredModules.draftUpdatedAt,
      draftRevision: authoredModules.draftRevision,
    })
    .from(authoredModules)
    .where(eq(authoredModules.authorityId, viewer.authorityId))
    .orderBy(authoredModules.courseId, sql`${authoredModules.position} nulls first`, authoredModules.moduleId);
  const versions = await db
    .select({
      id: authoredModuleVersions.id,
      authoredModuleId: authoredModuleVersions.authoredModuleId,
      version: authoredModuleVersions.version,
      status: authoredModuleVersions.status,
      submittedBy: authoredModuleVersions.submittedBy,
    })
    .from(authoredModuleVersions)
    .where(eq(authoredModuleVersions.authorityId, viewer.authorityId))
    .orderBy(desc(authoredModuleVersions.version));
  const courses = await ownCourses(db, viewer.authorityId);
  const ownKeys = new Set(own.map((m) => moduleKey(m.courseId, m.moduleId)));
  const builtInCourses = getCatalog().courses;
  const modules = own.map(({ head, ...m }) => {
    const mine = versions.filter((v) => v.authoredModuleId === m.id);
    const published = mine.find((v) => v.status === "published")?.version ?? null;
    const builtInTitle = getCourse(m.courseId)?.modules.find((x) => x.id === m.moduleId)?.title;
    return {
      ...m,
      isNew: m.position !== null,
      title: (published ? catalog.module(m.courseId, m.moduleId)?.title : undefined) ?? draftTitle(head) ?? builtInTitle ?? m.moduleId,
      published,
      withdrawn: !published && mine.some((v) => v.status === "withdrawn"),
      inReview: mine.filter((v) => v.status === "in_review").map((v) => ({ id: v.id, version: v.version, mine: v.submittedBy === viewer.id })),
    };
  });
  // Built-in courses the authority changed (catalogue order), then its own courses (by title).
  const groups = [
    ...builtInCourses.filter((c) => modules.some((m) => m.courseId === c.id)).map((c) => ({ id: c.id, title: c.title, own: false })),
    ...courses.map((c) => ({ id: c.courseId, title: c.title, own: true })),
  ].map((c) => ({ ...c, modules: modules.filter((m) => m.courseId === c.id) }));
  return {
    courses: groups,
    builtIn: builtInCourses.map((c) => ({
      id: c.id,
      title: c.title,
      modules: c.modules.map((m) => ({ id: m.id, title: m.title, copied: ownKeys.has(moduleKey(c.id, m.id)) })),
    })),
    courseChoices: [...builtInCourses.map((c) => ({ id: c.id, title: c.title, own: false })), ...courses.map((c) => ({ id: c.courseId, title: c.title, own: true }))],
  };
}

/** Copies a built-in module into the authority's library as a draft (one copy per module). */
export async function copyBuiltIn(db: Queryable, viewer: Editor, courseId: string, moduleId: string) {
  requireEditor(viewer);
  const source = getCatalog().sources.get(moduleKey(courseId, moduleId));
  if (!source) throw new AuthoringError("notFound");
  const [row] = await db
    .insert(authoredModules)
    .values({ authorityId: viewer.authorityId, courseId, moduleId, copiedFrom: moduleKey(courseId, moduleId), draftSource: source, draftUpdatedBy: viewer.id })
    .onConflictDoNothing()
    .returning({ id: authoredModules.id });
  if (!row) throw new AuthoringError("exists");
  await audit(db, { authorityId: viewer.authorityId, actorId: viewer.id, action: "authoring.copy", details: { courseId, moduleId, authoredModuleId: row.id } });
  return row.id;
}

// ---- The authority's own courses and modules ---------------------------------------------------

/** Course and module ids: as in courses/ (lowercase words joined by hyphens), at most 60 characters. */
export const slugLimits = { slug: 60, title: 120, summary: 400 };
const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A refused new course or module: the form field and its message key (below authoring.create.errors). */
export class AuthoringFieldError extends Error {
  constructor(
    readonly field: "slug" | "course" | "competence",
    readonly messageKey: string,
  ) {
    super(messageKey);
  }
}

export function validSlug(slug: string) {
  return slug.length <= slugLimits.slug && slugPattern.test(slug);
}

/** Creates an authority course (no modules yet; learners see it once one of its modules is published). */
export async function createCourse(db: Queryable, viewer: Editor, input: { slug: string; title: string; summary: string; language?: "de" | "en" }) {
  requireEditor(viewer);
  if (!validSlug(input.slug)) throw new AuthoringFieldError("slug", "authoring.create.errors.slug");
  if (getCourse(input.slug)) throw new AuthoringFieldError("slug", "authoring.create.errors.slugBuiltIn");
  const [row] = await db
    .insert(authoredCourses)
    .values({ authorityId: viewer.authorityId, courseId: input.slug, title: input.title, summary: input.summary, language: input.language ?? "de", createdBy: viewer.id })
    .onConflictDoNothing()
    .returning({ courseId: authoredCourses.courseId });
  if (!row) throw new AuthoringFieldError("slug", "authoring.create.errors.slugTaken");
  await audit(db, { authorityId: viewer.authorityId, actorId: viewer.id, action: "authoring.create_course", details: { courseId: row.courseId, title: input.title } });
  return row.courseId;
}

const yamlString = (s: string) => JSON.stringify(s);

/**
 * The draft a new module starts with: valid frontmatter (the form edits it) and a body naming the
 * components a module needs. It compiles for the preview; the content rules (five questions per
 * attempt from a pool of at least eight, a situational-judgement item, a case vignette, a
 * reflection) refuse it until the editors wrote it.
 */
export function newModuleTemplate(input: { slug: string; title: string; summary: string; competence: string; language: "de" | "en" }) {
  return `---
id: ${input.slug}
title: ${yamlString(input.title)}
summary: ${yamlString(input.summary)}
minutes: 15
language: ${input.language}
passMark: 70
attemptSize: 5
leitziele: [1]
competences:
  ${input.competence}: 1
---

## Worum es in diesem Modul geht

Schreiben Sie hier die Einführung.

<CaseVignette title="Ein Fall aus unserer Behörde">
Beschreiben Sie hier einen typischen Fall.
</CaseVignette>

<Reflection id="eigene-praxis" prompt="Welche Erfahrung aus Ihrer eigenen Arbeit passt zu diesem Thema?" />

<Quiz>
  <Question id="frage-1" type="single" prompt="Formulieren Sie hier die erste Frage.">
    <Option correct explanation="Erklären Sie, warum diese Antwort richtig ist.">Richtige Antwort</Option>
    <Option explanation="Erklären Sie, warum diese Antwort nicht passt.">Falsche Antwort</Option>
  </Question>
  <Judgement id="einschaetzung-1" prompt="Beschreiben Sie hier eine Situation: Wie gehen Sie vor?">
    <Option points={2} explanation="Erklären Sie, warum dieses Vorgehen am besten ist.">Bestes Vorgehen</Option>
    <Option points={0} explanation="Erklären Sie, warum dieses Vorgehen nicht passt.">Ungünstiges Vorgehen</Option>
  </Judgement>
</Quiz>
`;
}

/**
 * Creates a new module (not a copy) as a draft in a built-in course or in one of the authority's
 * courses, after the course's other modules. Its id must not be a built-in module's nor another
 * of the authority's own (the partial unique index backs this against two editors at once).
 */
export async function createModule(db: Queryable, viewer: Editor, input: { courseId: string; slug: string; title: string; summary: string; competence: string }) {
  requireEditor(viewer);
  const builtIn = getCourse(input.courseId);
  const [own] = builtIn ? [] : await db.select({ language: authoredCourses.language }).from(authoredCourses).where(and(eq(authoredCourses.authorityId, viewer.authorityId), eq(authoredCourses.courseId, input.courseId)));
  if (!builtIn && !own) throw new AuthoringFieldError("course", "authoring.create.errors.course");
  if (!validSlug(input.slug)) throw new AuthoringFieldError("slug", "authoring.create.errors.slug");
  if (getCatalog().courses.some((c) => c.id === input.slug || c.modules.some((m) => m.id === input.slug))) throw new AuthoringFieldError("slug", "authoring.create.errors.slugBuiltIn");
  if (!isCompetenceId(input.competence)) throw new AuthoringFieldError("competence", "authoring.meta.errors.competenceUnknown");
  const [taken] = await db
    .select({ id: authoredModules.id })
    .from(authoredModules)
    .where(and(eq(authoredModules.authorityId, viewer.authorityId), eq(authoredModules.moduleId, input.slug)))
    .limit(1);
  if (taken) throw new AuthoringFieldError("slug", "authoring.create.errors.slugTaken");
  const [{ last }] = await db
    .select({ last: max(authoredModules.position) })
    .from(authoredModules)
    .where(and(eq(authoredModules.authorityId, viewer.authorityId), eq(authoredModules.courseId, input.courseId)));
  const position = Math.max(last ?? -1, (builtIn?.modules.length ?? 0) - 1) + 1;
  const language = builtIn?.language ?? (own!.language === "en" ? "en" : "de");
  const [row] = await db
    .insert(authoredModules)
    .values({
      authorityId: viewer.authorityId,
      courseId: input.courseId,
      moduleId: input.slug,
      position,
      draftSource: newModuleTemplate({ ...input, language }),
      draftUpdatedBy: viewer.id,
    })
    .onConflictDoNothing()
    .returning({ id: authoredModules.id });
  if (!row) throw new AuthoringFieldError("slug", "authoring.create.errors.slugTaken");
  await audit(db, { authorityId: viewer.authorityId, actorId: viewer.id, action: "authoring.create_module", details: { courseId: input.courseId, moduleId: input.slug, authoredModuleId: row.id } });
  return row.id;
}

/** One authored module with its draft and versions (no compiled code). */
export async function authoredModule(db: Queryable, viewer: Editor, id: string) {
  requireEditor(viewer);
  const row = await findAuthored(db, viewer, id);
  const versions = await db
    .select({
      id: authoredModuleVersions.id,
      version: authoredModuleVersions.version,
      status: authoredModuleVersions.status,
      contentHash: authoredModuleVersions.contentHash,
      submittedBy: authoredModuleVersions.submittedBy,
      submittedByName: sql<string | null>`(select given_name || ' ' || family_name from ${people} where ${people.id} = ${authoredModuleVersions.submittedBy})`,
      submittedAt: authoredModuleVersions.submittedAt,
      reviewedByName: sql<string | null>`(select given_name || ' ' || family_name from ${people} where ${people.id} = ${authoredModuleVersions.reviewedBy})`,
      reviewedAt: authoredModuleVersions.reviewedAt,
      reviewNote: authoredModuleVersions.reviewNote,
      withdrawnReason: authoredModuleVersions.withdrawnReason,
    })
    .from(authoredModuleVersions)
    .where(eq(authoredModuleVersions.authoredModuleId, id))
    .orderBy(desc(authoredModuleVersions.version));
  return { ...row, versions };
}

/**
 * Saves the draft when `expectedRevision` is still the stored one; otherwise nothing is written
 * and the error carries the stored draft, so the editor can merge their text (which they keep).
 */
export async function saveDraft(db: Queryable, viewer: Editor, id: string, source: string, expectedRevision: number) {
  requireEditor(viewer);
  const row = await findAuthored(db, viewer, id);
  const basic = checkSafeSubset(source).filter((p) => /zu groß|UTF-8/.test(p.message));
  if (basic.length) throw new AuthoringError("invalid", basic);
  const [updated] = await db
    .update(authoredModules)
    .set({ draftSource: source, draftRevision: sql`${authoredModules.draftRevision} + 1`, draftUpdatedBy: viewer.id, draftUpdatedAt: new Date() })
    .where(and(eq(authoredModules.id, row.id), eq(authoredModules.draftRevision, expectedRevision)))
    .returning({ revision: authoredModules.draftRevision });
  if (!updated) {
    const [current] = await db.select({ source: authoredModules.draftSource, revision: authoredModules.draftRevision }).from(authoredModules).where(eq(authoredModules.id, row.id));
    throw new AuthoringError("conflict", [], current);
  }
  await audit(db, { authorityId: viewer.authorityId, actorId: viewer.id, action: "authoring.save", details: { authoredModuleId: row.id, revision: updated.revision } });
  return updated.revision;
}

/** Checks and compiles the draft (as learners would get it); nothing is stored. */
export async function previewDraft(db: Queryable, viewer: Editor, id: string) {
  requireEditor(viewer);
  const row = await findAuthored(db, viewer, id);
  return { row, check: await checkAuthoredModule(row.draftSource, row.moduleId) };
}

/** Sends the saved draft (at `expectedRevision`) to review as a new immutable version. */
export async function submitForReview(db: Queryable, viewer: Editor, id: string, expectedRevision: number) {
  requireEditor(viewer);
  const row = await findAuthored(db, viewer, id);
  if (row.draftRevision !== expectedRevision) throw new AuthoringError("conflict", [], { source: row.draftSource, revision: row.draftRevision });
  const checked = await checkAuthoredModule(row.draftSource, row.moduleId, { rules: true });
  if (!checked.ok) throw new AuthoringError("invalid", checked.errors);
  const [{ last }] = await db.select({ last: max(authoredModuleVersions.version) }).from(authoredModuleVersions).where(eq(authoredModuleVersions.authoredModuleId, row.id));
  const keyFile: Omit<CompiledModule, "code"> = {
    courseId: row.courseId,
    moduleId: row.moduleId,
    hash: checked.hash,
    key: checked.extracted.key,
    reflections: checked.extracted.reflections,
    glossary: checked.extracted.glossary,
  };
  const [version] = await db
    .insert(authoredModuleVersions)
    .values({
      authoredModuleId: row.id,
      authorityId: viewer.authorityId,
      version: (last ?? 0) + 1,
      source: row.draftSource,
      contentHash: checked.hash,
      compiledCode: checked.code,
      compiledKey: keyFile,
      submittedBy: viewer.id,
    })
    .returning({ id: authoredModuleVersions.id, version: authoredModuleVersions.version });
  await audit(db, { authorityId: viewer.authorityId, actorId: viewer.id, action: "authoring.submit", details: { authoredModuleId: row.id, version: version.version, contentHash: checked.hash } });
  return version;
}

async function findVersion(db: Queryable, viewer: Editor, versionId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(versionId)) throw new AuthoringError("notFound");
  const [version] = await db
    .select()
    .from(authoredModuleVersions)
    .where(and(eq(authoredModuleVersions.id, versionId), eq(authoredModuleVersions.authorityId, viewer.authorityId)));
  if (!version) throw new AuthoringError("notFound");
  return version;
}

/** A second editor approves a version in review: it is published, the previous one superseded. */
export async function approveVersion(db: Queryable, viewer: Editor, versionId: string, now = new Date()) {
  requireEditor(viewer);
  const version = await findVersion(db, viewer, versionId);
  if (version.status !== "in_review") throw new AuthoringError("notInReview");
  if (version.submittedBy === viewer.id) throw new AuthoringError("ownVersion");
  await db
    .update(authoredModuleVersions)
    .set({ status: "superseded" })
    .where(and(eq(authoredModuleVersions.authoredModuleId, version.authoredModuleId), eq(authoredModuleVersions.status, "published")));
  await db.update(authoredModuleVersions).set({ status: "published", reviewedBy: viewer.id, reviewedAt: now }).where(eq(authoredModuleVersions.id, version.id));
  await audit(db, {
    authorityId: viewer.authorityId,
    actorId: viewer.id,
    action: "authoring.publish",
    details: { authoredModuleId: version.authoredModuleId, version: version.version, contentHash: version.contentHash, author: version.submittedBy },
  });
}

/** A second editor sends a version back with a note. */
export async function rejectVersion(db: Queryable, viewer: Editor, versionId: string, note: string, now = new Date()) {
  requireEditor(viewer);
  const version = await findVersion(db, viewer, versionId);
  if (version.status !== "in_review") throw new AuthoringError("notInReview");
  if (version.submittedBy === viewer.id) throw new AuthoringError("ownVersion");
  if (!note.trim()) throw new AuthoringError("reasonRequired");
  await db.update(authoredModuleVersions).set({ status: "rejected", reviewedBy: viewer.id, reviewedAt: now, reviewNote: note.trim() }).where(eq(authoredModuleVersions.id, version.id));
  await audit(db, { authorityId: viewer.authorityId, actorId: viewer.id, action: "authoring.reject", details: { authoredModuleId: version.authoredModuleId, version: version.version } });
}

/** Withdraws the published version; learners see `reason`, and the built-in module (if any) is no longer replaced. */
export async function withdrawVersion(db: Queryable, viewer: Editor, versionId: string, reason: string, now = new Date()) {
  requireEditor(viewer);
  const version = await findVersion(db, viewer, versionId);
  if (version.status !== "published") throw new AuthoringError("notPublished");
  if (!reason.trim() || reason.length > 500) throw new AuthoringError("reasonRequired");
  await db.update(authoredModuleVersions).set({ status: "withdrawn", withdrawnReason: reason.trim(), withdrawnAt: now }).where(eq(authoredModuleVersions.id, version.id));
  await audit(db, { authorityId: viewer.authorityId, actorId: viewer.id, action: "authoring.withdraw", details: { authoredModuleId: version.authoredModuleId, version: version.version, reason: reason.trim() } });
}

export { limits };

// ---- Import and export --------------------------------------------------------------------------

/** The file name and text of a module version (or the draft) in the repository layout (courses/<course>/<module>.mdx). */
export async function exportModule(db: Queryable, viewer: Editor, id: string, versionId: string | null) {
  requireEditor(viewer);
  const row = await findAuthored(db, viewer, id);
  let source = row.draftSource;
  if (versionId) {
    const version = await findVersion(db, viewer, versionId);
    if (version.authoredModuleId !== row.id) throw new AuthoringError("notFound");
    source = version.source;
  }
  await audit(db, { authorityId: viewer.authorityId, actorId: viewer.id, action: "authoring.export", details: { authoredModuleId: row.id, versionId } });
  return { fileName: `${row.moduleId}.mdx`, path: `courses/${row.courseId}/${row.moduleId}.mdx`, source };
}

/**
 * Imports a module file (bytes as uploaded): strict UTF-8, size limit, frontmatter id naming a
 * catalogue module. It becomes the draft of the authority's version of that module (a new copy, or
 * a save on the existing draft at its latest revision). `course`, when the file came from a course
 * folder of an archive, must be the catalogue course of that module.
 */
export async function importModuleFile(db: Queryable, viewer: Editor, bytes: Uint8Array, course?: string) {
  requireEditor(viewer);
  if (bytes.byteLength > limits.maxBytes) throw new AuthoringError("invalid", checkSafeSubset("x".repeat(limits.maxBytes + 1)));
  const source = decodeUtf8(bytes);
  if (source === null) throw new AuthoringError("invalid", [{ line: 1, column: 1, message: "Die Datei ist kein gültiges UTF-8. Bitte speichern Sie sie als UTF-8." }]);
  const basic = checkSafeSubset(source).filter((p) => /zu groß|UTF-8/.test(p.message));
  if (basic.length) throw new AuthoringError("invalid", basic);
  const id = /^---\r?\n(?:[\s\S]*?\r?\n)?id:\s*([a-z0-9-]+)\s*\r?\n/.exec(source)?.[1];
  const found = id ? getCatalog().courses.find((c) => c.modules.some((m) => m.id === id)) : undefined;
  if (id && !found) {
    // One of the authority's own modules (written here, not a copy): a save on its draft.
    const [mine] = await db
      .select({ id: authoredModules.id, courseId: authoredModules.courseId, revision: authoredModules.draftRevision })
      .from(authoredModules)
      .where(and(eq(authoredModules.authorityId, viewer.authorityId), eq(authoredModules.moduleId, id), sql`${authoredModules.position} is not null`));
    if (mine && (course === undefined || course === mine.courseId)) {
      await saveDraft(db, viewer, mine.id, source, mine.revision);
      await audit(db, { authorityId: viewer.authorityId, actorId: viewer.id, action: "authoring.import", details: { authoredModuleId: mine.id } });
      return mine.id;
    }
  }
  if (!id || !found || (course !== undefined && course !== found.id)) throw new AuthoringError("notFound");
  const [existing] = await db
    .select({ id: authoredModules.id, revision: authoredModules.draftRevision })
    .from(authoredModules)
    .where(and(eq(authoredModules.authorityId, viewer.authorityId), eq(authoredModules.courseId, found.id), eq(authoredModules.moduleId, id)));
  if (existing) {
    await saveDraft(db, viewer, existing.id, source, existing.revision);
    await audit(db, { authorityId: viewer.authorityId, actorId: viewer.id, action: "authoring.import", details: { authoredModuleId: existing.id } });
    return existing.id;
  }
  const [row] = await db
    .insert(authoredModules)
    .values({ authorityId: viewer.authorityId, courseId: found.id, moduleId: id, draftSource: source, draftUpdatedBy: viewer.id })
    .returning({ id: authoredModules.id });
  await audit(db, { authorityId: viewer.authorityId, actorId: viewer.id, action: "authoring.import", details: { authoredModuleId: row.id } });
  return row.id;
}

const archiveProblem = (path: string, message: string): AuthoringError => new AuthoringError("invalid", [{ line: 1, column: 1, message: `${path}: ${message}` }]);

/**
 * Imports an archive in the layout of courses/ (readArchive bounds it), all or nothing (the
 * caller's transaction); returns the drafts' ids. Per course folder:
 * - a module file of a built-in module becomes the draft of the authority's version of it;
 * - any other module file is one of the authority's own modules: the draft of the one it has
 *   (in that course), or a new one; its id must be its file name and no built-in module's;
 * - course.yaml (required for a course the authority does not have yet) must name its folder and
 *   list every module file. For the authority's own course it is applied: the course is created
 *   or its title, summary and language are updated, and its modules take the listed order. In a
 *   built-in course, title and built-in modules stay as shipped; the listed order of the
 *   authority's own modules (after the built-in ones) is applied.
 */
export async function importArchive(db: Queryable, viewer: Editor, bytes: Uint8Array) {
  requireEditor(viewer);
  const files = readArchive(bytes);
  const folders = [...new Set(files.map((f) => f.course))];
  const ids: string[] = [];
  for (const folder of folders) {
    const yamlFile = files.find((f) => f.course === folder && f.name === "course.yaml");
    let courseFile: import("~/courses/format").CourseFile | undefined;
    if (yamlFile) {
      const text = decodeUtf8(yamlFile.bytes);
      const parsed = text === null ? null : parseYaml(text, courseFileSchema, yamlFile.path);
      if (!parsed?.value || parsed.value.id !== folder)
        throw new AuthoringError("invalid", [{ line: parsed?.errors[0]?.line ?? 1, column: 1, message: `${yamlFile.path}: ${parsed?.errors[0] ? germanFrontmatterMessage(parsed.errors[0].message).message : "Die Kursdatei passt nicht zu ihrem Ordner."}` }]);
      courseFile = parsed.value;
    }
    const builtIn = getCourse(folder);
    const moduleFiles = files.filter((f) => f.course === folder && f.name.endsWith(".mdx"));
    if (!builtIn) {
      if (!validSlug(folder)) throw archiveProblem(folder, "Die Kennung des Kursordners ist zu lang (höchstens 60 Zeichen).");
      if (courseFile) {
        if (courseFile.title.length > slugLimits.title || courseFile.summary.length > slugLimits.summary)
          throw archiveProblem(yamlFile!.path, `Titel höchstens ${slugLimits.title}, Kurzbeschreibung höchstens ${slugLimits.summary} Zeichen.`);
        const [existing] = await db
          .update(authoredCourses)
          .set({ title: courseFile.title, summary: courseFile.summary, language: courseFile.language, updatedAt: new Date() })
          .where(and(eq(authoredCourses.authorityId, viewer.authorityId), eq(authoredCourses.courseId, folder)))
          .returning({ id: authoredCourses.id });
        if (!existing) await createCourse(db, viewer, { slug: folder, title: courseFile.title, summary: courseFile.summary, language: courseFile.language });
        await audit(db, { authorityId: viewer.authorityId, actorId: viewer.id, action: "authoring.course_import", details: { courseId: folder, created: !existing, modules: courseFile.modules } });
      } else {
        const [existing] = await db.select({ id: authoredCourses.id }).from(authoredCourses).where(and(eq(authoredCourses.authorityId, viewer.authorityId), eq(authoredCourses.courseId, folder)));
        if (!existing) throw archiveProblem(folder, "Den Kurs gibt es weder im Katalog noch bei Ihrer Behörde; für einen neuen Kurs braucht das Archiv seine course.yaml (Titel, Kurzbeschreibung, Module).");
      }
    }
    const own = await db
      .select({ id: authoredModules.id, moduleId: authoredModules.moduleId, courseId: authoredModules.courseId, revision: authoredModules.draftRevision })
      .from(authoredModules)
      .where(and(eq(authoredModules.authorityId, viewer.authorityId), sql`${authoredModules.position} is not null`));
    if (courseFile) {
      const inArchive = new Set(moduleFiles.map((f) => f.name.replace(/\.mdx$/, "")));
      for (const f of moduleFiles)
        if (!courseFile.modules.includes(f.name.replace(/\.mdx$/, ""))) throw archiveProblem(f.path, "Das Modul fehlt in der Modulliste der course.yaml.");
      for (const listed of courseFile.modules)
        if (!inArchive.has(listed) && !builtIn?.modules.some((m) => m.id === listed) && !own.some((m) => m.courseId === folder && m.moduleId === listed))
          throw archiveProblem(yamlFile!.path, `Das Modul „${listed}“ steht in der Modulliste, aber weder im Archiv noch im Kurs.`);
    }
    for (const file of moduleFiles) {
      const moduleId = file.name.replace(/\.mdx$/, "");
      if (builtIn?.modules.some((m) => m.id === moduleId) || getCatalog().courses.some((c) => c.id === moduleId || c.modules.some((m) => m.id === moduleId))) {
        try {
          ids.push(await importModuleFile(db, viewer, file.bytes, folder));
        } catch (error) {
          if (error instanceof AuthoringError && error.code === "notFound")
            throw archiveProblem(file.path, `Die Datei bezeichnet kein Modul des Kurses „${folder}“ im Katalog.`);
          if (error instanceof AuthoringError) throw new AuthoringError(error.code, error.problems.map((p) => ({ ...p, message: `${file.path}: ${p.message}` })));
          throw error;
        }
        continue;
      }
      // One of the authority's own modules.
      if (!validSlug(moduleId)) throw archiveProblem(file.path, "Die Kennung des Moduls ist zu lang (höchstens 60 Zeichen).");
      const source = decodeUtf8(file.bytes);
      if (source === null) throw archiveProblem(file.path, "Die Datei ist kein gültiges UTF-8. Bitte speichern Sie sie als UTF-8.");
      const basic = checkSafeSubset(source).filter((p) => /zu groß|UTF-8/.test(p.message));
      if (basic.length) throw new AuthoringError("invalid", basic.map((p) => ({ ...p, message: `${file.path}: ${p.message}` })));
      const id = /^---\r?\n(?:[\s\S]*?\r?\n)?id:\s*([a-z0-9-]+)\s*\r?\n/.exec(source)?.[1];
      if (id !== moduleId) throw archiveProblem(file.path, `Die id in den Kopfdaten muss dem Dateinamen „${moduleId}“ entsprechen.`);
      const mine = own.find((m) => m.moduleId === moduleId);
      if (mine && mine.courseId !== folder) throw archiveProblem(file.path, `Ihre Behörde hat das Modul „${moduleId}“ bereits im Kurs „${mine.courseId}“.`);
      if (mine) {
        await saveDraft(db, viewer, mine.id, source, mine.revision);
        await audit(db, { authorityId: viewer.authorityId, actorId: viewer.id, action: "authoring.import", details: { authoredModuleId: mine.id } });
        ids.push(mine.id);
        continue;
      }
      const [{ last }] = await db
        .select({ last: max(authoredModules.position) })
        .from(authoredModules)
        .where(and(eq(authoredModules.authorityId, viewer.authorityId), eq(authoredModules.courseId, folder)));
      const [row] = await db
        .insert(authoredModules)
        .values({ authorityId: viewer.authorityId, courseId: folder, moduleId, position: Math.max(last ?? -1, (builtIn?.modules.length ?? 0) - 1) + 1, draftSource: source, draftUpdatedBy: viewer.id })
        .returning({ id: authoredModules.id });
      await audit(db, { authorityId: viewer.authorityId, actorId: viewer.id, action: "authoring.import", details: { authoredModuleId: row.id } });
      ids.push(row.id);
    }
    // The listed order of the authority's own modules (after the built-in ones in a built-in course).
    if (courseFile) {
      const offset = builtIn?.modules.length ?? 0;
      const ownListed = courseFile.modules.filter((m) => !builtIn?.modules.some((b) => b.id === m));
      for (const [i, moduleId] of ownListed.entries())
        await db
          .update(authoredModules)
          .set({ position: offset + i })
          .where(and(eq(authoredModules.authorityId, viewer.authorityId), eq(authoredModules.courseId, folder), eq(authoredModules.moduleId, moduleId), sql`${authoredModules.position} is not null`));
    }
  }
  return ids;
}

/**
 * A course as an archive in the layout of courses/: for each module of the catalogue course, the
 * authority's published version if there is one, else its draft when `drafts`, else the built-in
 * module. `moduleId` narrows it to one module (course.yaml then lists only that one).
 */
export async function exportArchive(db: Queryable, viewer: Editor, courseId: string, options: { moduleId?: string; drafts?: boolean } = {}) {
  requireEditor(viewer);
  const catalog = getCatalog();
  const builtIn = getCourse(courseId);
  const [ownCourse] = builtIn
    ? []
    : await db.select().from(authoredCourses).where(and(eq(authoredCourses.authorityId, viewer.authorityId), eq(authoredCourses.courseId, courseId)));
  if (!builtIn && !ownCourse) throw new AuthoringError("notFound");
  const own = await db
    .select({ moduleId: authoredModules.moduleId, position: authoredModules.position, draft: authoredModules.draftSource, published: authoredModuleVersions.source })
    .from(authoredModules)
    .leftJoin(authoredModuleVersions, and(eq(authoredModuleVersions.authoredModuleId, authoredModules.id), eq(authoredModuleVersions.status, "published")))
    .where(and(eq(authoredModules.authorityId, viewer.authorityId), eq(authoredModules.courseId, courseId)))
    .orderBy(authoredModules.position, authoredModules.moduleId);
  const byId = new Map(own.map((r) => [r.moduleId, r]));
  // Built-in modules (the authority's version where it has one), then its own modules in order:
  // published, or the draft when `drafts`; an own module with neither is left out.
  const listed = [
    ...(builtIn?.modules ?? []).map((m) => {
      const mine = byId.get(m.id);
      return { id: m.id, source: (options.drafts ? mine?.draft : undefined) ?? mine?.published ?? catalog.sources.get(moduleKey(courseId, m.id))! };
    }),
    ...own.filter((r) => r.position !== null).flatMap((r) => {
      const source = (options.drafts ? r.draft : undefined) ?? r.published;
      return source ? [{ id: r.moduleId, source }] : [];
    }),
  ];
  const modules = listed.filter((m) => !options.moduleId || m.id === options.moduleId);
  if (modules.length === 0) throw new AuthoringError("notFound");
  const course = builtIn ?? { id: courseId, title: ownCourse!.title, summary: ownCourse!.summary, language: ownCourse!.language === "en" ? ("en" as const) : ("de" as const) };
  await audit(db, { authorityId: viewer.authorityId, actorId: viewer.id, action: "authoring.export", details: { courseId, moduleId: options.moduleId ?? null, format: "zip", drafts: Boolean(options.drafts) } });
  return { fileName: `${options.moduleId ?? courseId}.zip`, bytes: courseArchive(course, modules) };
}

// ---- Preview ------------------------------------------------------------------------------------

const previewHolder = globalThis as unknown as { __horizontPreviews?: Map<string, CompiledModule> };
const previews = () => (previewHolder.__horizontPreviews ??= new Map());

/**
 * The draft compiled for the editor's preview (compiling happens here, on an editor's request,
 * never on a learner's). Kept in memory by content hash (a few dozen at most) for the preview's
 * code file; another instance compiles again.
 */
export async function previewModule(db: Queryable, viewer: Editor, id: string) {
  const { row, check } = await previewDraft(db, viewer, id);
  if (!check.ok) return { row, problems: check.errors, compiled: null, frontmatter: null };
  const compiled: CompiledModule = {
    courseId: row.courseId,
    moduleId: row.moduleId,
    hash: check.hash,
    code: check.code,
    key: check.extracted.key,
    reflections: check.extracted.reflections,
    glossary: check.extracted.glossary,
  };
  const cache = previews();
  cache.set(`${viewer.authorityId}:${check.hash}`, compiled);
  while (cache.size > 50) cache.delete(cache.keys().next().value!);
  return { row, problems: [] as SafetyProblem[], compiled, frontmatter: check.frontmatter };
}

/** A preview compiled earlier for this authority, by hash (for the preview's code file). */
export function cachedPreview(authorityId: string, hash: string): CompiledModule | undefined {
  return previews().get(`${authorityId}:${hash}`);
}
