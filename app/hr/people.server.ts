// HR's view of people: per unit, with their role description and FTE; assigning roles and
// changing FTE (part time).
import { and, asc, eq, sql } from "drizzle-orm";
import type { Queryable } from "~/db/client.server";
import { people, roleDescriptions } from "~/db/schema";

export const PEOPLE_PAGE_LIMIT = 500;

export async function listPeopleOfUnit(db: Queryable, authorityId: string, unitId: string) {
  return db
    .select({
      id: people.id,
      givenName: people.givenName,
      familyName: people.familyName,
      email: people.email,
      fte: people.fte,
      active: people.active,
      roleDescriptionId: people.roleDescriptionId,
      roleTitle: roleDescriptions.title,
    })
    .from(people)
    .leftJoin(roleDescriptions, eq(roleDescriptions.id, people.roleDescriptionId))
    .where(and(eq(people.authorityId, authorityId), eq(people.unitId, unitId)))
    .orderBy(asc(people.familyName), asc(people.givenName))
    .limit(PEOPLE_PAGE_LIMIT);
}

/** Returns the person's previous values, or null when the person or role is not in the authority. */
export async function assignRole(db: Queryable, authorityId: string, personId: string, input: { roleDescriptionId: string | null; fte: number }) {
  if (input.roleDescriptionId) {
    const [role] = await db
      .select({ id: roleDescriptions.id })
      .from(roleDescriptions)
      .where(and(eq(roleDescriptions.id, input.roleDescriptionId), eq(roleDescriptions.authorityId, authorityId), eq(roleDescriptions.status, "active")));
    if (!role) return null;
  }
  const [before] = await db
    .select({ roleDescriptionId: people.roleDescriptionId, fte: people.fte })
    .from(people)
    .where(and(eq(people.id, personId), eq(people.authorityId, authorityId)));
  if (!before) return null;
  await db
    .update(people)
    .set({ roleDescriptionId: input.roleDescriptionId, fte: input.fte, updatedAt: sql`now()` })
    .where(and(eq(people.id, personId), eq(people.authorityId, authorityId)));
  return before;
}
