// The quiz draw a learner works on: made on the server when the quiz is opened (crypto RNG),
// stored, and reused by reloads and the no-JavaScript form until it is graded. Also the retake
// wait: after a failed attempt no new draw is made (and no attempt graded) before it has passed.
import crypto from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Queryable } from "~/db/client.server";
import { quizAttempts, quizDraws } from "~/db/schema";
import { displayValue, drawItems, type DrawnItem } from "./draw";
import type { QuizKey } from "./grading";

export interface Draw {
  id: string;
  contentHash: string;
  items: DrawnItem[];
  submittedAt: Date | null;
}

interface Where {
  authorityId: string;
  personId: string;
  courseId: string;
  moduleId: string;
}

/** The draw's random source: a uniform integer in [0, n) from the operating system's CSPRNG. */
export const serverRandomInt = (n: number) => crypto.randomInt(n);

const sameModule = (where: Where) =>
  and(eq(quizDraws.authorityId, where.authorityId), eq(quizDraws.personId, where.personId), eq(quizDraws.courseId, where.courseId), eq(quizDraws.moduleId, where.moduleId));

/** When the next attempt is possible after a failed one, or null when it is possible now. */
export async function retakeNotBefore(db: Queryable, where: Where, waitMinutes: number, now: Date): Promise<Date | null> {
  if (waitMinutes <= 0) return null;
  const [last] = await db
    .select({ passed: quizAttempts.passed, submittedAt: quizAttempts.submittedAt })
    .from(quizAttempts)
    .where(
      and(eq(quizAttempts.authorityId, where.authorityId), eq(quizAttempts.personId, where.personId), eq(quizAttempts.courseId, where.courseId), eq(quizAttempts.moduleId, where.moduleId)),
    )
    .orderBy(desc(quizAttempts.submittedAt))
    .limit(1);
  if (!last || last.passed) return null;
  const until = new Date(last.submittedAt.getTime() + waitMinutes * 60_000);
  return until > now ? until : null;
}

/**
 * The open draw for this module version, made now if there is none: `{ draw }`, or `{ notBefore }`
 * while the retake wait runs (nothing is written then).
 */
export async function openDraw(
  db: Queryable,
  input: Where & { contentHash: string; key: QuizKey; attemptSize: number | null; retakeWaitMinutes: number; now: Date; randomInt?: (n: number) => number },
): Promise<{ draw: Draw; notBefore: null } | { draw: null; notBefore: Date }> {
  const where: Where = { authorityId: input.authorityId, personId: input.personId, courseId: input.courseId, moduleId: input.moduleId };
  const open = async () => (await db.select().from(quizDraws).where(and(sameModule(where), isNull(quizDraws.submittedAt))))[0];
  const notBefore = await retakeNotBefore(db, where, input.retakeWaitMinutes, input.now);
  if (notBefore) return { draw: null, notBefore };
  const existing = await open();
  if (existing && existing.contentHash === input.contentHash) return { draw: existing, notBefore: null };
  // A draw of an older module version cannot be graded any more: replace it.
  if (existing) await db.delete(quizDraws).where(and(eq(quizDraws.id, existing.id), isNull(quizDraws.submittedAt)));
  const items = drawItems(input.key, input.attemptSize, input.randomInt ?? serverRandomInt);
  const [made] = await db
    .insert(quizDraws)
    .values({ ...where, contentHash: input.contentHash, items, createdAt: input.now })
    .onConflictDoNothing()
    .returning();
  // A concurrent request (second tab) made the open draw first: use that one.
  if (made) return { draw: made, notBefore: null };
  const raced = await open();
  if (!raced) throw new Error("The quiz draw could not be stored.");
  return { draw: raced, notBefore: null };
}

/** One of the person's own draws for this module (open or graded), or null. */
export async function findDraw(db: Queryable, where: Where, drawId: string): Promise<Draw | null> {
  if (!/^[0-9a-f-]{36}$/i.test(drawId)) return null;
  const [row] = await db
    .select()
    .from(quizDraws)
    .where(and(eq(quizDraws.id, drawId), sameModule(where)));
  return row ?? null;
}

/** What the browser gets of a draw: question ids and option texts in display order, display values only. */
export function drawView(draw: Draw, key: QuizKey) {
  const byId = new Map(key.questions.map((q) => [q.id, q]));
  return {
    id: draw.id,
    items: draw.items.map((item) => {
      const question = byId.get(item.id);
      return {
        id: item.id,
        options: item.options.map((value, i) => ({ value: displayValue(i), text: question?.options.find((o) => o.value === value)?.text ?? "" })),
      };
    }),
  };
}
