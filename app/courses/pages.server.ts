// What the course pages need, assembled from the catalog, the compiled-module index and the
// person's own records. The module page's data carries no answer key unless `attemptId` names
// one of the person's graded attempts.
import crypto from "node:crypto";
import type { Queryable } from "~/db/client.server";
import { competenceById } from "~/competences/framework";
import { attemptResult } from "./attempts.server";
import { courseProgress, getCourse, type CourseInfo, type ModuleInfo } from "./catalog.server";
import type { ResultView } from "./components";
import { getCompiledModule, moduleCodeUrl, registerServerComponent } from "./modules.server";
import { attemptHistory, markOpened } from "./progress.server";
import { ownReflections } from "./reflections.server";

export interface Person {
  id: string;
  authorityId: string;
}

export function todayInBerlin(now: Date) {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin", year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

const competenceList = (module: ModuleInfo, locale: "de" | "en") =>
  module.competences.map((c) => ({ id: c.competenceId, level: c.level, name: competenceById(c.competenceId)?.name[locale] ?? c.competenceId }));

export async function coursesOverview(db: Queryable, person: Person) {
  const progress = await courseProgress(db, person.id, { authorityId: person.authorityId });
  return progress.map((p) => {
    const course = getCourse(p.courseId)!;
    return {
      id: course.id,
      title: course.title,
      summary: course.summary,
      minutes: course.minutes,
      total: p.total,
      passed: p.passed,
      percent: p.percent,
      completed: p.completed,
      resume: p.resumeModuleId ? { id: p.resumeModuleId, title: course.modules.find((m) => m.id === p.resumeModuleId)!.title, fresh: p.started === 0 } : null,
    };
  });
}

export async function coursePage(db: Queryable, person: Person, course: CourseInfo, locale: "de" | "en") {
  const progress = (await courseProgress(db, person.id, { authorityId: person.authorityId })).find((p) => p.courseId === course.id)!;
  return {
    course: { id: course.id, title: course.title, summary: course.summary, minutes: course.minutes },
    progress: { total: progress.total, passed: progress.passed, percent: progress.percent, completed: progress.completed, started: progress.started },
    resume: progress.resumeModuleId ? { id: progress.resumeModuleId, title: course.modules.find((m) => m.id === progress.resumeModuleId)!.title } : null,
    modules: course.modules.map((m, i) => ({
      id: m.id,
      title: m.title,
      summary: m.summary,
      minutes: m.minutes,
      status: progress.modules[i].status,
      passedAt: progress.modules[i].passedAt,
      competences: competenceList(m, locale),
    })),
  };
}

export async function modulePage(
  db: Queryable,
  person: Person,
  input: { course: CourseInfo; module: ModuleInfo; attemptId: string | null; now: Date; locale: "de" | "en" },
) {
  const { course, module } = input;
  const compiled = getCompiledModule(course.id, module.id);
  if (!compiled) throw new Response("This module has not been compiled: restart the server.", { status: 503 });
  await registerServerComponent(compiled);
  const where = { authorityId: person.authorityId, personId: person.id, courseId: course.id, moduleId: module.id };
  await markOpened(db, { ...where, today: todayInBerlin(input.now) });
  let result: ResultView | null = null;
  if (input.attemptId && /^[0-9a-f-]{36}$/i.test(input.attemptId)) {
    const graded = await attemptResult(db, { ...where, attemptId: input.attemptId, contentHash: compiled.hash, key: compiled.key });
    if (graded) {
      result = {
        id: graded.id,
        points: graded.points,
        maxPoints: graded.maxPoints,
        scorePercent: graded.scorePercent,
        passMark: graded.passMark,
        passed: graded.passed,
        questions: graded.questions?.map((q) => ({ id: q.id, kind: q.kind, points: q.points, maxPoints: q.maxPoints, options: q.options })) ?? null,
      };
    }
  }
  const next = course.modules[module.position + 1];
  const history = await attemptHistory(db, where);
  return {
    course: { id: course.id, title: course.title, total: course.modules.length },
    module: {
      id: module.id,
      title: module.title,
      summary: module.summary,
      minutes: module.minutes,
      passMark: module.passMark,
      expiresAfterMonths: module.expiresAfterMonths,
      position: module.position + 1,
      language: module.language,
      competences: competenceList(module, input.locale),
    },
    codeUrl: moduleCodeUrl(compiled),
    contentHash: compiled.hash,
    glossary: compiled.glossary,
    reflections: await ownReflections(db, where),
    // Minted per page view; the action claims it, so the same form sent twice counts once.
    submissionId: crypto.randomUUID(),
    result,
    history: history.map((h) => ({ id: h.id, submittedAt: h.submittedAt, scorePercent: h.scorePercent, passed: h.passed })),
    nextModule: next ? { href: `/courses/${course.id}/${next.id}`, title: next.title } : null,
  };
}
