// Directory sign-in settings an admin edits in /admin/sso: which roles groups may grant and the
// "group = role" lines of the mapping, and the form schema. No server code: the form uses it too.
import * as z from "zod";

export const ssoRoles = ["employee", "lead", "hr"] as const;
export type SsoRole = (typeof ssoRoles)[number];

/**
 * Parses one "group = role" per line. Admin is deliberately not grantable by a group: no role
 * with access to accounts and settings comes from outside Horizont (issue 21, no self-granted roles).
 */
export function parseGroupRoles(text: string): { ok: true; value: Record<string, SsoRole> } | { ok: false; line: number } {
  const value: Record<string, SsoRole> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    const at = line.lastIndexOf("=");
    const group = at > 0 ? line.slice(0, at).trim() : "";
    const role = at > 0 ? line.slice(at + 1).trim().toLowerCase() : "";
    if (!group || group.length > 200 || !(ssoRoles as readonly string[]).includes(role)) return { ok: false, line: i + 1 };
    value[group] = role as SsoRole;
  }
  return { ok: true, value };
}

export function formatGroupRoles(value: Record<string, string>): string {
  return Object.entries(value)
    .map(([group, role]) => `${group} = ${role}`)
    .join("\n");
}

const claimName = /^[A-Za-z0-9_.:/-]{1,100}$/;
const checkbox = z.preprocess((v) => v === "on", z.boolean());
const optionalText = (max: number) => z.preprocess((v) => (typeof v === "string" ? v.trim() : ""), z.string().max(max));

/** The /admin/sso form (client and server): "save" the provider or "remove" it. */
export const ssoSettingsSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("save"),
    issuer: z.url({ error: "sso.admin.errors.issuer", protocol: /^https?$/ }).max(500, "sso.admin.errors.issuer"),
    clientId: z.string({ error: "sso.admin.errors.clientId" }).trim().min(1, "sso.admin.errors.clientId").max(200, "sso.admin.errors.clientId"),
    clientSecret: optionalText(500),
    emailClaim: z.preprocess((v) => (typeof v === "string" && v.trim() ? v.trim() : "email"), z.string().regex(claimName, "sso.admin.errors.claim")),
    groupClaim: z.preprocess((v) => (typeof v === "string" ? v.trim() : ""), z.union([z.literal(""), z.string().regex(claimName, "sso.admin.errors.claim")])),
    groupRoles: optionalText(10_000).superRefine((text, ctx) => {
      const parsed = parseGroupRoles(text);
      if (!parsed.ok) ctx.addIssue({ code: "custom", message: `sso.admin.errors.groupRoles|${JSON.stringify({ line: parsed.line })}` });
    }),
    createOnFirstSignIn: checkbox,
    passwordSignInOff: checkbox,
  }),
  z.object({ intent: z.literal("remove") }),
]);
