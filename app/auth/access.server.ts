// The one access mechanism every loader and action uses: who is signed in, which account roles
// they hold, which authority they belong to, which units they lead.
import { redirect } from "@remix-run/node";
import { sql } from "drizzle-orm";
import { getDb, rowsOf, type Queryable } from "~/db/client.server";
import type { AccountRole } from "./roles";
import { getLucia } from "./lucia.server";

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

export async function loadViewer(sessionId: string | null, db: Queryable = getDb()): Promise<Viewer | null> {
  if (!sessionId) return null;
  const { session, user } = await getLucia().validateSession(sessionId);
  if (!session || !user) return null;
  if (!user.active) {
    await getLucia().invalidateUserSessions(user.id);
    return null;
  }
  const [grants] = rowsOf<{ roles: AccountRole[]; units: string[] }>(
    await db.execute(sql`
      select array(select role::text from person_roles where person_id = ${user.id} order by 1) as roles,
             array(select unit_id::text from unit_leads where person_id = ${user.id}) as units`),
  );
  return {
    id: user.id,
    sessionId: session.id,
    authorityId: user.authorityId,
    email: user.email,
    givenName: user.givenName,
    familyName: user.familyName,
    locale: user.locale,
    unitId: user.unitId,
    roles: grants?.roles ?? [],
    ledUnitIds: grants?.units ?? [],
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
