// /admin/sso: reads and stores an authority's OpenID provider (the client secret encrypted).
import { eq } from "drizzle-orm";
import type { Queryable } from "~/db/client.server";
import { oidcProviders } from "~/db/schema";
import { encryptSecret } from "./secrets.server";
import type { SsoRole } from "./sso-settings";

export async function getProviderSettings(db: Queryable, authorityId: string) {
  const [row] = await db.select().from(oidcProviders).where(eq(oidcProviders.authorityId, authorityId));
  if (!row) return null;
  // The secret never leaves the server, not even encrypted.
  const { clientSecretEncrypted: _secret, ...rest } = row;
  return rest;
}

export interface ProviderInput {
  issuer: string;
  clientId: string;
  /** Empty: keep the stored secret. */
  clientSecret: string;
  emailClaim: string;
  groupClaim: string;
  groupRoles: Record<string, SsoRole>;
  createOnFirstSignIn: boolean;
  passwordSignInOff: boolean;
}

export async function saveProviderSettings(db: Queryable, authorityId: string, input: ProviderInput, now = new Date()) {
  const [existing] = await db.select({ secret: oidcProviders.clientSecretEncrypted }).from(oidcProviders).where(eq(oidcProviders.authorityId, authorityId));
  const secret = input.clientSecret ? encryptSecret(input.clientSecret, authorityId) : existing?.secret;
  if (!secret) throw new Error("client secret required");
  const values = {
    issuer: input.issuer.replace(/\/+$/, ""),
    clientId: input.clientId,
    clientSecretEncrypted: secret,
    emailClaim: input.emailClaim,
    groupClaim: input.groupClaim || null,
    groupRoles: input.groupRoles,
    createOnFirstSignIn: input.createOnFirstSignIn,
    passwordSignInOff: input.passwordSignInOff,
    updatedAt: now,
  };
  await db.insert(oidcProviders).values({ authorityId, ...values }).onConflictDoUpdate({ target: oidcProviders.authorityId, set: values });
}

export async function removeProviderSettings(db: Queryable, authorityId: string) {
  await db.delete(oidcProviders).where(eq(oidcProviders.authorityId, authorityId));
}
