// The compile pipeline: each module is compiled with mdx-bundler once per content version (hash
// of its source and of the engine: components, remark plugin, this file, mdx-bundler's version)
// and cached on disk (COURSE_CACHE_DIR) as two files, the browser's code and the server-only
// answer key. Start-up fills an in-memory index from the cache; page requests never compile.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { formatContentError, type ContentError } from "./format";
import type { QuizKey } from "./grading";
import { getCatalog, moduleKey, repositoryRoot, type Catalog } from "./catalog.server";
import { moduleRegistry } from "./module-code";
import { emptyExtraction, remarkQuiz, type ExtractedModule } from "./remark-quiz.server";

/** A compiled module as the server holds it. `key` never leaves the server before grading. */
export interface CompiledModule {
  courseId: string;
  moduleId: string;
  hash: string;
  /** mdx-bundler output for getMDXComponent (carries no answer key). */
  code: string;
  key: QuizKey;
  reflections: ExtractedModule["reflections"];
  glossary: ExtractedModule["glossary"];
}

type KeyFile = Omit<CompiledModule, "code">;

const engineFiles = ["app/courses/components.tsx", "app/courses/module-code.ts", "app/courses/remark-quiz.server.ts", "app/courses/modules.server.ts", "app/courses/grading.ts"];

let engineHashCache: string | undefined;
/** Hash of everything besides the module source that shapes the compiled output. */
export function engineHash(): string {
  if (engineHashCache) return engineHashCache;
  const hash = crypto.createHash("sha256");
  const root = repositoryRoot();
  for (const file of engineFiles) {
    const full = path.join(root, file);
    hash.update(file).update(fs.existsSync(full) ? fs.readFileSync(full) : "missing");
  }
  for (const pkg of ["mdx-bundler", "esbuild"]) {
    const manifest = path.join(root, "node_modules", pkg, "package.json");
    hash.update(pkg).update(fs.existsSync(manifest) ? String(JSON.parse(fs.readFileSync(manifest, "utf8")).version) : "?");
  }
  engineHashCache = hash.digest("hex");
  return engineHashCache;
}

export function contentHash(source: string): string {
  return crypto.createHash("sha256").update(engineHash()).update("\0").update(source).digest("hex").slice(0, 20);
}

export function defaultCacheDir() {
  return path.resolve(repositoryRoot(), process.env.COURSE_CACHE_DIR ?? "./.cache/courses");
}

const cachePaths = (cacheDir: string, courseId: string, moduleId: string, hash: string) => {
  const base = path.join(cacheDir, courseId, `${moduleId}.${hash}`);
  return { code: `${base}.code.js`, key: `${base}.key.json` };
};

function writeAtomically(file: string, content: string) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file);
}

/** Reads a module version from the disk cache, or null when it is not there. */
export function readCached(cacheDir: string, courseId: string, moduleId: string, hash: string): CompiledModule | null {
  const paths = cachePaths(cacheDir, courseId, moduleId, hash);
  try {
    const key = JSON.parse(fs.readFileSync(paths.key, "utf8")) as KeyFile;
    const code = fs.readFileSync(paths.code, "utf8");
    if (key.hash !== hash) return null;
    return { ...key, code };
  } catch {
    return null;
  }
}

/**
 * Compiles one module source: validates components and quiz, extracts the answer key and strips
 * it from the tree before bundling. Errors carry the module's file and line.
 */
export async function compileModule(
  source: string,
  file: string,
): Promise<{ ok: true; code: string; extracted: ExtractedModule } | { ok: false; errors: ContentError[] }> {
  const { bundleMDX } = await import("mdx-bundler");
  const extracted = emptyExtraction();
  try {
    const result = await bundleMDX({
      source,
      mdxOptions(options) {
        options.remarkPlugins = [...(options.remarkPlugins ?? []), remarkQuiz(extracted)];
        return options;
      },
    });
    if (extracted.problems.length) return { ok: false, errors: extracted.problems.map((p) => ({ file, line: p.line, message: p.message })) };
    return { ok: true, code: result.code, extracted };
  } catch (error) {
    const messages = (error as { errors?: { text: string; location?: { line: number } | null }[] }).errors;
    if (extracted.problems.length || messages?.length) {
      const problems = extracted.problems.map((p) => ({ file, line: p.line, message: p.message }));
      const syntax = (messages ?? []).map((m) => ({ file, line: m.location?.line ?? 1, message: m.text.split("\n")[0] }));
      return { ok: false, errors: [...problems, ...syntax] };
    }
    return { ok: false, errors: [{ file, line: 1, message: error instanceof Error ? error.message : String(error) }] };
  }
}

