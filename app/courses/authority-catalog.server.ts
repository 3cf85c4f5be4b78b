// Which version of a module a learner gets: the authority's published authored version if there
// is one, else the built-in module; but a learner with an open quiz draw keeps the version that
// draw was made from until they finish (submit) it. Never compiles (see authoring.server.ts).
// Reads what the editors' workflow (app/authoring) publishes; the catalog of every area comes from here.
import { and, desc, eq, inArray, isNull, ne } from "drizzle-orm";
import type { Level } from "~/competences/framework";
import { getCatalog, listModuleRefs, moduleKey, modulesCertifying, type Catalog, type CourseInfo, type ModuleInfo, type ModuleRef } from "./catalog.server";
import { parseModuleFrontmatter, type ModuleFrontmatter } from "./format";
import { getCompiledModule, type CompiledModule } from "./modules.server";
import type { Queryable } from "~/db/client.server";
import { authoredCourses, authoredModules, authoredModuleVersions, quizDraws } from "~/db/schema";

const holder = globalThis as unknown as { __horizontAuthored?: Map<string, CompiledModule> };
const compiledCache = () => (holder.__horizontAuthored ??= new Map());

/** A published authored version as the course engine uses it. */
export interface PublishedModule {
  version: number;
  module: ModuleInfo;
  compiled: CompiledModule;
}

export function moduleInfo(frontmatter: ModuleFrontmatter, base: ModuleInfo): ModuleInfo {
  return {
    ...base,
    title: frontmatter.title,
    summary: frontmatter.summary,
    minutes: frontmatter.minutes,
    language: frontmatter.language,
    passMark: frontmatter.passMark,
    expiresAfterMonths: frontmatter.expiresAfterMonths ?? null,
    attemptSize: frontmatter.attemptSize ?? null,
    leitziele: frontmatter.leitziele ?? [],
    legalBasis: frontmatter.legalBasis ?? [],
    reviewedAt: frontmatter.reviewedAt ?? null,
    reviewedBy: frontmatter.reviewedBy ?? null,
    competences: Object.entries(frontmatter.competences).map(([competenceId, level]) => ({ competenceId, level: level as ModuleInfo["competences"][number]["level"] })),
  };
}

/**
 * The authority's published version of a module, or null (then the built-in one applies). Reads
 * the stored compile result (never compiles) and keeps it in memory by content hash.
 */
export async function publishedModule(db: Queryable, authorityId: string, base: ModuleInfo): Promise<PublishedModule | null> {
  const [row] = await db
    .select({
      version: authoredModuleVersions.version,
      contentHash: authoredModuleVersions.contentHash,
      source: authoredModuleVersions.source,
    })
    .from(authoredModuleVersions)
    .innerJoin(authoredModules, eq(authoredModules.id, authoredModuleVersions.authoredModuleId))
    .where(
      and(
        eq(authoredModules.authorityId, authorityId),
        eq(authoredModules.courseId, base.courseId),
        eq(authoredModules.moduleId, base.id),
        eq(authoredModuleVersions.status, "published"),
      ),
    );
  if (!row) return null;
  const compiled = await compiledVersion(db, row.contentHash, authorityId);
  if (!compiled) return null;
  const frontmatter = parseModuleFrontmatter(row.source, base.file, base.id).value;
  if (!frontmatter) return null;
  return { version: row.version, module: moduleInfo(frontmatter, base), compiled };
}

/** The stored compile result of an authored version by content hash (memoised). */
export async function compiledVersion(db: Queryable, hash: string, authorityId: string): Promise<CompiledModule | null> {
  const cache = compiledCache();
  const hit = cache.get(`${authorityId}:${hash}`);
  if (hit) return hit;
  const [row] = await db
    .select({ code: authoredModuleVersions.compiledCode, key: authoredModuleVersions.compiledKey })
    .from(authoredModuleVersions)
    .where(and(eq(authoredModuleVersions.contentHash, hash), eq(authoredModuleVersions.authorityId, authorityId), ne(authoredModuleVersions.status, "rejected")))
    .limit(1);
  if (!row) return null;
  const compiled = { ...(row.key as Omit<CompiledModule, "code">), code: row.code };
  cache.set(`${authorityId}:${hash}`, compiled);
  return compiled;
}

