// The one access module every loader, action and domain function uses: who is signed in (lucia
// validates the session), which permissions their roles grant (`./permissions.ts`), and the
// checks on rows. Every refusal is a thrown Response: 403 for someone of the same authority
// without the right, 404 for rows of another authority (they do not exist for the viewer).
import { redirect } from "@remix-run/node";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { getDb, type Db, type Queryable } from "~/db/client.server";
import { people, personRoles, sessions, unitLeads, units } from "~/db/schema";
import type { ErrorMessageKey } from "~/i18n/i18n";
import { getSettings } from "~/org/settings.server";
import { getLucia, sessionLimits } from "./lucia.server";
import { hasPermission, leads, scopeFor, type Actor, type Permission } from "./permissions";
import type { AccountRole } from "./roles";

export { hasPermission, leads, scopeFor, type Actor, type Permission } from "./permissions";

export interface Viewer extends Actor {
  sessionId: string;
  email: string;
  givenName: string;
  familyName: string;
  locale: string | null;
  unitId: string | null;
  roles: AccountRole[];
  ledUnitIds: string[];
}

export function forbidden() {
  return new Response("Forbidden", { status: 403, statusText: "Forbidden" });
}

/** A 404; with a message key (the body) the error page says what is gone instead of "page not found". */
export function notFound(messageKey?: ErrorMessageKey) {
  return new Response(messageKey ?? "Not Found", { status: 404, statusText: "Not Found" });
}

// ---- Sessions ----

const perRequest = new WeakMap<Request, Promise<Viewer | null>>();

export function readSessionId(request: Request): string | null {
  return getLucia().readSessionCookie(request.headers.get("Cookie") ?? "");
}

/** The signed-in person, or null. Memoised per request (root and route loaders share it). */
export function getViewer(request: Request): Promise<Viewer | null> {
  let viewer = perRequest.get(request);
  if (!viewer) {
    viewer = loadViewer(readSessionId(request));
    perRequest.set(request, viewer);
  }
  return viewer;
}

/**
 * lucia validates the session through its adapter (unknown or expired: null; past half its
 * lifetime: extended); on top, a session ends SESSION_MAX_DAYS after sign-in, and a deactivated
 * person's sessions end. Roles and led units are read alongside, keyed by the session id.
 */
export async function loadViewer(sessionId: string | null, db: Db = getDb()): Promise<Viewer | null> {
  if (!sessionId) return null;
  const lucia = getLucia(db);
  const owner = db.select({ id: sessions.userId }).from(sessions).where(eq(sessions.id, sessionId));
  const [{ session, user }, roles, led] = await Promise.all([
    lucia.validateSession(sessionId),
    db.select({ role: personRoles.role }).from(personRoles).where(inArray(personRoles.personId, owner)).orderBy(asc(sql`${personRoles.role}::text`)),
    db.select({ unitId: unitLeads.unitId }).from(unitLeads).where(inArray(unitLeads.personId, owner)),
  ]);
  if (!session) return null;
  if (!user.active) {
    await lucia.invalidateUserSessions(user.id);
    return null;
  }
  const endsAt = session.createdAt.getTime() + sessionLimits().absoluteMs;
  if (endsAt <= Date.now()) {
    await lucia.invalidateSession(session.id);
    return null;
  }
  if (session.expiresAt.getTime() > endsAt) await db.update(sessions).set({ expiresAt: new Date(endsAt) }).where(eq(sessions.id, session.id));
  return {
    id: user.id,
    sessionId: session.id,
    authorityId: user.authorityId,
    email: user.email,
    givenName: user.givenName,
    familyName: user.familyName,
    locale: user.locale,
    unitId: user.unitId,
    roles: roles.map((r) => r.role),
    ledUnitIds: led.map((l) => l.unitId),
  };
}

// ---- Checks for loaders and actions ----

