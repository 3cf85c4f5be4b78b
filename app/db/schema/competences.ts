// Competences (synced from app/competences/framework.json), role descriptions with their
// requirements (goal 9), evidence of attained levels (goal 10) and learning assignments.
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { events } from "./events";
import { authorities, people } from "./org";

/** Stable competence ids; the texts live in the versioned framework file. */
export const competences = pgTable("competences", {
  id: text("id").primaryKey(),
  dimension: text("dimension").notNull(),
  position: integer("position").notNull(),
  /** Competences removed from the framework stay for old evidence but are marked retired. */
  retired: boolean("retired").notNull().default(false),
  frameworkVersion: integer("framework_version").notNull(),
});

export const payScheme = pgEnum("pay_scheme", ["TVöD", "TV-L", "Besoldung"]);
export const roleStatus = pgEnum("role_status", ["active", "retired"]);
export const taskCategory = pgEnum("task_category", [
  "counselling",
  "service_information",
  "casework_decision",
  "leadership",
  "other",
]);

/** Role description (Stellenbeschreibung) with its grading (Stellenbewertung). */
export const roleDescriptions = pgTable(
  "role_descriptions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    authorityId: uuid("authority_id")
      .notNull()
      .references(() => authorities.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    payScheme: payScheme("pay_scheme").notNull(),
    payGrade: text("pay_grade").notNull(),
    status: roleStatus("status").notNull().default("active"),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("role_descriptions_authority_title_uq").on(t.authorityId, t.title)],
);

export const roleTasks = pgTable(
  "role_tasks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    roleDescriptionId: uuid("role_description_id")
      .notNull()
      .references(() => roleDescriptions.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    title: text("title").notNull(),
    category: taskCategory("category").notNull(),
    /** Share of working time in percent; the shares of one role add up to 100. */
    sharePercent: numeric("share_percent", { precision: 5, scale: 2, mode: "number" }).notNull(),
  },
  (t) => [index("role_tasks_role_idx").on(t.roleDescriptionId)],
);

export const roleRequirements = pgTable(
  "role_requirements",
  {
    roleDescriptionId: uuid("role_description_id")
      .notNull()
      .references(() => roleDescriptions.id, { onDelete: "cascade" }),
    competenceId: text("competence_id")
      .notNull()
      .references(() => competences.id),
    level: smallint("level").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.roleDescriptionId, t.competenceId] }),
    check("role_requirements_level_ck", sql`${t.level} between 1 and 4`),
  ],
);

export const evidenceSource = pgEnum("evidence_source", ["quiz", "observed", "certificate", "self", "attendance"]);

/**
 * Evidence that a person attained a level in a competence. The current level is the highest
 * level among unexpired, unrevoked evidence whose source counts (self-assessment never counts).
 */
export const evidence = pgTable(
  "evidence",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    authorityId: uuid("authority_id")
      .notNull()
      .references(() => authorities.id, { onDelete: "cascade" }),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    competenceId: text("competence_id")
      .notNull()
      .references(() => competences.id),
    level: smallint("level").notNull(),
    source: evidenceSource("source").notNull(),
    /** The quiz attempt this evidence came from (source "quiz"). */
    attemptId: uuid("attempt_id"),
    /** Who recorded it (lead for "observed", HR for "certificate", the person for "self"). */
    recordedBy: uuid("recorded_by").references(() => people.id, { onDelete: "set null" }),
    note: text("note"),
    achievedAt: timestamp("achieved_at", { withTimezone: true }).notNull(),
    validUntil: timestamp("valid_until", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("evidence_person_idx").on(t.personId, t.competenceId),
    index("evidence_authority_idx").on(t.authorityId),
    // Current levels read only counting evidence: a small index that covers the whole lookup.
    index("evidence_counting_idx")
      .on(t.personId, t.competenceId, t.level, t.validUntil, t.authorityId)
      .where(sql`${t.source} <> 'self' and ${t.revokedAt} is null`),
    check("evidence_level_ck", sql`${t.level} between 1 and 4`),
  ],
);

