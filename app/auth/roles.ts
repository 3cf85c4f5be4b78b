// Account roles; one person can hold several (a lead is also an employee with a profile).
// `editor` (Redaktion) writes, reviews and publishes the authority's own modules (/authoring).
export const accountRoles = ["employee", "lead", "hr", "admin", "editor"] as const;
export type AccountRole = (typeof accountRoles)[number];

export interface RoleHolding {
  roles: readonly string[];
  ledUnitIds?: readonly string[];
}

/**
 * What an admin may not give their own account (docs/security.md, T32): administration is no
 * reason to read profiles, so an admin adds no role they do not hold yet and no unit to lead they
 * do not lead yet; another admin has to. Asked by the account form (/admin/accounts, an admin
 * editing themself) and by directory sign-in (the group roles of a person who is an admin: the
 * mapping is an admin's setting). Empty for someone who is not an admin.
 */
export function ownGrantsRefused(current: RoleHolding, next: RoleHolding): { roles: string[]; ledUnitIds: string[] } {
  if (!current.roles.includes("admin")) return { roles: [], ledUnitIds: [] };
  const roles = next.roles.filter((role) => !current.roles.includes(role));
  const ledUnitIds = next.roles.includes("lead") ? (next.ledUnitIds ?? []).filter((id) => !(current.ledUnitIds ?? []).includes(id)) : [];
  return { roles: [...new Set(roles)], ledUnitIds: [...new Set(ledUnitIds)] };
}
