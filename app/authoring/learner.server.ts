// Which version of a module a learner gets: the authority's published authored version if there
// is one, else the built-in module; but a learner with an open quiz draw keeps the version that
// draw was made from until they finish (submit) it. Never compiles (see authoring.server.ts).
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { ModuleInfo } from "~/courses/catalog.server";
import { parseModuleFrontmatter } from "~/courses/format";
import { getCompiledModule, type CompiledModule } from "~/courses/modules.server";
import type { Queryable } from "~/db/client.server";
import { authoredModules, authoredModuleVersions, quizDraws } from "~/db/schema";
import { compiledVersion, moduleInfo, publishedModule, withdrawal } from "./authoring.server";

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

/**
 * The course as the authority's learners see it: each module with the authority's published
 * version's frontmatter (title, summary, minutes, competences …) where there is one. One query.
 */
export async function courseForAuthority<C extends { id: string; modules: ModuleInfo[] }>(db: Queryable, authorityId: string, course: C): Promise<C> {
  const rows = await db
    .select({ moduleId: authoredModules.moduleId, source: authoredModuleVersions.source })
    .from(authoredModuleVersions)
    .innerJoin(authoredModules, eq(authoredModules.id, authoredModuleVersions.authoredModuleId))
    .where(and(eq(authoredModules.authorityId, authorityId), eq(authoredModules.courseId, course.id), eq(authoredModuleVersions.status, "published")));
  if (!rows.length) return course;
  const byId = new Map(rows.map((r) => [r.moduleId, r.source]));
  return {
    ...course,
    modules: course.modules.map((m) => {
      const source = byId.get(m.id);
      const frontmatter = source ? parseModuleFrontmatter(source, m.file, m.id).value : undefined;
      return frontmatter ? moduleInfo(frontmatter, m) : m;
    }),
  };
}
