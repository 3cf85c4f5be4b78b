// HR's view of people: per unit, with their role description and FTE; assigning roles and
// changing FTE (part time).
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Queryable } from "~/db/client.server";
import { people, personRoles, roleDescriptions, units } from "~/db/schema";
import { setActive } from "~/people/accounts.server";

export const PEOPLE_PAGE_LIMIT = 500;

/** People of one unit; `null`: people without a unit (e.g. created at their first directory sign-in). */
export async function listPeopleOfUnit(db: Queryable, authorityId: string, unitId: string | null) {
  return db
    .select({
      id: people.id,
      givenName: people.givenName,
      familyName: people.familyName,
      email: people.email,
      fte: people.fte,
      active: people.active,
      deactivatedAt: people.deactivatedAt,
      roleDescriptionId: people.roleDescriptionId,
      roleTitle: roleDescriptions.title,
    })
    .from(people)
    .leftJoin(roleDescriptions, eq(roleDescriptions.id, people.roleDescriptionId))
    .where(and(eq(people.authorityId, authorityId), unitId === null ? isNull(people.unitId) : eq(people.unitId, unitId)))
    .orderBy(asc(people.familyName), asc(people.givenName))
    .limit(PEOPLE_PAGE_LIMIT);
}

/**
 * Active people of the authority without a role description ("keine Stelle"): new accounts
 * land here so HR can give them one; without it they have no requirements and no gaps.
 */
export async function listPeopleWithoutRole(db: Queryable, authorityId: string) {
  return db
    .select({ id: people.id, givenName: people.givenName, familyName: people.familyName, unitId: people.unitId, unitName: units.name })
    .from(people)
    .leftJoin(units, eq(units.id, people.unitId))
    .where(and(eq(people.authorityId, authorityId), eq(people.active, true), isNull(people.roleDescriptionId)))
    .orderBy(asc(people.familyName), asc(people.givenName))
    .limit(PEOPLE_PAGE_LIMIT);
}

/**
 * HR records that a person left: the account is deactivated (sessions and set-password links end,
 * see setActive), and the retention after leaving starts. Not for HR's own account or an admin's
 * (an admin account is managed by another admin). False when not allowed or not found.
 */
export async function markLeft(db: Queryable, authorityId: string, actorId: string, personId: string) {
  if (personId === actorId) return false;
  const admin = await db
    .select({ role: personRoles.role })
    .from(personRoles)
    .where(and(eq(personRoles.personId, personId), eq(personRoles.role, "admin")));
  if (admin.length > 0) return false;
  const [person] = await db
    .select({ deactivatedAt: people.deactivatedAt })
    .from(people)
    .where(and(eq(people.id, personId), eq(people.authorityId, authorityId)));
  if (!person) return false;
  // Already recorded as left: the retention keeps running from the first date.
  if (person.deactivatedAt) return true;
  return setActive(db, authorityId, personId, false);
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
