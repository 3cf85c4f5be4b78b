// HR workspace: role description history, staffing plans (Stellenbemessung) with scenarios,
// monthly coverage snapshots and staged CSV imports.
import { sql } from "drizzle-orm";
import { check, date, index, integer, jsonb, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { roleDescriptions } from "./competences";
import { authorities, people, units } from "./org";

/** One row per version of a role description: who changed it, when, what, and the full snapshot. */
export const roleDescriptionVersions = pgTable(
  "role_description_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    authorityId: uuid("authority_id")
      .notNull()
      .references(() => authorities.id, { onDelete: "cascade" }),
    roleDescriptionId: uuid("role_description_id")
      .notNull()
      .references(() => roleDescriptions.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    actorId: uuid("actor_id").references(() => people.id, { onDelete: "set null" }),
    /** Structured list of changes (rendered in the reader's language). */
    changes: jsonb("changes").notNull(),
    /** The whole role description after this change. */
    snapshot: jsonb("snapshot").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("role_description_versions_uq").on(t.roleDescriptionId, t.version)],
);

/**
 * One counter per authority, raised (by triggers of drizzle/0016, at commit) whenever anything the
 * coverage report reads changes: the table of current levels, people's unit, role or activity,
 * role descriptions and their requirements, published authored modules. A report computed at
 * version V is still right while the counter reads V (app/reports/coverage.server.ts caches by it).
 */
export const reportVersions = pgTable("report_versions", {
  authorityId: uuid("authority_id")
    .primaryKey()
    .references(() => authorities.id, { onDelete: "cascade" }),
  version: integer("version").notNull().default(0),
});

/** A staffing plan (Stellenbemessung) of one unit for one year. */
export const staffingPlans = pgTable(
  "staffing_plans",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    authorityId: uuid("authority_id")
      .notNull()
      .references(() => authorities.id, { onDelete: "cascade" }),
    unitId: uuid("unit_id")
      .notNull()
      .references(() => units.id, { onDelete: "cascade" }),
    year: integer("year").notNull(),
    /** Net annual working time of one full-time employee (Normalarbeitszeit), hours. */
    netHoursPerFte: numeric("net_hours_per_fte", { precision: 7, scale: 2, mode: "number" }).notNull(),
    /** Where that figure comes from (required: never an unexplained number). */
    netHoursSource: text("net_hours_source").notNull(),
    /** Allowance for unavoidable interruptions (Verteilzeit), percent. */
    allowancePercent: numeric("allowance_percent", { precision: 5, scale: 2, mode: "number" }).notNull().default(10),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("staffing_plans_unit_year_uq").on(t.authorityId, t.unitId, t.year),
    check("staffing_plans_hours_ck", sql`${t.netHoursPerFte} > 0`),
  ],
);

/** A task of a staffing plan: annual cases and minutes per case, split by kind of work (goal 9). */
export const staffingTasks = pgTable(
  "staffing_tasks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    planId: uuid("plan_id")
      .notNull()
      .references(() => staffingPlans.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    title: text("title").notNull(),
    casesPerYear: integer("cases_per_year").notNull(),
    caseworkMinutes: numeric("casework_minutes", { precision: 8, scale: 2, mode: "number" }).notNull(),
    /** Counselling, service and information minutes per case. */
    counsellingMinutes: numeric("counselling_minutes", { precision: 8, scale: 2, mode: "number" }).notNull(),
  },
  (t) => [index("staffing_tasks_plan_idx").on(t.planId)],
);

/** A what-if variant of a plan, stored beside it (never overwrites the plan). */
export const staffingScenarios = pgTable(
  "staffing_scenarios",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    planId: uuid("plan_id")
      .notNull()
      .references(() => staffingPlans.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** Change of every task's case count, percent (+15 = 15 % more cases). */
    casesChangePercent: numeric("cases_change_percent", { precision: 6, scale: 2, mode: "number" }).notNull().default(0),
    /** Minutes added to every task's counselling/service/information time per case. */
    extraCounsellingMinutes: numeric("extra_counselling_minutes", { precision: 8, scale: 2, mode: "number" }).notNull().default(0),
    /** Minutes added to every task's casework time per case. */
    extraCaseworkMinutes: numeric("extra_casework_minutes", { precision: 8, scale: 2, mode: "number" }).notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("staffing_scenarios_plan_idx").on(t.planId)],
);

/**
 * Monthly coverage figures per authority ("all") and per unit (the unit id as scope), taken
 * automatically once a month; the trend chart reads them.
 */
export const coverageSnapshots = pgTable(
  "coverage_snapshots",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    authorityId: uuid("authority_id")
      .notNull()
      .references(() => authorities.id, { onDelete: "cascade" }),
    month: date("month", { mode: "string" }).notNull(),
    scope: text("scope").notNull(),
    peopleCount: integer("people_count").notNull(),
    requirementCount: integer("requirement_count").notNull(),
    metCount: integer("met_count").notNull(),
    trainingMinutes: integer("training_minutes").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("coverage_snapshots_uq").on(t.authorityId, t.month, t.scope)],
);

/** A CSV upload between preview and commit (the app keeps no state in memory). */
export const importBatches = pgTable(
  "import_batches",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    authorityId: uuid("authority_id")
      .notNull()
      .references(() => authorities.id, { onDelete: "cascade" }),
    createdBy: uuid("created_by").references(() => people.id, { onDelete: "set null" }),
    fileName: text("file_name").notNull(),
    content: text("content").notNull(),
    /** Set when committed: the ids of the people it created. */
    committedAt: timestamp("committed_at", { withTimezone: true }),
    personIds: jsonb("person_ids"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("import_batches_authority_idx").on(t.authorityId)],
);
