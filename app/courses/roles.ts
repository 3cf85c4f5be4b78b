// Who takes courses: every staff role (admins without another role administer, they do not learn here).
import type { AccountRole } from "~/auth/roles";

export const learnerRoles: AccountRole[] = ["employee", "lead", "hr"];