/**
 * Current levels as a step function per person and competence, kept by the database: the
 * trigger functions on `evidence` (drizzle/0011) rewrite the rows of every person × competence
 * an evidence statement touches, in that statement's transaction. A row says "level `level`
 * holds until `validUntil`" (null: open-ended); the level at an instant is the highest level
 * whose row has not yet expired then, so expiry needs no job (docs/decisions/015).
 * `validFrom` is when the next higher level's row expires (null: no higher row), so a row is the
 * level of its person and competence exactly in [validFrom, validUntil): reads pick the one row
 * whose window holds the instant, with no aggregation (drizzle/0015).
 * Rows are derived data: `npm run levels:verify` recomputes them from the evidence.
 */
export const currentLevels = pgTable(
  "current_levels",
  {
    authorityId: uuid("authority_id")
      .notNull()
      .references(() => authorities.id, { onDelete: "cascade" }),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    competenceId: text("competence_id")
      .notNull()
      .references(() => competences.id),
    level: smallint("level").notNull(),
    validUntil: timestamp("valid_until", { withTimezone: true }),
    validFrom: timestamp("valid_from", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.authorityId, t.personId, t.competenceId, t.level] }),
    index("current_levels_person_idx").on(t.personId),
    // The next instant at which some level of an authority starts or ends: how long a cached
    // coverage report stays true (app/reports/coverage.server.ts).
    index("current_levels_valid_until_idx").on(t.authorityId, t.validUntil).where(sql`${t.validUntil} is not null`),
    index("current_levels_valid_from_idx").on(t.authorityId, t.validFrom).where(sql`${t.validFrom} is not null`),
    check("current_levels_level_ck", sql`${t.level} between 1 and 4`),
  ],
);

/** A module (or a whole course when moduleId is null) assigned to a person with a due date. */
export const assignments = pgTable(
  "assignments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    authorityId: uuid("authority_id")
      .notNull()
      .references(() => authorities.id, { onDelete: "cascade" }),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    /** What is assigned: a module or whole course (courseId, moduleId null for the course), or a workshop (eventId). */
    courseId: text("course_id"),
    moduleId: text("module_id"),
    eventId: uuid("event_id").references(() => events.id, { onDelete: "cascade" }),
    dueOn: date("due_on", { mode: "string" }).notNull(),
    assignedBy: uuid("assigned_by").references(() => people.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    fulfilledAt: timestamp("fulfilled_at", { withTimezone: true }),
  },
  (t) => [
    index("assignments_person_idx").on(t.personId),
    // One open assignment per person and module (or whole course): assigning again is a no-op.
    uniqueIndex("assignments_open_uq")
      .on(t.personId, t.courseId, sql`coalesce(${t.moduleId}, '')`)
      .where(sql`${t.fulfilledAt} is null`),
    // One open assignment per person and workshop.
    uniqueIndex("assignments_open_event_uq").on(t.personId, t.eventId).where(sql`${t.fulfilledAt} is null and ${t.eventId} is not null`),
    // Exactly one target: a module or course, or a workshop.
    check("assignments_target_ck", sql`(${t.courseId} is null) <> (${t.eventId} is null) and (${t.moduleId} is null or ${t.courseId} is not null)`),
  ],
);

/**
 * Messages to one person inside Horizont, shown on "Mein Lernen" and the profile until read.
 * Written in the same transaction as the change they report (e.g. a role's requirements rose
 * and the person now has a new gap). `mailedAt` is the seam for the mail outbox (a later
 * issue): a sender picks rows where it is null and sets it; until then nothing is mailed.
 */
export const notifications = pgTable(
  "notifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    authorityId: uuid("authority_id")
      .notNull()
      .references(() => authorities.id, { onDelete: "cascade" }),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    /** "requirements.raised": details { roleDescriptionId, roleTitle, version, competences: [{ competenceId, from, to, current }] } */
    kind: text("kind").notNull(),
    details: jsonb("details").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp("read_at", { withTimezone: true }),
    mailedAt: timestamp("mailed_at", { withTimezone: true }),
  },
  (t) => [index("notifications_unread_idx").on(t.personId).where(sql`${t.readAt} is null`)],
);

/** When a person last opened their own profile: what came after is marked "neu" there. */
export const profileVisits = pgTable("profile_visits", {
  personId: uuid("person_id")
    .primaryKey()
    .references(() => people.id, { onDelete: "cascade" }),
  seenAt: timestamp("seen_at", { withTimezone: true }).notNull(),
});
