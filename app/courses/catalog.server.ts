// The course catalog: course and module metadata read from courses/ (course.yaml and module
// frontmatter, validated), and the small server API other areas use (listCourses, getModule,
// modulesCertifying, courseProgress). Compiled module code lives in modules.server.ts.
import fs from "node:fs";
import path from "node:path";
import type { Level } from "~/competences/framework";
import { courseFileSchema, formatContentError, parseModuleFrontmatter, parseYaml, type ContentError } from "./format";

export { courseProgress, type CourseProgress, type ModuleStatus } from "./progress.server";

export interface ModuleInfo {
  courseId: string;
  id: string;
  title: string;
  summary: string;
  minutes: number;
  language: "de" | "en";
  passMark: number;
  expiresAfterMonths: number | null;
  /** Quiz items one attempt shows (null: every item of the quiz). */
  attemptSize: number | null;
  /** Leitziele (1–12) the module teaches. */
  leitziele: number[];
  /** Rechtsstand: the norms the module relies on, and when and by whom it was last reviewed. */
  legalBasis: string[];
  reviewedAt: string | null;
  reviewedBy: string | null;
  /** Competences the module certifies, with the level, in frontmatter order. */
  competences: { competenceId: string; level: Level }[];
  /** 0-based position in the course. */
  position: number;
  /** Path relative to the repository root, e.g. courses/x/y.mdx. */
  file: string;
}

export interface CourseInfo {
  id: string;
  title: string;
  summary: string;
  language: "de" | "en";
  modules: ModuleInfo[];
  minutes: number;
}

export interface Catalog {
  courses: CourseInfo[];
  /** Full source of each module by "course/module". */
  sources: Map<string, string>;
  errors: ContentError[];
  root: string;
}

export const moduleKey = (courseId: string, moduleId: string) => `${courseId}/${moduleId}`;

export function repositoryRoot() {
  return path.resolve(process.env.HORIZONT_ROOT ?? process.cwd());
}

export function defaultCoursesDir() {
  return path.join(repositoryRoot(), "courses");
}

/** Reads and validates every course below `dir`; invalid courses or modules are left out and reported. */
export function readCatalog(dir = defaultCoursesDir()): Catalog {
  const root = repositoryRoot();
  const rel = (p: string) => path.relative(root, p) || p;
  const courses: CourseInfo[] = [];
  const sources = new Map<string, string>();
  const errors: ContentError[] = [];
  const folders = fs.existsSync(dir)
    ? fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith(".")).map((e) => e.name).sort()
    : [];
  // Module ids are unique across courses: an archive's or a single file's import, and the module
  // code route, find a built-in module by its id.
  const courseOfModule = new Map<string, string>();
  for (const folder of folders) {
    const courseDir = path.join(dir, folder);
    const courseFile = path.join(courseDir, "course.yaml");
    if (!fs.existsSync(courseFile)) {
      errors.push({ file: rel(courseDir), line: 1, message: "a course folder needs a course.yaml" });
      continue;
    }
    const parsed = parseYaml(fs.readFileSync(courseFile, "utf8"), courseFileSchema, rel(courseFile));
    if (!parsed.value) {
      errors.push(...parsed.errors);
      continue;
    }
    const course = parsed.value;
    if (course.id !== folder) errors.push({ file: rel(courseFile), line: 1, message: `id "${course.id}" must equal the folder name "${folder}"` });
    const listed = new Set(course.modules);
    if (listed.size !== course.modules.length) errors.push({ file: rel(courseFile), line: 1, message: "a module is listed twice in modules" });
    for (const file of fs.readdirSync(courseDir).filter((f) => f.endsWith(".mdx"))) {
      if (!listed.has(file.slice(0, -4))) errors.push({ file: rel(path.join(courseDir, file)), line: 1, message: `the module is not listed in ${folder}/course.yaml` });
    }
    const modules: ModuleInfo[] = [];
    course.modules.forEach((moduleId) => {
      const file = path.join(courseDir, `${moduleId}.mdx`);
      if (!fs.existsSync(file)) {
        errors.push({ file: rel(courseFile), line: 1, message: `module "${moduleId}" is listed but ${moduleId}.mdx does not exist` });
        return;
      }
      const source = fs.readFileSync(file, "utf8");
      const frontmatter = parseModuleFrontmatter(source, rel(file), moduleId);
      if (!frontmatter.value) {
        errors.push(...frontmatter.errors);
        return;
      }
      const fm = frontmatter.value;
      const other = courseOfModule.get(fm.id);
      if (other !== undefined) {
        errors.push({ file: rel(file), line: 1, message: `module id "${fm.id}" is already used in course "${other}": module ids must be unique across courses` });
        return;
      }
      courseOfModule.set(fm.id, course.id);
      if (fm.language !== course.language) {
        // Allowed (README: "unless a module says otherwise"), nothing to report.
      }
      modules.push({
        courseId: course.id,
        id: fm.id,
        title: fm.title,
        summary: fm.summary,
        minutes: fm.minutes,
        language: fm.language,
        passMark: fm.passMark,
        expiresAfterMonths: fm.expiresAfterMonths ?? null,
        attemptSize: fm.attemptSize ?? null,
        leitziele: fm.leitziele ?? [],
        legalBasis: fm.legalBasis ?? [],
        reviewedAt: fm.reviewedAt ?? null,
        reviewedBy: fm.reviewedBy ?? null,
        competences: Object.entries(fm.competences).map(([competenceId, level]) => ({ competenceId, level: level as Level })),
        position: modules.length,
        file: rel(file),
      });
      sources.set(moduleKey(course.id, fm.id), source);
    });
    courses.push({
      id: course.id,
      title: course.title,
      summary: course.summary,
      language: course.language,
      modules,
      minutes: modules.reduce((sum, m) => sum + m.minutes, 0),
    });
  }
  return { courses, sources, errors, root };
}

