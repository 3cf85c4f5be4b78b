// Directory sign-in (OpenID Connect, authorization code flow with PKCE, state and nonce) through
// the provider an authority configured: start, callback (linking, roles, audit) and sign-out.
import crypto from "node:crypto";
import { and, asc, eq, lt, sql } from "drizzle-orm";
import * as oidc from "openid-client";
import { audit } from "~/audit/audit.server";
import type { Queryable } from "~/db/client.server";
import { authorities, oidcLoginStates, oidcProviders, people, personRoles, ssoSessions } from "~/db/schema";
import { getEnv } from "~/env.server";
import { decryptSecret } from "./secrets.server";
import { ownGrantsRefused } from "./roles";
import { ssoRoles, type SsoRole } from "./sso-settings";

export interface ProviderConfig {
  authorityId: string;
  authorityName: string;
  authoritySlug: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  emailClaim: string;
  groupClaim: string | null;
  groupRoles: Record<string, SsoRole>;
  createOnFirstSignIn: boolean;
  passwordSignInOff: boolean;
  /** "env": from OIDC_* settings (first authority, nothing stored in /admin/sso). */
  source: "admin" | "env";
}

/** Why a directory sign-in was refused; each has a German/English page text (login.sso.*). */
export type SsoRefusal =
  | "state" // no sign-in in progress, wrong or expired state
  | "code" // the provider refused the code (replayed, expired, for another client)
  | "token" // ID token invalid: issuer, audience, signature, nonce or expiry
  | "provider" // the provider reported an error (e.g. the user cancelled)
  | "unavailable" // the provider cannot be reached
  | "unverified" // email_verified not true, or no e-mail claim
  | "unknown" // no person of this authority with that e-mail
  | "deactivated"; // the person's account is deactivated

export class SsoError extends Error {
  constructor(
    readonly reason: SsoRefusal,
    readonly authorityId: string | null,
    detail?: string,
  ) {
    super(detail ?? reason);
  }
}

const LOGIN_STATE_MINUTES = 10;
export const STATE_COOKIE = "horizont_oidc";

function isLoopback(url: URL) {
  return ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
}

/** Whether an issuer URL may be used: https, or http on loopback when OIDC_ALLOW_INSECURE_LOOPBACK is set. */
export function issuerAllowed(issuer: string): boolean {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return false;
  }
  if (url.protocol === "https:") return true;
  return url.protocol === "http:" && isLoopback(url) && getEnv().OIDC_ALLOW_INSECURE_LOOPBACK === true;
}

/** The provider of each authority that has one: stored settings, or OIDC_* for the first authority. */
export async function listProviders(db: Queryable): Promise<ProviderConfig[]> {
  const rows = await db
    .select({ provider: oidcProviders, name: authorities.name, slug: authorities.slug })
    .from(oidcProviders)
    .innerJoin(authorities, eq(authorities.id, oidcProviders.authorityId));
  const configs: ProviderConfig[] = [];
  for (const { provider: p, name, slug } of rows) {
    let clientSecret: string;
    try {
      clientSecret = decryptSecret(p.clientSecretEncrypted, p.authorityId);
    } catch {
      continue; // SECRETS_KEY missing or changed: this provider cannot be used (documented)
    }
    configs.push({
      authorityId: p.authorityId,
      authorityName: name,
      authoritySlug: slug,
      issuer: p.issuer,
      clientId: p.clientId,
      clientSecret,
      emailClaim: p.emailClaim,
      groupClaim: p.groupClaim,
      groupRoles: p.groupRoles as Record<string, SsoRole>,
      createOnFirstSignIn: p.createOnFirstSignIn,
      passwordSignInOff: p.passwordSignInOff,
      source: "admin",
    });
  }
  const env = getEnv();
  if (env.OIDC_ISSUER && env.OIDC_CLIENT_ID) {
    const [first] = await db
      .select({ id: authorities.id, name: authorities.name, slug: authorities.slug })
      .from(authorities)
      .where(env.OIDC_AUTHORITY ? eq(authorities.slug, env.OIDC_AUTHORITY) : undefined)
      .orderBy(asc(authorities.createdAt), asc(authorities.slug))
      .limit(1);
    if (first && !rows.some((r) => r.provider.authorityId === first.id)) {
      configs.push({
        authorityId: first.id,
        authorityName: first.name,
        authoritySlug: first.slug,
        issuer: env.OIDC_ISSUER,
        clientId: env.OIDC_CLIENT_ID,
        clientSecret: env.OIDC_CLIENT_SECRET ?? "",
        emailClaim: "email",
        groupClaim: null,
        groupRoles: {},
        createOnFirstSignIn: false,
        passwordSignInOff: false,
        source: "env",
      });
    }
  }
  return configs.filter((c) => issuerAllowed(c.issuer));
}

