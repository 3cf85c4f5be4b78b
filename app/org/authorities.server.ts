// Authorities: whether one with a given short name exists (the sign-in page shows the demo hint
// only where the demo authority exists), and its name for printed lists.
import { eq } from "drizzle-orm";
import type { Queryable } from "~/db/client.server";
import { authorities } from "~/db/schema";

export async function authorityExists(db: Queryable, slug: string) {
  const rows = await db.select({ id: authorities.id }).from(authorities).where(eq(authorities.slug, slug)).limit(1);
  return rows.length > 0;
}

/** The authority's display name (e.g. on printed lists), or "" when there is none. */
export async function authorityName(db: Queryable, authorityId: string) {
  const [row] = await db.select({ name: authorities.name }).from(authorities).where(eq(authorities.id, authorityId)).limit(1);
  return row?.name ?? "";
}
