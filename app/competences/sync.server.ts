// Writes the framework's competence ids into the database at start-up; ids that left the
// framework are kept (old evidence points at them) but marked retired.
import { notInArray, sql } from "drizzle-orm";
import type { Queryable } from "~/db/client.server";
import { competences } from "~/db/schema";
import { allCompetences, framework } from "./framework";

export async function syncFramework(db: Queryable) {
  const rows = allCompetences.map((competence, position) => ({
    id: competence.id,
    dimension: competence.dimension,
    position,
    retired: false,
    frameworkVersion: framework.version,
  }));
  await db
    .insert(competences)
    .values(rows)
    .onConflictDoUpdate({
      target: competences.id,
      set: {
        dimension: sql`excluded.dimension`,
        position: sql`excluded.position`,
        retired: false,
        frameworkVersion: sql`excluded.framework_version`,
      },
    });
  await db
    .update(competences)
    .set({ retired: true })
    .where(notInArray(competences.id, rows.map((r) => r.id)));
}
