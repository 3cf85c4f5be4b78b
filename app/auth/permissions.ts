// Who may do what, as typed permissions `action:entity:scope` (the epic-stack's style). A role
// grants permissions; a check names the permission, never the role. Scopes: `own` (the person
// themself), `team` (people and events of the units the person leads), `any` (anyone of the
// person's own authority: other authorities' data never exists for a check, see access.server.ts).
import type { AccountRole } from "./roles";

export type Action = "read" | "write";
export type Entity =
  | "profile" // personal competence data: levels, evidence, gaps, assignments
  | "evidence" // recording evidence (observations, certificates, expiry)
  | "team" // a lead's team page and export
  | "learning" // "Mein Lernen": assignments, recommendations, notifications on the start page
  | "course" // courses, modules, quizzes
  | "module" // authored modules (Redaktion)
  | "event" // managing workshops (create, cancel, attendance)
  | "report" // HR's reports: coverage, exports, people, role descriptions, staffing, imports
  | "legal-change" // Rechtsstand
  | "audit-log"
  | "administration"; // accounts, units, settings, directory sign-in, mail outbox
export type Scope = "own" | "team" | "any";
export type Permission = `${Action}:${Entity}:${Scope}`;

/** What each role grants; a person holds the union over their roles. */
export const grants: Record<AccountRole, readonly Permission[]> = {
  employee: ["read:profile:own", "read:learning:own", "read:course:any"],
  lead: ["read:profile:own", "read:learning:own", "read:course:any", "read:team:own", "write:team:own", "read:profile:team", "write:evidence:team", "write:event:team"],
  hr: ["read:profile:own", "read:course:any", "read:profile:any", "write:evidence:any", "write:event:any", "read:report:any", "write:report:any", "write:legal-change:any", "read:audit-log:any"],
  admin: ["read:profile:own", "read:administration:any", "write:administration:any", "read:audit-log:any"],
  editor: ["read:profile:own", "write:module:any"],
};

/** The part of a signed-in person every check needs (tests and seeds build it by hand). */
export interface Actor {
  id: string;
  authorityId: string;
  roles: readonly AccountRole[];
  ledUnitIds: readonly string[];
}

export function hasPermission(actor: Pick<Actor, "roles">, permission: Permission): boolean {
  return actor.roles.some((role) => grants[role]?.includes(permission));
}

/** True when the actor leads `unitId` (holds the lead role and is recorded as its lead). */
export function leads(actor: Pick<Actor, "roles" | "ledUnitIds">, unitId: string | null | undefined): boolean {
  return !!unitId && actor.roles.includes("lead") && actor.ledUnitIds.includes(unitId);
}

/**
 * The scope under which `action:entity` covers `subject` (a person or something of a unit,
 * already known to be of the actor's authority): `own` first, then `any`, then `team`; null when
 * none does.
 */
export function scopeFor(actor: Actor, action: Action, entity: Entity, subject: { personId?: string | null; unitId?: string | null }): Scope | null {
  if (subject.personId && subject.personId === actor.id && hasPermission(actor, `${action}:${entity}:own`)) return "own";
  if (hasPermission(actor, `${action}:${entity}:any`)) return "any";
  if (leads(actor, subject.unitId) && hasPermission(actor, `${action}:${entity}:team`)) return "team";
  return null;
}
