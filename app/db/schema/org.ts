// Authorities, their org units (a tree), people and their account roles.
import { sql } from "drizzle-orm";
import {
  boolean,
  index,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";
import { roleDescriptions } from "./competences";

export const authorities = pgTable("authorities", {
  id: uuid("id").primaryKey().defaultRandom(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  /** Settings an admin may change, validated by `authoritySettingsSchema` (app/org/settings.ts). */
  settings: jsonb("settings").notNull().default(sql`'{}'::jsonb`),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const units = pgTable(
  "units",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    authorityId: uuid("authority_id")
      .notNull()
      .references(() => authorities.id, { onDelete: "cascade" }),
    parentId: uuid("parent_id").references((): AnyPgColumn => units.id, { onDelete: "restrict" }),
    name: text("name").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("units_authority_idx").on(t.authorityId),
    uniqueIndex("units_authority_parent_name_uq").on(t.authorityId, t.parentId, t.name),
  ],
);

export const people = pgTable(
  "people",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    authorityId: uuid("authority_id")
      .notNull()
      .references(() => authorities.id, { onDelete: "cascade" }),
    unitId: uuid("unit_id").references(() => units.id, { onDelete: "set null" }),
    /** The person's role description (Stellenbeschreibung); see schema/competences.ts. */
    roleDescriptionId: uuid("role_description_id").references((): AnyPgColumn => roleDescriptions.id, {
      onDelete: "set null",
    }),
    /** Stored lower-case; unique across the installation because it is the sign-in name. */
    email: text("email").notNull(),
    givenName: text("given_name").notNull(),
    familyName: text("family_name").notNull(),
    /** Full-time equivalent, 0 < fte <= 1. */
    fte: numeric("fte", { precision: 4, scale: 3, mode: "number" }).notNull().default(1),
    active: boolean("active").notNull().default(true),
    /**
     * Set when an admin deactivates the account, cleared when an admin reactivates it. An
     * inactive account without it is one not yet onboarded (e.g. imported): only such an account
     * may be activated by a set-password link.
     */
    deactivatedAt: timestamp("deactivated_at", { withTimezone: true }),
    /** argon2id hash; null until the person has set a password. */
    passwordHash: text("password_hash"),
    locale: text("locale"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("people_email_uq").on(t.email),
    index("people_authority_unit_idx").on(t.authorityId, t.unitId),
  ],
);

export const accountRole = pgEnum("account_role", ["employee", "lead", "hr", "admin", "editor"]);

export const personRoles = pgTable(
  "person_roles",
  {
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    role: accountRole("role").notNull(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.role] })],
);

/** Who leads which unit. A lead sees the people of the units they lead (not of sub-units). */
export const unitLeads = pgTable(
  "unit_leads",
  {
    unitId: uuid("unit_id")
      .notNull()
      .references(() => units.id, { onDelete: "cascade" }),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.personId] }), index("unit_leads_person_idx").on(t.personId)],
);
