// Private reflection notes: free text per person, module and prompt. Only the person reads
// them (every query is keyed by the signed-in person); they are never graded.
import { and, eq } from "drizzle-orm";
import type { Queryable } from "~/db/client.server";
import { reflectionNotes } from "~/db/schema";

export const maxReflectionLength = 10_000;

/** Saves (or, when empty, removes) the person's note; saving the same text twice changes nothing. */
export async function saveReflection(
  db: Queryable,
  input: { authorityId: string; personId: string; courseId: string; moduleId: string; promptId: string; body: string; now: Date },
) {
  const body = input.body.trim();
  const where = and(
    eq(reflectionNotes.personId, input.personId),
    eq(reflectionNotes.courseId, input.courseId),
    eq(reflectionNotes.moduleId, input.moduleId),
    eq(reflectionNotes.promptId, input.promptId),
  );
  if (!body) {
    await db.delete(reflectionNotes).where(where);
    return;
  }
  await db
    .insert(reflectionNotes)
    .values({ ...input, body, updatedAt: input.now })
    .onConflictDoUpdate({
      target: [reflectionNotes.personId, reflectionNotes.courseId, reflectionNotes.moduleId, reflectionNotes.promptId],
      set: { body, updatedAt: input.now },
    });
}

/** The person's own notes for one module, by prompt id. */
export async function ownReflections(db: Queryable, input: { authorityId: string; personId: string; courseId: string; moduleId: string }) {
  const rows = await db
    .select({ promptId: reflectionNotes.promptId, body: reflectionNotes.body })
    .from(reflectionNotes)
    .where(
      and(
        eq(reflectionNotes.personId, input.personId),
        eq(reflectionNotes.authorityId, input.authorityId),
        eq(reflectionNotes.courseId, input.courseId),
        eq(reflectionNotes.moduleId, input.moduleId),
      ),
    );
  return Object.fromEntries(rows.map((r) => [r.promptId, r.body])) as Record<string, string>;
}
