// Account roles; one person can hold several (a lead is also an employee with a profile).
export const accountRoles = ["employee", "lead", "hr", "admin"] as const;
export type AccountRole = (typeof accountRoles)[number];