const holder = globalThis as unknown as { __horizontCatalog?: Catalog };

/** The validated catalog of this installation (read once per process); invalid content throws with file:line. */
export function getCatalog(): Catalog {
  if (!holder.__horizontCatalog) {
    const catalog = readCatalog();
    if (catalog.errors.length) throw new Error(`Course content is invalid:\n${catalog.errors.map(formatContentError).join("\n")}`);
    holder.__horizontCatalog = catalog;
  }
  return holder.__horizontCatalog;
}

/** Replaces the process catalog (tests, and start-up after a content check). */
export function setCatalog(catalog: Catalog | undefined) {
  holder.__horizontCatalog = catalog;
}

export function listCourses(): CourseInfo[] {
  return getCatalog().courses;
}

export function getCourse(courseId: string): CourseInfo | undefined {
  return getCatalog().courses.find((c) => c.id === courseId);
}

/** A module's metadata (title, minutes, competences, pass mark …), or undefined. */
export function getModule(courseId: string, moduleId: string): ModuleInfo | undefined {
  return getCourse(courseId)?.modules.find((m) => m.id === moduleId);
}

/**
 * Modules that certify `competenceId` at `level` or higher (for recommendations that close a
 * gap), lowest certified level first, then course order. `courses`: an authority's view of the
 * catalog (catalogForAuthority in ./authority-catalog.server), else the built-in one.
 */
export function modulesCertifying(competenceId: string, level = 1, courses: readonly CourseInfo[] = listCourses()): (ModuleInfo & { certifiesLevel: Level })[] {
  const found: (ModuleInfo & { certifiesLevel: Level })[] = [];
  for (const course of courses)
    for (const module of course.modules) {
      const entry = module.competences.find((c) => c.competenceId === competenceId);
      if (entry && entry.level >= level) found.push({ ...module, certifiesLevel: entry.level });
    }
  return found.sort((a, b) => a.certifiesLevel - b.certifiesLevel);
}

/**
 * Every module of the catalog as a flat list with its certified competences as a record
 * (competence id → level): the shape the competence engine's profile logic and HR's
 * training-demand report work with. Computed once per list of courses (the built-in catalog's,
 * or an authority's view of it from catalogForAuthority).
 */
export interface ModuleRef {
  courseId: string;
  moduleId: string;
  title: string;
  minutes: number;
  expiresAfterMonths: number | null;
  competences: Record<string, number>;
}

const refsByCourses = new WeakMap<readonly CourseInfo[], ModuleRef[]>();

export function listModuleRefs(courses: readonly CourseInfo[] = getCatalog().courses): ModuleRef[] {
  let refs = refsByCourses.get(courses);
  if (!refs) {
    refs = courses.flatMap((c) =>
      c.modules.map((m) => ({
        courseId: c.id,
        moduleId: m.id,
        title: m.title,
        minutes: m.minutes,
        expiresAfterMonths: m.expiresAfterMonths,
        competences: Object.fromEntries(m.competences.map((x) => [x.competenceId, x.level])),
      })),
    );
    refsByCourses.set(courses, refs);
  }
  return refs;
}