export async function findProvider(db: Queryable, authorityId: string) {
  return (await listProviders(db)).find((p) => p.authorityId === authorityId) ?? null;
}

// Discovery documents are cached per issuer and client for a few minutes; failures are not cached.
const discoveries = new Map<string, { at: number; config: Promise<oidc.Configuration> }>();
const DISCOVERY_TTL_MS = 5 * 60_000;

export function discover(provider: ProviderConfig): Promise<oidc.Configuration> {
  const cacheKey = [provider.issuer, provider.clientId, crypto.createHash("sha256").update(provider.clientSecret).digest("hex")].join("|");
  const hit = discoveries.get(cacheKey);
  if (hit && Date.now() - hit.at < DISCOVERY_TTL_MS) return hit.config;
  const insecure = new URL(provider.issuer).protocol === "http:";
  const config = oidc
    .discovery(new URL(provider.issuer), provider.clientId, undefined, oidc.ClientSecretPost(provider.clientSecret), {
      execute: insecure ? [oidc.allowInsecureRequests] : [],
      timeout: 5,
    })
    .catch((error: unknown) => {
      discoveries.delete(cacheKey);
      throw new SsoError("unavailable", provider.authorityId, String(error));
    });
  discoveries.set(cacheKey, { at: Date.now(), config });
  return config;
}

export function redirectUri(origin: string) {
  return `${origin}/auth/oidc/callback`;
}

/** Starts a sign-in: stores state, nonce and PKCE verifier; returns the provider's URL and the state. */
export async function startSignIn(db: Queryable, provider: ProviderConfig, origin: string, redirectTo: string, now = new Date()) {
  const config = await discover(provider);
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const codeVerifier = oidc.randomPKCECodeVerifier();
  await db.delete(oidcLoginStates).where(lt(oidcLoginStates.expiresAt, now));
  await db.insert(oidcLoginStates).values({
    state,
    nonce,
    codeVerifier,
    authorityId: provider.authorityId,
    redirectTo,
    expiresAt: new Date(now.getTime() + LOGIN_STATE_MINUTES * 60_000),
  });
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri(origin),
    scope: provider.groupClaim ? "openid email profile groups" : "openid email profile",
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
    state,
    nonce,
  });
  return { url: url.href, state, maxAgeSeconds: LOGIN_STATE_MINUTES * 60 };
}

/** Reads and removes the sign-in in progress named by `state`; the cookie must carry the same state. */
async function takeLoginState(db: Queryable, state: string | null, cookieState: string | null, now: Date) {
  if (!state || !cookieState || state.length !== cookieState.length || !crypto.timingSafeEqual(Buffer.from(state), Buffer.from(cookieState))) {
    throw new SsoError("state", null);
  }
  const [row] = await db.delete(oidcLoginStates).where(eq(oidcLoginStates.state, state)).returning();
  if (!row) throw new SsoError("state", null);
  if (row.expiresAt < now) throw new SsoError("state", row.authorityId);
  return row;
}

function refusalOf(error: unknown, authorityId: string): SsoError {
  if (error instanceof SsoError) return error;
  if (error instanceof oidc.AuthorizationResponseError) return new SsoError("provider", authorityId, error.error);
  if (error instanceof oidc.ResponseBodyError) return new SsoError("code", authorityId, error.error);
  if (error instanceof Error && "code" in error) {
    const code = String((error as { code: unknown }).code);
    if (code === "OAUTH_TIMEOUT" || code === "OAUTH_RESPONSE_IS_NOT_CONFORM" && /fetch/i.test(error.message)) return new SsoError("unavailable", authorityId, error.message);
    if (code.startsWith("OAUTH_") || code.startsWith("ERR_JW")) return new SsoError("token", authorityId, `${code}: ${error.message}`);
  }
  if (error instanceof TypeError) return new SsoError("unavailable", authorityId, String(error.cause ?? error.message));
  return new SsoError("token", authorityId, error instanceof Error ? error.message : String(error));
}

