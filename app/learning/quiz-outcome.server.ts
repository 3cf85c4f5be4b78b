// What a quiz attempt changed, in the competence engine's terms: per competence the module
// certifies, the level before and after the attempt, the level the person's role requires, the
// gap that remains and what closes it. And the status of a module the person has passed, and what
// a pass completes outside the course (submitQuiz: a workshop's post-quiz).
// Levels come from the engine (getProfile, currentLevel, gap, modulesFor): no second calculation.
import { and, desc, eq, inArray } from "drizzle-orm";
import { competenceById } from "~/competences/framework";
import { currentLevel, gap } from "~/competences/levels";
import { modulesFor } from "./profile";
import { getProfile } from "./profile.server";
import type { Queryable } from "~/db/client.server";
import { evidence, quizAttempts } from "~/db/schema";
import { catalogForAuthority } from "~/courses/authority-catalog.server";
import { courseProgress, type ModuleInfo } from "~/courses/catalog.server";
import { submitAttempt } from "~/courses/attempts.server";
import { workshopsCertifying } from "~/events/certifying.server";
import { writeAwaitedAttendanceEvidence } from "~/events/events.server";

/**
 * Takes a quiz (submitAttempt, in the caller's transaction) and, on a pass, what the pass completes
 * outside the course: a workshop that names this module as its post-quiz counts the attendance
 * already confirmed now. A repeated submit changes nothing.
 */
export async function submitQuiz(db: Queryable, input: Parameters<typeof submitAttempt>[1]) {
  const outcome = await submitAttempt(db, input);
  if (outcome.passed && !outcome.repeated)
    await writeAwaitedAttendanceEvidence(db, { personId: input.personId, courseId: input.course.id, moduleId: input.module.id, at: input.now });
  return outcome;
}

export interface CompetenceChange {
  competenceId: string;
  name: string;
  before: number;
  after: number;
  /** Level the person's role requires (0: none). */
  required: number;
  /** required − after where positive. */
  remaining: number;
  /** Modules that close the remaining gap, or that raise the level on the way. */
  modules: { href: string; title: string }[];
  /** No module certifies the required level (above level 2): observed practice or a workshop closes the gap. */
  needsPractice: boolean;
  /** The soonest upcoming workshop of the authority that certifies the competence above `after` (null: none scheduled). */
  workshop: { href: string; title: string; startsAt: string } | null;
}

interface Who {
  authorityId: string;
  personId: string;
}

/** The change one of the person's attempts made to the competences `module` certifies. */
export async function competenceChanges(
  db: Queryable,
  who: Who,
  module: ModuleInfo,
  attempt: { id: string; submittedAt: Date },
  locale: "de" | "en",
  now = new Date(),
): Promise<CompetenceChange[]> {
  const at = attempt.submittedAt;
  const catalog = await catalogForAuthority(db, who.authorityId);
  const profile = await getProfile(db, who.authorityId, who.personId, at, { catalog });
  if (!profile) return [];
  const fromAttempt = new Set(
    (await db.select({ id: evidence.id }).from(evidence).where(and(eq(evidence.attemptId, attempt.id), eq(evidence.personId, who.personId)))).map((e) => e.id),
  );
  const rows = new Map(profile.dimensions.flatMap((d) => d.rows).map((r) => [r.competenceId, r]));
  const refs = catalog.moduleRefs();
  const changes = module.competences.map(({ competenceId }) => {
    const row = rows.get(competenceId);
    // Evidence as it stood when the attempt was graded: nothing recorded later counts here.
    const then = (row?.explanation ?? []).map((x) => x.evidence).filter((e) => e.achievedAt <= at);
    const before = currentLevel(
      then.filter((e) => !fromAttempt.has(e.id)),
      at,
    ).level;
    const after = currentLevel(then, at).level;
    const required = row?.required ?? 0;
    const remaining = gap(required, after);
    const { closing, partial } = modulesFor(refs, competenceId, after, required);
    const helpful = closing.length ? closing : partial;
    return {
      competenceId,
      name: competenceById(competenceId)?.name[locale] ?? competenceId,
      before,
      after,
      required,
      remaining,
      modules: remaining > 0 ? helpful.slice(0, 3).map((m) => ({ href: `/courses/${m.courseId}/${m.moduleId}`, title: m.title })) : [],
      // No module certifies the required level (modules stop at level 2): practice or a workshop does.
      needsPractice: remaining > 0 && closing.length === 0,
      workshop: null as CompetenceChange["workshop"],
    };
  });
  // Where a gap remains, name a scheduled workshop that certifies the competence (as of now, not of the attempt).
  const open = changes.filter((c) => c.remaining > 0);
  const workshops = await workshopsCertifying(db, who.authorityId, open.map((c) => ({ competenceId: c.competenceId, above: c.after, required: c.required })), now);
  return changes.map((c) => {
    const w = c.remaining > 0 ? workshops.get(c.competenceId) : undefined;
    return w ? { ...c, workshop: { href: `/events/${w.eventId}`, title: w.title, startsAt: w.startsAt } } : c;
  });
}

export interface PassedStatus {
  passedAt: Date;
  scorePercent: number;
  attemptId: string;
  /** Until when the evidence from the passing attempt counts (null: no expiry). */
  validUntil: Date | null;
  /** The course's certificate is available (every module passed). */
  certificate: boolean;
}

/** The status of a module the person has passed (latest passing attempt), or null. */
export async function passedStatus(db: Queryable, who: Who, module: ModuleInfo): Promise<PassedStatus | null> {
  const [attempt] = await db
    .select({ id: quizAttempts.id, submittedAt: quizAttempts.submittedAt, scorePercent: quizAttempts.scorePercent })
    .from(quizAttempts)
    .where(
      and(
        eq(quizAttempts.authorityId, who.authorityId),
        eq(quizAttempts.personId, who.personId),
        eq(quizAttempts.courseId, module.courseId),
        eq(quizAttempts.moduleId, module.id),
        eq(quizAttempts.passed, true),
      ),
    )
    .orderBy(desc(quizAttempts.submittedAt))
    .limit(1);
  if (!attempt) return null;
  const earned = await db
    .select({ validUntil: evidence.validUntil })
    .from(evidence)
    .where(and(inArray(evidence.attemptId, [attempt.id]), eq(evidence.personId, who.personId)));
  const progress = (await courseProgress(db, who.personId, { authorityId: who.authorityId })).find((p) => p.courseId === module.courseId);
  return {
    passedAt: attempt.submittedAt,
    scorePercent: attempt.scorePercent,
    attemptId: attempt.id,
    validUntil: earned.length === 0 || earned.some((e) => e.validUntil === null) ? null : new Date(Math.max(...earned.map((e) => e.validUntil!.getTime()))),
    certificate: progress?.completed ?? false,
  };
}
