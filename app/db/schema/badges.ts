// Open Badges 3.0 credentials and xAPI statements (docs/decisions/013-open-badges-and-xapi.md).
// An authority's signing keys (secret half encrypted with SECRETS_KEY), the credentials it issued
// (with their place in its revocation list), and the xAPI statements queued for a learning
// record store (delivered by the same claim/lease/retry worker as the mail outbox).
import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { outboxStatus } from "./mail";
import { authorities, people } from "./org";

/** Ed25519 keys of an authority; the newest unretired one signs, retired ones still verify. */
export const badgeKeys = pgTable(
  "badge_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    authorityId: uuid("authority_id")
      .notNull()
      .references(() => authorities.id, { onDelete: "cascade" }),
    publicKeyMultibase: text("public_key_multibase").notNull(),
    /** secretKeyMultibase, AES-256-GCM with SECRETS_KEY, bound to the key id. */
    secretKeyEncrypted: text("secret_key_encrypted").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** Rotated out: signs nothing new, still verifies what it signed. */
    retiredAt: timestamp("retired_at", { withTimezone: true }),
  },
  (t) => [
    index("badge_keys_authority_idx").on(t.authorityId),
    // At most one signing key per authority (two first downloads at once cannot both create one).
    uniqueIndex("badge_keys_active_uq").on(t.authorityId).where(sql`${t.retiredAt} is null`),
  ],
);

/** Signed credentials: at most one unrevoked per person and achievement (a course or an attended event). */
export const badgeCredentials = pgTable(
  "badge_credentials",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    authorityId: uuid("authority_id")
      .notNull()
      .references(() => authorities.id, { onDelete: "cascade" }),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    /** "course:<courseId>" or "event:<eventId>". */
    achievement: text("achievement").notNull(),
    /** The certificate code shown on /certificates/<code>. */
    code: text("code").notNull(),
    /** Position in the authority's Bitstring Status List (random, so neighbours reveal nothing). */
    statusIndex: integer("status_index").notNull(),
    credential: jsonb("credential").$type<Record<string, unknown>>().notNull(),
    issuedAt: timestamp("issued_at", { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    revokedBy: uuid("revoked_by").references(() => people.id, { onDelete: "set null" }),
  },
  (t) => [
    // One valid credential per person and achievement: a revoked one does not block a new one
    // (attendance corrected and confirmed again, a course credential revoked and downloaded again).
    uniqueIndex("badge_credentials_person_achievement_uq").on(t.personId, t.achievement).where(sql`${t.revokedAt} is null`),
    // Revoked places stay taken: their bit stays set in the status list.
    uniqueIndex("badge_credentials_status_uq").on(t.authorityId, t.statusIndex),
    // A course credential keeps the course certificate's code, also when issued anew after a revocation.
    uniqueIndex("badge_credentials_code_uq").on(t.code).where(sql`${t.revokedAt} is null`),
  ],
);

/** xAPI 1.0.3 statements: written with the learning event, sent to XAPI_ENDPOINT by the worker. */
export const xapiStatements = pgTable(
  "xapi_statements",
  {
    /** The statement id: the LRS keeps one statement per id, so a repeated send adds nothing. */
    id: uuid("id").primaryKey(),
    authorityId: uuid("authority_id")
      .notNull()
      .references(() => authorities.id, { onDelete: "cascade" }),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    /** One statement per learning event, e.g. "attempt:<id>:passed". */
    dedupeKey: text("dedupe_key").notNull(),
    statement: jsonb("statement").$type<Record<string, unknown>>().notNull(),
    status: outboxStatus("status").notNull().default("pending"),
    tries: integer("tries").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("xapi_statements_dedupe_uq").on(t.dedupeKey),
    index("xapi_statements_due_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index("xapi_statements_person_idx").on(t.personId, t.createdAt),
  ],
);
