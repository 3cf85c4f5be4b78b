// The one access mechanism every loader and action uses: who is signed in, which account roles
// they hold, which authority they belong to, which units they lead.
import { redirect } from "@remix-run/node";
import { sql } from "drizzle-orm";
import { getDb, rowsOf, type Queryable } from "~/db/client.server";
import type { AccountRole } from "./roles";
import { getLucia, SESSION_EXPIRES_IN } from "./lucia.server";

export interface Viewer {
  id: string;
  sessionId: string;
  authorityId: string;
  email: string;
  givenName: string;
  familyName: string;
  locale: string | null;
  unitId: string | null;
  roles: AccountRole[];
  ledUnitIds: string[];
}

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
 * Session, person, roles and led units in one query (this runs on every request). It applies
 * lucia's validateSession rules itself: an expired session is deleted, one past half its
 * lifetime is extended; sessions are still created and ended through lucia.
 */
export async function loadViewer(sessionId: string | null, db: Queryable = getDb()): Promise<Viewer | null> {
  if (!sessionId) return null;
  const [row] = rowsOf<{
    expires_at: Date | string;
    id: string;
    authority_id: string;
    email: string;
    given_name: string;
    family_name: string;
    active: boolean;
    locale: string | null;
    unit_id: string | null;
    roles: AccountRole[];
    units: string[];
  }>(
    await db.execute(sql`
      select s.expires_at, p.id, p.authority_id, p.email, p.given_name, p.family_name, p.active, p.locale, p.unit_id,
             array(select role::text from person_roles where person_id = p.id order by 1) as roles,
             array(select unit_id::text from unit_leads where person_id = p.id) as units
      from sessions s join people p on p.id = s.user_id
      where s.id = ${sessionId}`),
  );
  if (!row) return null;
  const expiresAt = new Date(row.expires_at).getTime();
  const now = Date.now();
  if (expiresAt <= now) {
    await db.execute(sql`delete from sessions where id = ${sessionId}`);
    return null;
  }
  if (!row.active) {
    await db.execute(sql`delete from sessions where user_id = ${row.id}`);
    return null;
  }
  const lifetime = SESSION_EXPIRES_IN.milliseconds();
  if (expiresAt - lifetime / 2 <= now)
    await db.execute(sql`update sessions set expires_at = ${new Date(now + lifetime).toISOString()}::timestamptz where id = ${sessionId}`);
  return {
    id: row.id,
    sessionId,
    authorityId: row.authority_id,
    email: row.email,
    givenName: row.given_name,
    familyName: row.family_name,
    locale: row.locale,
    unitId: row.unit_id,
    roles: row.roles ?? [],
    ledUnitIds: row.units ?? [],
  };
}

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

export function hasRole(viewer: Viewer, ...roles: AccountRole[]) {
  return roles.some((role) => viewer.roles.includes(role));
}

/** The signed-in person holding at least one of `roles`; anyone else gets 403. */
export async function requireRole(request: Request, ...roles: AccountRole[]): Promise<Viewer> {
  const viewer = await requireUser(request);
  if (!hasRole(viewer, ...roles)) throw forbidden();
  return viewer;
}

export function leads(viewer: Viewer, unitId: string | null | undefined) {
  return !!unitId && hasRole(viewer, "lead") && viewer.ledUnitIds.includes(unitId);
}

/** 403 unless the viewer leads `unitId`. */
export function requireLeadOf(viewer: Viewer, unitId: string | null | undefined) {
  if (!leads(viewer, unitId)) throw forbidden();
}

/** 404 unless `row` belongs to the viewer's authority: other authorities' data does not exist for them. */
export function requireSameAuthority<T extends { authorityId: string }>(viewer: Viewer, row: T | undefined | null): T {
  if (!row || row.authorityId !== viewer.authorityId) throw notFound();
  return row;
}

export function forbidden() {
  return new Response("Forbidden", { status: 403, statusText: "Forbidden" });
}

export function notFound() {
  return new Response("Not Found", { status: 404, statusText: "Not Found" });
}