/** The signed-in person; anonymous requests are sent to /login and come back afterwards. */
export async function requireUser(request: Request): Promise<Viewer> {
  const viewer = await getViewer(request);
  if (!viewer) {
    const url = new URL(request.url);
    const back = url.pathname + url.search;
    throw redirect(`/login?${new URLSearchParams({ redirectTo: back })}`);
  }
  return viewer;
}

/** The signed-in person holding at least one of `permissions`; anyone else gets 403. */
export async function requirePermission(request: Request, ...permissions: Permission[]): Promise<Viewer> {
  const viewer = await requireUser(request);
  assertPermission(viewer, ...permissions);
  return viewer;
}

/** 403 unless `actor` holds at least one of `permissions` (for domain functions). */
export function assertPermission(actor: Pick<Actor, "roles">, ...permissions: Permission[]) {
  if (!permissions.some((permission) => hasPermission(actor, permission))) throw forbidden();
}

// ---- Personal competence data: the person, their own lead (where allowed), HR ----

export interface SubjectPerson {
  id: string;
  authorityId: string;
  unitId: string | null;
  givenName: string;
  familyName: string;
  roleDescriptionId: string | null;
}

const subjectColumns = {
  id: people.id,
  authorityId: people.authorityId,
  unitId: people.unitId,
  givenName: people.givenName,
  familyName: people.familyName,
  roleDescriptionId: people.roleDescriptionId,
};

export type Relation = "self" | "hr" | "lead";
const relations = { own: "self", any: "hr", team: "lead" } as const;

/** The person whose profile `actor` may open and how they relate (read:profile:own|any|team). */
export async function profileAccess(db: Queryable, actor: Actor, personId: string): Promise<{ person: SubjectPerson; relation: Relation }> {
  const [person] = await db
    .select(subjectColumns)
    .from(people)
    .where(and(eq(people.id, personId), eq(people.authorityId, actor.authorityId)));
  if (!person) throw notFound();
  const scope = scopeFor(actor, "read", "profile", { personId: person.id, unitId: person.unitId });
  if (!scope) throw forbidden();
  if (scope === "team" && !(await getSettings(db, actor.authorityId)).leadsSeeIndividualProfiles) throw forbidden();
  return { person, relation: relations[scope] };
}

/** The units a lead's team page may show (read:team:own); a unit asked for must be one of them. */
export async function teamUnitAccess(db: Queryable, actor: Actor, unitId?: string): Promise<{ id: string; name: string }[]> {
  if (!hasPermission(actor, "read:team:own") || actor.ledUnitIds.length === 0) throw forbidden();
  if (unitId) {
    const [unit] = await db.select({ authorityId: units.authorityId }).from(units).where(eq(units.id, unitId));
    if (!unit || unit.authorityId !== actor.authorityId) throw notFound();
    if (!leads(actor, unitId)) throw forbidden();
  }
  const led = await db
    .select({ id: units.id, name: units.name })
    .from(units)
    .where(and(eq(units.authorityId, actor.authorityId), inArray(units.id, [...actor.ledUnitIds])))
    .orderBy(units.name);
  if (led.length === 0) throw forbidden();
  return led;
}

/**
 * The members named in a lead's form, all of whom must belong to a unit the lead leads.
 * Someone of another authority (or no one) → 404; someone outside the lead's units → 403.
 * The lead is not their own member: their own evidence is theirs or HR's to record.
 */
export async function requireMembers(db: Queryable, actor: Actor, personIds: readonly string[]): Promise<SubjectPerson[]> {
  const unique = [...new Set(personIds)];
  if (unique.length === 0) throw notFound();
  const rows = await db
    .select(subjectColumns)
    .from(people)
    .where(and(inArray(people.id, unique), eq(people.authorityId, actor.authorityId)));
  if (rows.length !== unique.length) throw notFound();
  for (const row of rows) if (row.id === actor.id || !leads(actor, row.unitId)) throw forbidden();
  return rows;
}
