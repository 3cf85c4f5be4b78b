// "My learning", the start page: assigned modules (overdue first), modules recommended from the
// person's gaps, and courses in progress.
import { catalogForAuthority } from "~/courses/authority-catalog.server";
import { courseProgress } from "~/courses/catalog.server";
import type { Queryable } from "~/db/client.server";
import { openAssignmentsOf } from "~/competences/assignments.server";
import { getProfile } from "./profile.server";
import { recommendModules } from "./profile";
import { workshopsCertifying } from "~/events/certifying.server";

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
  // Scheduled workshops that certify a competence with a gap (beside the modules, or where no module reaches the level).
  const gapRows = rows.filter((r) => r.gap > 0);
  const certifying = await workshopsCertifying(db, viewer.authorityId, gapRows.map((r) => ({ competenceId: r.competenceId, above: r.current, required: r.required })), at);
  const assignedEvents = new Set(open.flatMap((a) => (a.eventId ? [a.eventId] : [])));
  const byEvent = new Map<string, { eventId: string; title: string; startsAt: string; competenceIds: string[] }>();
  for (const w of certifying.values()) {
    if (assignedEvents.has(w.eventId)) continue;
    const entry = byEvent.get(w.eventId) ?? { eventId: w.eventId, title: w.title, startsAt: w.startsAt, competenceIds: [] };
    entry.competenceIds.push(w.competenceId);
    byEvent.set(w.eventId, entry);
  }
  const workshops = [...byEvent.values()].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  return { hasRole: !!profile?.role, assigned, recommended, workshops, inProgress, gaps: profile?.totals.gaps ?? 0 };
}