/** Why the authority withdrew its version of a module (shown to learners), or null. */
export async function withdrawal(db: Queryable, authorityId: string, courseId: string, moduleId: string) {
  const [row] = await db
    .select({ reason: authoredModuleVersions.withdrawnReason, at: authoredModuleVersions.withdrawnAt, version: authoredModuleVersions.version })
    .from(authoredModuleVersions)
    .innerJoin(authoredModules, eq(authoredModules.id, authoredModuleVersions.authoredModuleId))
    .where(and(eq(authoredModules.authorityId, authorityId), eq(authoredModules.courseId, courseId), eq(authoredModules.moduleId, moduleId), eq(authoredModuleVersions.status, "withdrawn")))
    .orderBy(desc(authoredModuleVersions.withdrawnAt))
    .limit(1);
  if (!row) return null;
  // Only while no newer version is published.
  const [published] = await db
    .select({ version: authoredModuleVersions.version })
    .from(authoredModuleVersions)
    .innerJoin(authoredModules, eq(authoredModules.id, authoredModuleVersions.authoredModuleId))
    .where(and(eq(authoredModules.authorityId, authorityId), eq(authoredModules.courseId, courseId), eq(authoredModules.moduleId, moduleId), eq(authoredModuleVersions.status, "published")));
  return published ? null : row;
}

/** The authority's own courses (ordered by title). */
export async function ownCourses(db: Queryable, authorityId: string) {
  return db
    .select({ courseId: authoredCourses.courseId, title: authoredCourses.title, summary: authoredCourses.summary, language: authoredCourses.language, updatedAt: authoredCourses.updatedAt })
    .from(authoredCourses)
    .where(eq(authoredCourses.authorityId, authorityId))
    .orderBy(authoredCourses.title, authoredCourses.courseId);
}

export interface LearnerModule {
  module: ModuleInfo;
  compiled: CompiledModule;
  /** The authority's version number, or null for the built-in module. */
  version: number | null;
  /** Why the authority withdrew its version (the built-in module is shown again), or null. */
  withdrawn: { reason: string | null; version: number } | null;
}

export async function moduleForLearner(db: Queryable, person: { id: string; authorityId: string }, base: ModuleInfo): Promise<LearnerModule | null> {
  const builtIn = getCompiledModule(base.courseId, base.id);
  const [open] = await db
    .select({ contentHash: quizDraws.contentHash })
    .from(quizDraws)
    .where(and(eq(quizDraws.personId, person.id), eq(quizDraws.courseId, base.courseId), eq(quizDraws.moduleId, base.id), isNull(quizDraws.submittedAt)));
  const published = await publishedModule(db, person.authorityId, base);
  if (open && open.contentHash !== (published?.compiled.hash ?? builtIn?.hash)) {
    if (builtIn && open.contentHash === builtIn.hash) return { module: base, compiled: builtIn, version: null, withdrawn: null };
    const [kept] = await db
      .select({ version: authoredModuleVersions.version, source: authoredModuleVersions.source })
      .from(authoredModuleVersions)
      .innerJoin(authoredModules, eq(authoredModules.id, authoredModuleVersions.authoredModuleId))
      .where(
        and(
          eq(authoredModules.authorityId, person.authorityId),
          eq(authoredModules.courseId, base.courseId),
          eq(authoredModules.moduleId, base.id),
          eq(authoredModuleVersions.contentHash, open.contentHash),
          inArray(authoredModuleVersions.status, ["published", "superseded", "withdrawn"]),
        ),
      )
      .limit(1);
    const compiled = kept ? await compiledVersion(db, open.contentHash, person.authorityId) : null;
    const frontmatter = kept ? parseModuleFrontmatter(kept.source, base.file, base.id).value : undefined;
    if (kept && compiled && frontmatter) return { module: moduleInfo(frontmatter, base), compiled, version: kept.version, withdrawn: null };
  }
  if (published) return { module: published.module, compiled: published.compiled, version: published.version, withdrawn: null };
  if (!builtIn) return null;
  return { module: base, compiled: builtIn, version: null, withdrawn: await withdrawal(db, person.authorityId, base.courseId, base.id) };
}

// ---- The authority's view of the catalog ----------------------------------------------------------

/**
 * The catalog as one authority's people see it everywhere (course list, recommendations, profile,
 * team and assignment forms, HR coverage, mails, certificates): each module with its authority's
 * published version's frontmatter (title, summary, minutes, competences …) where there is one.
 * The authority's own modules with a published version follow the built-in modules of their
 * course; its own courses (with at least one published module) follow the built-in courses.
 */
