// The competence engine's only view of the course content: which courses and modules exist and
// which competence levels each module certifies. Reads courses/*/course.yaml and the modules'
// frontmatter directly. At merge this should delegate to the course engine's
// app/courses/catalog.server.ts (listCourses, modulesCertifying, courseProgress).
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import type { ModuleRef } from "./profile";

const courseSchema = z.object({ id: z.string(), title: z.string(), modules: z.array(z.string()) });
const frontmatterSchema = z.object({
  id: z.string(),
  title: z.string(),
  minutes: z.number().int().positive(),
  competences: z.record(z.string(), z.number().int().min(1).max(4)).default({}),
  expiresAfterMonths: z.number().int().positive().optional(),
});

export interface CourseRef {
  courseId: string;
  title: string;
  modules: ModuleRef[];
}

export interface IndexedModule extends ModuleRef {
  expiresAfterMonths: number | null;
}

let cached: { courses: CourseRef[]; modules: IndexedModule[] } | undefined;

function coursesDir() {
  return path.resolve(process.env.HORIZONT_ROOT ?? process.cwd(), "courses");
}

function frontmatter(file: string): unknown {
  const text = fs.readFileSync(file, "utf8");
  const match = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  if (!match) throw new Error(`${file}: no frontmatter between --- lines`);
  return parse(match[1]);
}

/** Reads the course folders once per process (content changes with a deployment only). */
function load() {
  if (cached) return cached;
  const dir = coursesDir();
  const courses: CourseRef[] = [];
  const modules: IndexedModule[] = [];
  const folders = fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()) : [];
  for (const folder of folders.sort((a, b) => a.name.localeCompare(b.name))) {
    const yamlFile = path.join(dir, folder.name, "course.yaml");
    if (!fs.existsSync(yamlFile)) continue;
    const course = courseSchema.parse(parse(fs.readFileSync(yamlFile, "utf8")));
    const ref: CourseRef = { courseId: course.id, title: course.title, modules: [] };
    for (const moduleId of course.modules) {
      const file = path.join(dir, folder.name, `${moduleId}.mdx`);
      const fm = frontmatterSchema.parse(frontmatter(file));
      const m: IndexedModule = {
        courseId: course.id,
        moduleId: fm.id,
        title: fm.title,
        minutes: fm.minutes,
        competences: fm.competences,
        expiresAfterMonths: fm.expiresAfterMonths ?? null,
      };
      ref.modules.push(m);
      modules.push(m);
    }
    courses.push(ref);
  }
  cached = { courses, modules };
  return cached;
}

export function listCourseRefs(): CourseRef[] {
  return load().courses;
}

export function listModuleRefs(): IndexedModule[] {
  return load().modules;
}

export function findModule(courseId: string, moduleId: string): IndexedModule | undefined {
  return load().modules.find((m) => m.courseId === courseId && m.moduleId === moduleId);
}

export function findCourse(courseId: string): CourseRef | undefined {
  return load().courses.find((c) => c.courseId === courseId);
}

/** Modules certifying `competenceId` at `level` or above. */
export function modulesCertifying(competenceId: string, level: number): IndexedModule[] {
  return load().modules.filter((m) => (m.competences[competenceId] ?? 0) >= level);
}


export interface CourseProgress {
  courseId: string;
  title: string;
  modulesPassed: number;
  modulesTotal: number;
}

/**
 * Courses the person has started but not finished. Attempts belong to the course engine, which
 * this branch cannot read yet: until the merge delegates to catalog.server's courseProgress(),
 * there is nothing to report.
 */
export async function coursesInProgress(_db: unknown, _personId: string): Promise<CourseProgress[]> {
  return [];
}
