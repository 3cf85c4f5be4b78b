// Single sign-on through an authority's directory (OpenID Connect): the provider each authority
// configured, sign-ins in progress, and which Horizont session came from which provider.
import { boolean, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { sessions } from "./auth";
import { authorities } from "./org";

/** One OpenID provider per authority, set in /admin/sso. */
export const oidcProviders = pgTable("oidc_providers", {
  authorityId: uuid("authority_id")
    .primaryKey()
    .references(() => authorities.id, { onDelete: "cascade" }),
  issuer: text("issuer").notNull(),
  clientId: text("client_id").notNull(),
  /** AES-256-GCM with SECRETS_KEY (app/auth/secrets.server.ts); never stored in clear. */
  clientSecretEncrypted: text("client_secret_encrypted").notNull(),
  emailClaim: text("email_claim").notNull().default("email"),
  groupClaim: text("group_claim"),
  /** Directory group → Horizont role ("employee" | "lead" | "hr"; never "admin"). */
  groupRoles: jsonb("group_roles").$type<Record<string, string>>().notNull().default({}),
  createOnFirstSignIn: boolean("create_on_first_sign_in").notNull().default(false),
  /** Password sign-in off for everybody but admins (break-glass). */
  passwordSignInOff: boolean("password_sign_in_off").notNull().default(false),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A directory sign-in between /auth/oidc and its callback: state, nonce and PKCE verifier stay on
 * the server; the browser holds only the state in an HttpOnly cookie. Used once, then deleted.
 */
export const oidcLoginStates = pgTable("oidc_login_states", {
  state: text("state").primaryKey(),
  authorityId: uuid("authority_id")
    .notNull()
    .references(() => authorities.id, { onDelete: "cascade" }),
  nonce: text("nonce").notNull(),
  codeVerifier: text("code_verifier").notNull(),
  redirectTo: text("redirect_to").notNull().default("/"),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
});

/** The ID token of a session that began at a provider, for RP-initiated logout. */
export const ssoSessions = pgTable("sso_sessions", {
  sessionId: text("session_id")
    .primaryKey()
    .references(() => sessions.id, { onDelete: "cascade" }),
  authorityId: uuid("authority_id")
    .notNull()
    .references(() => authorities.id, { onDelete: "cascade" }),
  idToken: text("id_token").notNull(),
});