export interface AuthorityCatalog {
  courses: readonly CourseInfo[];
  course(courseId: string): CourseInfo | undefined;
  module(courseId: string, moduleId: string): ModuleInfo | undefined;
  /** The flat list the profile logic and HR's reports work with (computed once per view). */
  moduleRefs(): ModuleRef[];
  modulesCertifying(competenceId: string, level?: number): (ModuleInfo & { certifiesLevel: Level })[];
}

function authorityCatalog(courses: readonly CourseInfo[]): AuthorityCatalog {
  return {
    courses,
    course: (courseId) => courses.find((c) => c.id === courseId),
    module: (courseId, moduleId) => courses.find((c) => c.id === courseId)?.modules.find((m) => m.id === moduleId),
    moduleRefs: () => listModuleRefs(courses),
    modulesCertifying: (competenceId, level = 1) => modulesCertifying(competenceId, level, courses),
  };
}

const viewHolder = globalThis as unknown as {
  __horizontAuthorityViews?: Map<string, { base: Catalog; key: string; view: AuthorityCatalog }>;
  __horizontAuthoredFrontmatter?: Map<string, ModuleFrontmatter | null>;
  __horizontBuiltInView?: { base: Catalog; view: AuthorityCatalog };
};
const views = () => (viewHolder.__horizontAuthorityViews ??= new Map());
const frontmatters = () => (viewHolder.__horizontAuthoredFrontmatter ??= new Map());

/**
 * The frontmatter of each published version of the authority (of one course, when given), by
 * "course/module". Versions never change, so a frontmatter is parsed once per content hash; the
 * sources are read only for hashes not seen before.
 */
async function publishedFrontmatters(db: Queryable, authorityId: string, courseId?: string) {
  const rows = await db
    .select({ courseId: authoredModules.courseId, moduleId: authoredModules.moduleId, position: authoredModules.position, contentHash: authoredModuleVersions.contentHash })
    .from(authoredModuleVersions)
    .innerJoin(authoredModules, eq(authoredModules.id, authoredModuleVersions.authoredModuleId))
    .where(
      and(
        eq(authoredModules.authorityId, authorityId),
        courseId === undefined ? undefined : eq(authoredModules.courseId, courseId),
        eq(authoredModuleVersions.status, "published"),
      ),
    );
  const cache = frontmatters();
  const cacheKey = (r: { moduleId: string; contentHash: string }) => `${r.moduleId}@${r.contentHash}`;
  const missing = [...new Set(rows.filter((r) => !cache.has(cacheKey(r))).map((r) => r.contentHash))];
  if (missing.length) {
    const sources = await db
      .select({ moduleId: authoredModules.moduleId, courseId: authoredModules.courseId, contentHash: authoredModuleVersions.contentHash, source: authoredModuleVersions.source })
      .from(authoredModuleVersions)
      .innerJoin(authoredModules, eq(authoredModules.id, authoredModuleVersions.authoredModuleId))
      .where(and(eq(authoredModuleVersions.authorityId, authorityId), inArray(authoredModuleVersions.contentHash, missing)));
    for (const r of sources) cache.set(cacheKey(r), parseModuleFrontmatter(r.source, `${r.courseId}/${r.moduleId}.mdx`, r.moduleId).value ?? null);
    while (cache.size > 2000) cache.delete(cache.keys().next().value!);
  }
  const byModule = new Map<string, ModuleFrontmatter>();
  for (const r of rows) {
    const frontmatter = cache.get(cacheKey(r));
    if (frontmatter) byModule.set(moduleKey(r.courseId, r.moduleId), frontmatter);
  }
  const own = rows.filter((r) => r.position !== null && byModule.has(moduleKey(r.courseId, r.moduleId))).map((r) => ({ courseId: r.courseId, moduleId: r.moduleId, position: r.position! }));
  return { byModule, own, key: rows.map((r) => `${moduleKey(r.courseId, r.moduleId)}@${r.contentHash}#${r.position ?? ""}`).sort().join(",") };
}

/** A module the authority wrote itself, as the catalog lists it (from its published frontmatter). */
function ownModule(courseId: string, moduleId: string, position: number, frontmatter: ModuleFrontmatter): ModuleInfo {
  const base: ModuleInfo = {
    courseId,
    id: moduleId,
    position,
    file: `courses/${courseId}/${moduleId}.mdx`,
    title: moduleId,
    summary: "",
    minutes: 0,
    language: "de",
    passMark: 100,
    expiresAfterMonths: null,
    attemptSize: null,
    leitziele: [],
    legalBasis: [],
    reviewedAt: null,
    reviewedBy: null,
    competences: [],
  };
  return moduleInfo(frontmatter, base);
}

