// Learning progress per module (not started / started / passed) and per course. "Started"
// means the person opened the module page once: only the first day is stored, no visits.
import { and, eq, sql } from "drizzle-orm";
import type { Queryable } from "~/db/client.server";
import { moduleProgress, quizAttempts } from "~/db/schema";
import { listCourses, type CourseInfo } from "./catalog.server";
import { berlinDate } from "~/dates/calendar";

export type ModuleStatus = "not-started" | "started" | "passed";

export interface CourseProgress {
  courseId: string;
  title: string;
  total: number;
  passed: number;
  started: number;
  /** Passed modules in percent of all modules, rounded down. */
  percent: number;
  completed: boolean;
  /** The first module in course order that is not passed (where to resume), or null. */
  resumeModuleId: string | null;
  modules: { moduleId: string; title: string; status: ModuleStatus; firstOpenedOn: string | null; passedAt: Date | null }[];
}

/** Records that the person opened the module, once (the first day only); true the first time. */
export async function markOpened(db: Queryable, input: { authorityId: string; personId: string; courseId: string; moduleId: string; today: string }): Promise<boolean> {
  const rows = await db
    .insert(moduleProgress)
    .values({ authorityId: input.authorityId, personId: input.personId, courseId: input.courseId, moduleId: input.moduleId, firstOpenedOn: input.today })
    .onConflictDoNothing()
    .returning({ moduleId: moduleProgress.moduleId });
  return rows.length === 1;
}

/** Marks the module passed (first pass only); also counts as opened. */
export async function markPassed(db: Queryable, input: { authorityId: string; personId: string; courseId: string; moduleId: string; at: Date }) {
  await db
    .insert(moduleProgress)
    .values({ ...input, firstOpenedOn: berlinDate(input.at), passedAt: input.at })
    .onConflictDoUpdate({
      target: [moduleProgress.personId, moduleProgress.courseId, moduleProgress.moduleId],
      set: { passedAt: sql`coalesce(${moduleProgress.passedAt}, excluded.passed_at)` },
    });
}

/**
 * Progress of one person in every course of the catalog. `authorityId`, when given, scopes the
 * query (callers that show another person's progress must pass the viewer's authority).
 * `courses`: the authority's view of the catalog (module titles of its published versions).
 */
export async function courseProgress(db: Queryable, personId: string, options: { authorityId?: string; courses?: readonly CourseInfo[] } = {}): Promise<CourseProgress[]> {
  const rows = await db
    .select({
      courseId: moduleProgress.courseId,
      moduleId: moduleProgress.moduleId,
      firstOpenedOn: moduleProgress.firstOpenedOn,
      passedAt: moduleProgress.passedAt,
    })
    .from(moduleProgress)
    .where(and(eq(moduleProgress.personId, personId), options.authorityId ? eq(moduleProgress.authorityId, options.authorityId) : undefined));
  const byKey = new Map(rows.map((r) => [`${r.courseId}/${r.moduleId}`, r]));
  return (options.courses ?? listCourses()).map((course) => {
    const modules = course.modules.map((m) => {
      const row = byKey.get(`${course.id}/${m.id}`);
      const status: ModuleStatus = row?.passedAt ? "passed" : row ? "started" : "not-started";
      return { moduleId: m.id, title: m.title, status, firstOpenedOn: row?.firstOpenedOn ?? null, passedAt: row?.passedAt ?? null };
    });
    const passed = modules.filter((m) => m.status === "passed").length;
    const started = modules.filter((m) => m.status !== "not-started").length;
    return {
      courseId: course.id,
      title: course.title,
      total: modules.length,
      passed,
      started,
      percent: modules.length ? Math.floor((passed * 100) / modules.length) : 0,
      completed: modules.length > 0 && passed === modules.length,
      resumeModuleId: modules.find((m) => m.status !== "passed")?.moduleId ?? null,
      modules,
    };
  });
}

/** The person's attempts at one module, newest first (their own history). */
export async function attemptHistory(db: Queryable, input: { authorityId: string; personId: string; courseId: string; moduleId: string }) {
  return db
    .select({
      id: quizAttempts.id,
      submittedAt: quizAttempts.submittedAt,
      scorePercent: quizAttempts.scorePercent,
      passed: quizAttempts.passed,
    })
    .from(quizAttempts)
    .where(
      and(
        eq(quizAttempts.authorityId, input.authorityId),
        eq(quizAttempts.personId, input.personId),
        eq(quizAttempts.courseId, input.courseId),
        eq(quizAttempts.moduleId, input.moduleId),
      ),
    )
    .orderBy(sql`${quizAttempts.submittedAt} desc`);
}