export interface SsoSignIn {
  personId: string;
  authorityId: string;
  redirectTo: string;
  idToken: string;
}

/**
 * Completes a sign-in: checks state, exchanges the code (PKCE), validates the ID token (issuer,
 * audience, signature, nonce, expiry: openid-client), links the verified e-mail to an active
 * person of the authority (or creates one if the admin allowed it) and applies mapped roles.
 * Throws SsoError for every refusal; the caller audits it.
 */
export async function completeSignIn(
  db: Queryable,
  input: { callbackUrl: URL; cookieState: string | null },
  now = new Date(),
): Promise<SsoSignIn> {
  const login = await takeLoginState(db, input.callbackUrl.searchParams.get("state"), input.cookieState, now);
  const provider = await findProvider(db, login.authorityId);
  if (!provider) throw new SsoError("unavailable", login.authorityId, "provider no longer configured");
  let claims: oidc.IDToken;
  let idToken: string;
  try {
    const config = await discover(provider);
    const tokens = await oidc.authorizationCodeGrant(config, input.callbackUrl, {
      pkceCodeVerifier: login.codeVerifier,
      expectedState: login.state,
      expectedNonce: login.nonce,
      idTokenExpected: true,
    });
    const parsed = tokens.claims();
    if (!parsed || !tokens.id_token) throw new SsoError("token", provider.authorityId, "no ID token");
    claims = parsed;
    idToken = tokens.id_token;
  } catch (error) {
    throw refusalOf(error, provider.authorityId);
  }
  const rawEmail = claims[provider.emailClaim];
  if (claims.email_verified !== true || typeof rawEmail !== "string" || !rawEmail.includes("@")) {
    throw new SsoError("unverified", provider.authorityId);
  }
  const email = rawEmail.trim().toLowerCase();
  const personId = await db.transaction(async (tx) => {
    const [person] = await tx
      .select({ id: people.id, authorityId: people.authorityId, active: people.active, deactivatedAt: people.deactivatedAt })
      .from(people)
      .where(eq(people.email, email));
    let id: string;
    if (!person || person.authorityId !== provider.authorityId) {
      if (person || !provider.createOnFirstSignIn) throw new SsoError("unknown", provider.authorityId, email);
      id = await createFromDirectory(tx, provider, email, claims);
    } else if (!person.active) {
      // Deactivated by an admin: refused. Imported and never onboarded: the directory vouches for
      // the person as a set-password link would, so the first directory sign-in activates them.
      if (person.deactivatedAt) throw new SsoError("deactivated", provider.authorityId, email);
      await tx.update(people).set({ active: true, updatedAt: now }).where(eq(people.id, person.id));
      await audit(tx, { authorityId: provider.authorityId, actorId: person.id, action: "sso.activate", subjectPersonId: person.id });
      id = person.id;
    } else {
      id = person.id;
    }
    await applyGroupRoles(tx, provider, id, claims);
    await audit(tx, { authorityId: provider.authorityId, actorId: id, action: "sso.sign-in", subjectPersonId: id, details: { issuer: provider.issuer } });
    return id;
  });
  return { personId, authorityId: provider.authorityId, redirectTo: login.redirectTo, idToken };
}

async function createFromDirectory(db: Queryable, provider: ProviderConfig, email: string, claims: oidc.IDToken) {
  const text = (v: unknown) => (typeof v === "string" ? v.trim().slice(0, 100) : "");
  const name = text(claims.name).split(/\s+/);
  const givenName = text(claims.given_name) || name.slice(0, -1).join(" ") || email.split("@")[0]!;
  const familyName = text(claims.family_name) || name.at(-1) || "";
  const [row] = await db
    .insert(people)
    .values({ authorityId: provider.authorityId, email, givenName, familyName, unitId: null, active: true })
    .returning({ id: people.id });
  await db.insert(personRoles).values({ personId: row!.id, role: "employee" });
  await audit(db, { authorityId: provider.authorityId, actorId: row!.id, action: "sso.create", subjectPersonId: row!.id, details: { email } });
  return row!.id;
}

