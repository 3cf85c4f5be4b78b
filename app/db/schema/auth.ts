// Sessions (lucia), sign-in attempts for throttling, and processed form submissions.
import { bigserial, boolean, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { people } from "./org";

export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    /** Sign-in time: a session ends SESSION_MAX_DAYS after it however often it is used. */
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/**
 * Failed and successful sign-ins, keyed by account ("email:…") and by client address ("ip:…").
 * Kept in the database so throttling holds across app instances.
 */
export const loginAttempts = pgTable(
  "login_attempts",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    key: text("key").notNull(),
    succeeded: boolean("succeeded").notNull(),
    attemptedAt: timestamp("attempted_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("login_attempts_key_time_idx").on(t.key, t.attemptedAt)],
);

/**
 * One row per processed form submission id: a mutation inserts its submission id in the same
 * transaction, so a double submit (same form sent twice) is applied once.
 */
export const formSubmissions = pgTable("form_submissions", {
  id: uuid("id").primaryKey(),
  personId: uuid("person_id").references(() => people.id, { onDelete: "cascade" }),
  /** Where the first submission redirected, so the repeat lands on the same page. */
  result: text("result"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * One-time links to set a password (new accounts, imported accounts, resets). Only the SHA-256
 * of the token is stored; the link itself is shown once to the admin or HR who created it.
 */
export const passwordTokens = pgTable("password_tokens", {
  tokenHash: text("token_hash").primaryKey(),
  personId: uuid("person_id")
    .notNull()
    .references(() => people.id, { onDelete: "cascade" }),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  usedAt: timestamp("used_at", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