export interface PrepareReport {
  total: number;
  compiled: number;
  cached: number;
  errors: ContentError[];
  /** Per module: ok or failed. */
  modules: { key: string; file: string; ok: boolean; ms: number; cached: boolean }[];
}

/**
 * Makes sure every module of `catalog` is compiled in `cacheDir` (compiling what is missing)
 * and loads them into the in-memory index. `progress` receives one line per compiled module.
 */
export async function prepareModules(
  options: { catalog?: Catalog; cacheDir?: string; progress?: (line: string) => void; force?: boolean } = {},
): Promise<PrepareReport> {
  const catalog = options.catalog ?? getCatalog();
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const all = catalog.courses.flatMap((c) => c.modules);
  const report: PrepareReport = { total: all.length, compiled: 0, cached: 0, errors: [], modules: [] };
  const index = new Map<string, CompiledModule>();
  let n = 0;
  for (const module of all) {
    n++;
    const key = moduleKey(module.courseId, module.id);
    const source = catalog.sources.get(key)!;
    const hash = contentHash(source);
    const started = performance.now();
    const cached = options.force ? null : readCached(cacheDir, module.courseId, module.id, hash);
    if (cached) {
      index.set(key, cached);
      report.cached++;
      report.modules.push({ key, file: module.file, ok: true, ms: performance.now() - started, cached: true });
      continue;
    }
    const result = await compileModule(source, module.file);
    const ms = performance.now() - started;
    if (!result.ok) {
      report.errors.push(...result.errors);
      report.modules.push({ key, file: module.file, ok: false, ms, cached: false });
      options.progress?.(`courses: ${n}/${all.length} ${key} FAILED`);
      continue;
    }
    const compiled: CompiledModule = {
      courseId: module.courseId,
      moduleId: module.id,
      hash,
      code: result.code,
      key: result.extracted.key,
      reflections: result.extracted.reflections,
      glossary: result.extracted.glossary,
    };
    const paths = cachePaths(cacheDir, module.courseId, module.id, hash);
    const { code, ...keyFile } = compiled;
    writeAtomically(paths.code, code);
    writeAtomically(paths.key, JSON.stringify(keyFile));
    index.set(key, compiled);
    report.compiled++;
    report.modules.push({ key, file: module.file, ok: true, ms, cached: false });
    options.progress?.(`courses: compiled ${n}/${all.length} ${key} (${Math.round(ms)} ms)`);
  }
  setModuleIndex(index);
  return report;
}

const holder = globalThis as unknown as { __horizontModules?: Map<string, CompiledModule> };

export function setModuleIndex(index: Map<string, CompiledModule> | undefined) {
  holder.__horizontModules = index;
}

/** The compiled module from the start-up index (never compiles); undefined when unknown. */
export function getCompiledModule(courseId: string, moduleId: string): CompiledModule | undefined {
  return holder.__horizontModules?.get(moduleKey(courseId, moduleId));
}

/** The URL of a module's code file for the browser. */
export function moduleCodeUrl(module: { courseId: string; moduleId: string; hash: string }) {
  return `/course-code/${module.courseId}/${module.moduleId}.${module.hash}.js`;
}

/** The browser's script for one module version: registers its factory (same scope as getMDXComponent). */
export function moduleScript(courseId: string, moduleId: string, hash: string): string | null {
  const compiled = getCompiledModule(courseId, moduleId);
  if (!compiled || compiled.hash !== hash) return null;
  return scriptOf(compiled);
}

/** The browser's script for a compiled module (built-in or an authority's authored version). */
export function scriptOf(compiled: CompiledModule): string {
  return `(self.__horizontMdx=self.__horizontMdx||{})[${JSON.stringify(compiled.hash)}]={factory:function(React,ReactDOM,_jsx_runtime){\n${compiled.code}\n}};\n`;
}

/** Server rendering: registers the component mdx-bundler's getMDXComponent makes from the code, once per version. */
export async function registerServerComponent(compiled: CompiledModule) {
  const registry = moduleRegistry();
  if (registry[compiled.hash]?.component) return;
  const { getMDXComponent } = await import("mdx-bundler/client/index.js");
  registry[compiled.hash] = { component: getMDXComponent(compiled.code) as never };
}

/** Start-up step: compile what is missing (progress on stderr) and load the index. Invalid content stops the start. */
export async function prepareCourses() {
  const progress = (line: string) => process.stderr.write(`${line}\n`);
  const report = await prepareModules({ progress });
  if (report.errors.length) throw new Error(`Course modules failed to compile:\n${report.errors.map(formatContentError).join("\n")}`);
  progress(`courses: ${report.total} modules ready (${report.compiled} compiled, ${report.cached} from cache)`);
  return report;
}
