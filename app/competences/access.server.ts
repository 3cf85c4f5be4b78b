// Who may see or change whose competence data: the person, their own lead (where the authority's
// settings allow) and HR of the same authority. Other authorities' people do not exist (404);
// anyone else in the same authority is refused (403).
import { and, eq, inArray } from "drizzle-orm";
import type { Viewer } from "~/auth/access.server";
import type { Queryable } from "~/db/client.server";
import { people, units } from "~/db/schema";
import { getSettings } from "~/org/settings.server";

export type CompetenceViewer = Pick<Viewer, "id" | "authorityId" | "roles" | "ledUnitIds">;

export class AccessError extends Error {
  constructor(readonly status: 403 | 404) {
    super(status === 404 ? "not found" : "forbidden");
  }
}

/** Field-level problems of a competence form (message keys for the form). */
export class CompetenceFormError extends Error {
  constructor(
    readonly field: string,
    readonly messageKey: string,
  ) {
    super(messageKey);
  }
}

export function isLeadOf(viewer: CompetenceViewer, unitId: string | null) {
  return !!unitId && viewer.roles.includes("lead") && viewer.ledUnitIds.includes(unitId);
}

export interface SubjectPerson {
  id: string;
  authorityId: string;
  unitId: string | null;
  givenName: string;
  familyName: string;
  roleDescriptionId: string | null;
}

async function findPerson(db: Queryable, authorityId: string, personId: string): Promise<SubjectPerson | undefined> {
  const [row] = await db
    .select({
      id: people.id,
      authorityId: people.authorityId,
      unitId: people.unitId,
      givenName: people.givenName,
      familyName: people.familyName,
      roleDescriptionId: people.roleDescriptionId,
    })
    .from(people)
    .where(and(eq(people.id, personId), eq(people.authorityId, authorityId)));
  return row;
}

export type Relation = "self" | "hr" | "lead";

/** The person whose profile `viewer` may open, and how they relate; throws AccessError otherwise. */
export async function profileAccess(db: Queryable, viewer: CompetenceViewer, personId: string): Promise<{ person: SubjectPerson; relation: Relation }> {
  const person = await findPerson(db, viewer.authorityId, personId);
  if (!person) throw new AccessError(404);
  if (person.id === viewer.id) return { person, relation: "self" };
  if (viewer.roles.includes("hr")) return { person, relation: "hr" };
  if (isLeadOf(viewer, person.unitId) && (await getSettings(db, viewer.authorityId)).leadsSeeIndividualProfiles)
    return { person, relation: "lead" };
  throw new AccessError(403);
}

/** The unit a lead's team page shows: the asked one if they lead it, else their first. */
export async function teamUnitAccess(db: Queryable, viewer: CompetenceViewer, unitId?: string): Promise<{ id: string; name: string }[]> {
  if (!viewer.roles.includes("lead") || viewer.ledUnitIds.length === 0) throw new AccessError(403);
  if (unitId) {
    const [unit] = await db.select({ authorityId: units.authorityId }).from(units).where(eq(units.id, unitId));
    if (!unit || unit.authorityId !== viewer.authorityId) throw new AccessError(404);
    if (!viewer.ledUnitIds.includes(unitId)) throw new AccessError(403);
  }
  const led = await db
    .select({ id: units.id, name: units.name })
    .from(units)
    .where(and(eq(units.authorityId, viewer.authorityId), inArray(units.id, viewer.ledUnitIds)))
    .orderBy(units.name);
  if (led.length === 0) throw new AccessError(403);
  return led;
}

/**
 * The members named in a lead's form, all of whom must belong to a unit the lead leads.
 * Someone of another authority (or no one) → 404; someone outside the lead's units → 403.
 * The lead is not their own member: their own evidence is theirs or HR's to record.
 */
export async function requireMembers(db: Queryable, viewer: CompetenceViewer, personIds: readonly string[]): Promise<SubjectPerson[]> {
  const unique = [...new Set(personIds)];
  if (unique.length === 0) throw new AccessError(404);
  const rows = await db
    .select({
      id: people.id,
      authorityId: people.authorityId,
      unitId: people.unitId,
      givenName: people.givenName,
      familyName: people.familyName,
      roleDescriptionId: people.roleDescriptionId,
    })
    .from(people)
    .where(and(inArray(people.id, unique), eq(people.authorityId, viewer.authorityId)));
  if (rows.length !== unique.length) throw new AccessError(404);
  for (const row of rows) if (row.id === viewer.id || !isLeadOf(viewer, row.unitId)) throw new AccessError(403);
  return rows;
}

/** For routes: an AccessError becomes the 403/404 response; anything else is rethrown as is. */
export function accessResponse(error: unknown): unknown {
  if (error instanceof AccessError) return new Response(error.status === 404 ? "Not Found" : "Forbidden", { status: error.status });
  return error;
}