/**
 * Roles named in the mapping follow the person's groups at each sign-in; other roles stay as they
 * are. A person who is an admin gains no role this way that the account form would refuse them
 * (`ownGrantsRefused`, docs/security.md T32): the mapping is an admin's own setting, so it must not
 * make them HR. Such roles are skipped and named in the audit entry ("skipped"); removals apply.
 */
async function applyGroupRoles(db: Queryable, provider: ProviderConfig, personId: string, claims: oidc.IDToken) {
  if (!provider.groupClaim) return;
  const managed = new Set(Object.values(provider.groupRoles).filter((r): r is SsoRole => ssoRoles.includes(r)));
  if (managed.size === 0) return;
  const raw = claims[provider.groupClaim];
  const groups = Array.isArray(raw) ? raw.filter((g): g is string => typeof g === "string") : typeof raw === "string" ? [raw] : [];
  const wanted = new Set(groups.map((g) => provider.groupRoles[g]).filter((r): r is SsoRole => !!r && managed.has(r)));
  const current = new Set(
    (await db.select({ role: personRoles.role }).from(personRoles).where(eq(personRoles.personId, personId))).map((r) => r.role as string),
  );
  const removed = [...managed].filter((r) => current.has(r) && !wanted.has(r));
  const refused = new Set(ownGrantsRefused({ roles: [...current] }, { roles: [...wanted] }).roles);
  const added = [...wanted].filter((r) => !current.has(r) && !refused.has(r));
  const skipped = [...wanted].filter((r) => refused.has(r));
  if (added.length) await db.insert(personRoles).values(added.map((role) => ({ personId, role }))).onConflictDoNothing();
  for (const role of removed) await db.delete(personRoles).where(and(eq(personRoles.personId, personId), eq(personRoles.role, role)));
  if (added.length || removed.length || skipped.length) {
    await audit(db, {
      authorityId: provider.authorityId,
      actorId: null,
      action: "sso.roles",
      subjectPersonId: personId,
      details: { added, removed, ...(skipped.length ? { skipped } : {}), groups },
    });
  }
}

/** Audits a refused directory sign-in (the only thing a refusal writes). */
export async function auditRefusal(db: Queryable, error: SsoError) {
  await audit(db, { authorityId: error.authorityId, actorId: null, action: "sso.refused", details: { reason: error.reason, detail: error.message.slice(0, 300) } });
}

export async function rememberSsoSession(db: Queryable, sessionId: string, authorityId: string, idToken: string) {
  await db.insert(ssoSessions).values({ sessionId, authorityId, idToken });
}

/** Where to send the browser after the Horizont session ended: the provider's end_session_endpoint, if any. */
export async function endSessionUrl(db: Queryable, sessionId: string, postLogoutRedirectUri: string): Promise<string | null> {
  const [row] = await db.select().from(ssoSessions).where(eq(ssoSessions.sessionId, sessionId));
  if (!row) return null;
  const provider = await findProvider(db, row.authorityId);
  if (!provider) return null;
  try {
    const config = await discover(provider);
    if (!config.serverMetadata().end_session_endpoint) return null;
    return oidc.buildEndSessionUrl(config, { id_token_hint: row.idToken, post_logout_redirect_uri: postLogoutRedirectUri }).href;
  } catch {
    return null; // provider down: the Horizont session is ended all the same
  }
}

/** Whether password sign-in is off for this person (admins always keep it: break-glass). */
export async function passwordSignInBlocked(db: Queryable, personId: string): Promise<boolean> {
  const [person] = await db.select({ authorityId: people.authorityId }).from(people).where(eq(people.id, personId));
  if (!person) return false;
  const provider = await findProvider(db, person.authorityId);
  if (!provider?.passwordSignInOff) return false;
  const [admin] = await db.select({ n: sql<number>`1` }).from(personRoles).where(and(eq(personRoles.personId, personId), eq(personRoles.role, "admin")));
  return !admin;
}
