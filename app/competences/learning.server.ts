// "My learning", the start page: assigned modules (overdue first), modules recommended from the
// person's gaps, and courses in progress.
import { catalogForAuthority } from "~/authoring/learner.server";
import { courseProgress } from "~/courses/catalog.server";
import type { Queryable } from "~/db/client.server";
import { openAssignmentsOf } from "./assignments.server";
import { getProfile } from "./profile.server";
import { recommendModules } from "./profile";

export async function myLearning(db: Queryable, viewer: { id: string; authorityId: string }, at: Date) {
  // Titles, minutes and what modules certify: the authority's published versions where it has them.
  const catalog = await catalogForAuthority(db, viewer.authorityId);
  const [open, profile, progress] = await Promise.all([
    openAssignmentsOf(db, viewer.authorityId, viewer.id, at),
    getProfile(db, viewer.authorityId, viewer.id, at, { catalog }),
    courseProgress(db, viewer.id, { authorityId: viewer.authorityId, courses: catalog.courses }),
  ]);
  // Started (a module opened or passed) but not completed.
  const inProgress = progress
    .filter((c) => c.started > 0 && !c.completed)
    .map((c) => ({ courseId: c.courseId, title: c.title, modulesPassed: c.passed, modulesTotal: c.total, resumeModuleId: c.resumeModuleId }));
  const assigned = open
    .map((a) => {
      if (a.eventId || !a.courseId)
        // A workshop: its title and first date, linked to its page.
        return { ...a, courseTitle: null, title: a.eventTitle ?? "", minutes: null };
      const course = catalog.course(a.courseId);
      const module = a.moduleId ? catalog.module(a.courseId, a.moduleId) : undefined;
      return {
        ...a,
        courseTitle: course?.title ?? a.courseId,
        title: module?.title ?? course?.title ?? a.courseId,
        minutes: module?.minutes ?? course?.minutes ?? null,
      };
    })
    // Overdue first (oldest first), then by due date.
    .sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.dueOn.localeCompare(b.dueOn));
  const exclude = new Set<string>();
  for (const a of open) {
    if (!a.courseId) continue;
    if (a.moduleId) exclude.add(`${a.courseId}/${a.moduleId}`);
    else for (const m of catalog.course(a.courseId)?.modules ?? []) exclude.add(`${m.courseId}/${m.id}`);
  }
  const rows = profile?.dimensions.flatMap((d) => d.rows) ?? [];
  const recommended = recommendModules(rows, exclude).map((r) => ({
    courseId: r.module.courseId,
    moduleId: r.module.moduleId,
    title: r.module.title,
    minutes: r.module.minutes,
    courseTitle: catalog.course(r.module.courseId)?.title ?? r.module.courseId,
    gap: r.gap,
    competenceIds: r.competenceIds,
  }));
  return { hasRole: !!profile?.role, assigned, recommended, inProgress, gaps: profile?.totals.gaps ?? 0 };
}
