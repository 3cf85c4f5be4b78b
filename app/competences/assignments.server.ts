// Assignments are fulfilled by passing: the course engine calls this after a passed attempt.
import { and, eq, isNull, or } from "drizzle-orm";
import type { Queryable } from "~/db/client.server";
import { assignments } from "~/db/schema";

export async function fulfilAssignments(
  db: Queryable,
  input: { personId: string; courseId: string; moduleId: string; courseCompleted: boolean; at: Date },
) {
  await db
    .update(assignments)
    .set({ fulfilledAt: input.at })
    .where(
      and(
        eq(assignments.personId, input.personId),
        eq(assignments.courseId, input.courseId),
        isNull(assignments.fulfilledAt),
        input.courseCompleted ? or(eq(assignments.moduleId, input.moduleId), isNull(assignments.moduleId)) : eq(assignments.moduleId, input.moduleId),
      ),
    );
}
