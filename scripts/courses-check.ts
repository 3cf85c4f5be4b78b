// `npm run courses:check`: validates every course and module in courses/ and compiles them,
// printing each problem as file:line; exits non-zero when anything is wrong.
//   --json <file>   also write { "passed": <modules ok>, "failed": <modules failing> }
//   --dir <dir>     check another courses folder (tests use this)
//   --cache <dir>   compile into this cache folder (default COURSE_CACHE_DIR or ./.cache/courses)
//   --timing        measure a cold compile of everything and a cached load, and print both
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { readCatalog } from "../app/courses/catalog.server";
import { checkCatalog, type RuleModule } from "../app/courses/content-rules";
import { formatContentError, splitFrontmatter } from "../app/courses/format";
import { defaultCacheDir, getCompiledModule, prepareModules } from "../app/courses/modules.server";

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const jsonFile = option("--json");
const dir = option("--dir");
const cacheDir = option("--cache") ? path.resolve(option("--cache")!) : defaultCacheDir();

const started = performance.now();
const catalog = readCatalog(dir ? path.resolve(dir) : undefined);
const report = await prepareModules({ catalog, cacheDir, progress: (line) => process.stderr.write(`${line}\n`) });

// Editorial rules (content-rules.ts) over every module that compiled.
const ruleModules: RuleModule[] = [];
for (const course of catalog.courses)
  for (const m of course.modules) {
    const compiled = getCompiledModule(m.courseId, m.id);
    if (!compiled) continue;
    const source = catalog.sources.get(`${m.courseId}/${m.id}`) ?? "";
    ruleModules.push({ ...m, body: splitFrontmatter(source)?.body ?? source, key: compiled.key });
    process.stdout.write(
      `${m.file}: Leitziele ${m.leitziele.join(", ") || "–"} · ${m.competences.map((c) => `${c.competenceId} ${c.level}`).join(", ")}` +
        ` · quiz ${compiled.key.questions.length} items${m.attemptSize ? `, ${m.attemptSize} per attempt` : ""}` +
        `${m.legalBasis.length ? ` · Rechtsstand ${m.reviewedAt ?? "?"}: ${m.legalBasis.join("; ")}` : ""}\n`,
    );
  }
const findings = checkCatalog(ruleModules, new Date());
for (const w of findings.filter((f) => f.level === "warning")) process.stdout.write(`warning: ${w.file}: ${w.message}\n`);
const ruleErrors = findings.filter((f) => f.level === "error").map((f) => ({ file: f.file, line: 1, message: f.message }));
const errors = [...catalog.errors, ...report.errors, ...ruleErrors];

// A module fails when its file has an error; course.yaml errors fail the course's listed modules' count by one.
const failedFiles = new Set(errors.map((e) => e.file));
const passed = report.modules.filter((m) => m.ok && !failedFiles.has(m.file)).length;
const failed = failedFiles.size;

for (const error of errors) process.stdout.write(`${formatContentError(error)}\n`);
const courses = catalog.courses.length;
process.stdout.write(
  `${errors.length ? "✗" : "✓"} ${courses} courses, ${passed} modules ok, ${failed} failing` +
    ` (${report.compiled} compiled, ${report.cached} from cache, ${Math.round(performance.now() - started)} ms)\n`,
);

if (args.includes("--timing")) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "horizont-courses-"));
  const t0 = performance.now();
  const cold = await prepareModules({ catalog, cacheDir: tmp });
  const coldMs = performance.now() - t0;
  const t1 = performance.now();
  const warm = await prepareModules({ catalog, cacheDir: tmp });
  const warmMs = performance.now() - t1;
  fs.rmSync(tmp, { recursive: true, force: true });
  process.stdout.write(
    `timing: cold compile of ${cold.compiled} modules ${Math.round(coldMs)} ms (${Math.round(coldMs / Math.max(1, cold.compiled))} ms per module); ` +
      `cached load of ${warm.cached} modules ${Math.round(warmMs)} ms\n`,
  );
}

if (jsonFile) {
  fs.mkdirSync(path.dirname(path.resolve(jsonFile)), { recursive: true });
  fs.writeFileSync(jsonFile, JSON.stringify({ passed, failed, errors: errors.map(formatContentError) }, null, 2));
}
process.exit(errors.length ? 1 : 0);
