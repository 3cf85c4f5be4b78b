// The header navigation: one entry per area that does something, shown to the roles it serves.
import type { AccountRole } from "~/auth/roles";
import type de from "~/i18n/locales/de";

export interface NavItem {
  to: string;
  label: `nav.${keyof typeof de.nav}`;
  roles: AccountRole[];
}

export const navigation: NavItem[] = [
  { to: "/", label: "nav.home", roles: ["employee", "lead", "hr", "admin"] },
  { to: "/courses", label: "nav.courses", roles: ["employee", "lead", "hr"] },
  { to: "/profile", label: "nav.profile", roles: ["employee", "lead"] },
  { to: "/events", label: "nav.events", roles: ["employee", "lead", "hr", "admin"] },
  { to: "/team", label: "nav.team", roles: ["lead"] },
  { to: "/hr", label: "nav.hr", roles: ["hr"] },
  { to: "/admin", label: "nav.admin", roles: ["admin"] },
  { to: "/authoring", label: "nav.authoring", roles: ["editor"] },
];

export function navigationFor(roles: readonly AccountRole[]): NavItem[] {
  return navigation.filter((item) => item.roles.some((role) => roles.includes(role)));
}
