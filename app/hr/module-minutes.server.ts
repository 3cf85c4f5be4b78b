// Module minutes and certified competences, read from courses/*/course.yaml and each module's
// frontmatter. A deliberately small reader for training-demand reports: at merge it should
// delegate to the course engine's catalog (issue 3), which validates the same files.
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import type { ModuleInfo } from "./training";

const courseSchema = z.object({ id: z.string(), modules: z.array(z.string()) });
const frontmatterSchema = z.object({
  id: z.string(),
  minutes: z.number().int().positive(),
  competences: z.record(z.string(), z.number().int().min(1).max(4)).default({}),
});

let cache: { key: string; modules: ModuleInfo[] } | undefined;

function coursesDir() {
  return path.resolve(process.env.HORIZONT_ROOT ?? process.cwd(), "courses");
}

/** All modules with minutes and competences; cached per set of file modification times. */
export function readModuleMinutes(dir = coursesDir()): ModuleInfo[] {
  if (!fs.existsSync(dir)) return [];
  const courses = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "course.yaml")))
    .map((d) => d.name)
    .sort();
  const files = courses.flatMap((c) => fs.readdirSync(path.join(dir, c)).map((f) => path.join(dir, c, f)));
  const key = files.map((f) => `${f}:${fs.statSync(f).mtimeMs}`).join("|");
  if (cache?.key === key) return cache.modules;
  const modules: ModuleInfo[] = [];
  for (const courseDir of courses) {
    const file = path.join(dir, courseDir, "course.yaml");
    const course = courseSchema.parse(parse(fs.readFileSync(file, "utf8")));
    for (const moduleId of course.modules) {
      const mdx = path.join(dir, courseDir, `${moduleId}.mdx`);
      if (!fs.existsSync(mdx)) continue;
      const match = /^---\r?\n([\s\S]*?)\r?\n---/.exec(fs.readFileSync(mdx, "utf8"));
      if (!match) continue;
      const front = frontmatterSchema.safeParse(parse(match[1]));
      if (!front.success) throw new Error(`${mdx}: frontmatter: ${front.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
      modules.push({ courseId: course.id, moduleId: front.data.id, minutes: front.data.minutes, competences: front.data.competences });
    }
  }
  cache = { key, modules };
  return modules;
}