type OwnCourse = Awaited<ReturnType<typeof ownCourses>>[number];

/**
 * Adds the authority's own published modules to their courses (built-in ones after the built-in
 * modules, own courses in their editors' order) and its own courses that have one.
 */
function withOwn(courses: CourseInfo[], own: { courseId: string; moduleId: string; position: number }[], byModule: Map<string, ModuleFrontmatter>, owned: OwnCourse[]): CourseInfo[] {
  if (own.length === 0) return courses;
  const sorted = [...own].sort((a, b) => a.position - b.position || a.moduleId.localeCompare(b.moduleId));
  const extend = (course: CourseInfo, extra: typeof own): CourseInfo => {
    if (extra.length === 0) return course;
    const modules = [...course.modules, ...extra.map((m, i) => ownModule(course.id, m.moduleId, course.modules.length + i, byModule.get(moduleKey(m.courseId, m.moduleId))!))];
    return { ...course, modules, minutes: modules.reduce((sum, m) => sum + m.minutes, 0) };
  };
  const builtIn = courses.map((c) => extend(c, sorted.filter((m) => m.courseId === c.id)));
  const added = owned
    .filter((c) => !courses.some((b) => b.id === c.courseId))
    .map((c) => extend({ id: c.courseId, title: c.title, summary: c.summary, language: c.language === "en" ? "en" : "de", modules: [], minutes: 0 }, sorted.filter((m) => m.courseId === c.courseId)))
    .filter((c) => c.modules.length > 0);
  return [...builtIn, ...added];
}

function overlay<C extends { id: string; modules: ModuleInfo[] }>(course: C, byModule: Map<string, ModuleFrontmatter>): C {
  if (!course.modules.some((m) => byModule.has(moduleKey(course.id, m.id)))) return course;
  const modules = course.modules.map((m) => {
    const frontmatter = byModule.get(moduleKey(course.id, m.id));
    return frontmatter ? moduleInfo(frontmatter, m) : m;
  });
  // A course's minutes are its modules' (see readCatalog).
  const minutes = "minutes" in course ? { minutes: modules.reduce((sum, m) => sum + m.minutes, 0) } : {};
  return { ...course, modules, ...minutes };
}

/**
 * The whole catalog as the authority's people see it. One query while the authority's published
 * versions are unchanged (the view is kept per authority until one is published, superseded or
 * withdrawn); an authority without published versions gets the built-in catalog itself.
 */
export async function catalogForAuthority(db: Queryable, authorityId: string): Promise<AuthorityCatalog> {
  const base = getCatalog();
  const published = await publishedFrontmatters(db, authorityId);
  const { byModule, own } = published;
  if (byModule.size === 0) {
    const builtIn = viewHolder.__horizontBuiltInView;
    if (builtIn?.base === base) return builtIn.view;
    const view = authorityCatalog(base.courses);
    viewHolder.__horizontBuiltInView = { base, view };
    return view;
  }
  const owned = own.length ? await ownCourses(db, authorityId) : [];
  const key = `${published.key}|${owned.map((c) => `${c.courseId}@${c.updatedAt.getTime()}`).join(",")}`;
  const cached = views().get(authorityId);
  if (cached && cached.base === base && cached.key === key) return cached.view;
  const view = authorityCatalog(withOwn(base.courses.map((c) => overlay(c, byModule)), own, byModule, owned));
  views().set(authorityId, { base, key, view });
  return view;
}

/** The views of several authorities (for batch jobs such as scheduled mails): one query each. */
export async function catalogsForAuthorities(db: Queryable, authorityIds: Iterable<string>): Promise<Map<string, AuthorityCatalog>> {
  const out = new Map<string, AuthorityCatalog>();
  for (const id of new Set(authorityIds)) out.set(id, await catalogForAuthority(db, id));
  return out;
}

/**
 * One course as the authority's learners see it (see catalogForAuthority): a built-in course with
 * the authority's published versions and own modules, or one of its own courses; undefined for a
 * course the authority's people do not have.
 */
export async function courseForAuthority(db: Queryable, authorityId: string, courseId: string): Promise<CourseInfo | undefined> {
  return (await catalogForAuthority(db, authorityId)).course(courseId);
}
