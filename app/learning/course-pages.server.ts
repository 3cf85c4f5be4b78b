// What the course pages need, assembled from the catalog, the compiled-module index and the
// person's own records. The module page's data carries no answer key; with `attemptId` it carries
// the feedback of one of the person's graded attempts (for a failed one, only about the options
// chosen). Opening the quiz draws its items (or reuses the open draw).
import type { Queryable } from "~/db/client.server";
import { competenceById } from "~/competences/framework";
import { getSettings } from "~/org/settings.server";
import { attemptResult } from "~/courses/attempts.server";
import { catalogForAuthority } from "~/courses/authority-catalog.server";
import { courseProgress, type CourseInfo, type ModuleInfo } from "~/courses/catalog.server";
import type { QuizView, ResultView } from "~/courses/components";
import { drawView, openDraw, retakeNotBefore } from "~/courses/draws.server";
import { getCompiledModule, moduleCodeUrl, registerServerComponent, type CompiledModule } from "~/courses/modules.server";
import { competenceChanges, passedStatus } from "./quiz-outcome.server";
import { queueModuleOpened } from "~/xapi/statements.server";
import { attemptHistory, markOpened } from "~/courses/progress.server";
import { ownReflections } from "~/courses/reflections.server";
import { berlinDate } from "~/dates/calendar";

export interface Person {
  id: string;
  authorityId: string;
}

const competenceList = (module: ModuleInfo, locale: "de" | "en") =>
  module.competences.map((c) => ({ id: c.competenceId, level: c.level, name: competenceById(c.competenceId)?.name[locale] ?? c.competenceId }));

export async function coursesOverview(db: Queryable, person: Person) {
  const catalog = await catalogForAuthority(db, person.authorityId);
  const progress = await courseProgress(db, person.id, { authorityId: person.authorityId, courses: catalog.courses });
  return progress.map((p) => {
    const course = catalog.course(p.courseId)!;
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
  const [progress] = await courseProgress(db, person.id, { authorityId: person.authorityId, courses: [course] });
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
  input: {
    course: CourseInfo;
    module: ModuleInfo;
    attemptId: string | null;
    retake?: boolean;
    now: Date;
    locale: "de" | "en";
    /** The version to show (an authority's authored one); default: the built-in module. */
    compiled?: CompiledModule;
  },
) {
  const { course, module } = input;
  const compiled = input.compiled ?? getCompiledModule(course.id, module.id);
  if (!compiled) throw new Response("This module has not been compiled: restart the server.", { status: 503 });
  await registerServerComponent(compiled);
  const where = { authorityId: person.authorityId, personId: person.id, courseId: course.id, moduleId: module.id };
  // The first opening and its xAPI statement in one transaction (a savepoint inside a caller's).
  await db.transaction(async (tx) => {
    if (await markOpened(tx, { ...where, today: berlinDate(input.now) }))
      await queueModuleOpened(tx, { ...where, courseTitle: course.title, moduleTitle: module.title, now: input.now });
  });
  let result: ResultView | null = null;
  let quiz: QuizView;
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
        questions: graded.questions,
        changes: await competenceChanges(db, { authorityId: person.authorityId, personId: person.id }, module, graded, input.locale, input.now),
        retakeNotBefore: graded.passed ? null : await retakeNotBefore(db, where, (await getSettings(db, person.authorityId)).retakeWaitMinutes, input.now),
      };
    }
  }
  const passed = result ? null : await passedStatus(db, { authorityId: person.authorityId, personId: person.id }, module);
  if (result) quiz = { mode: "result" };
  else if (passed && !input.retake) quiz = { mode: "passed", status: passed };
  else {
    const settings = await getSettings(db, person.authorityId);
    const opened = await openDraw(db, {
      ...where,
      contentHash: compiled.hash,
      key: compiled.key,
      attemptSize: module.attemptSize,
      retakeWaitMinutes: settings.retakeWaitMinutes,
      now: input.now,
    });
    quiz = opened.draw ? { mode: "open", draw: drawView(opened.draw, compiled.key) } : { mode: "wait", notBefore: opened.notBefore };
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
    result,
    quiz,
    history: history.map((h) => ({ id: h.id, submittedAt: h.submittedAt, scorePercent: h.scorePercent, passed: h.passed })),
    nextModule: next ? { href: `/courses/${course.id}/${next.id}`, title: next.title } : null,
  };
}
