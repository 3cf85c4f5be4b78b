// The course engine's records: quiz attempts (history), learning progress per module, private
// reflection notes and course certificates. Course and module content lives in courses/.
import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { authorities, people } from "./org";

/**
 * The items one quiz attempt shows, drawn on the server when the learner opens the quiz: which
 * questions (in display order) and each question's options in display order (original option
 * values). An open draw is reused until it is submitted; its id is the quiz form's submission id,
 * so the attempt that grades it has `submission_id = quiz_draws.id`.
 */
export const quizDraws = pgTable(
  "quiz_draws",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    authorityId: uuid("authority_id")
      .notNull()
      .references(() => authorities.id, { onDelete: "cascade" }),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    courseId: text("course_id").notNull(),
    moduleId: text("module_id").notNull(),
    /** The module version the draw was made from. */
    contentHash: text("content_hash").notNull(),
    /** Drawn question ids in display order, each with its option values in display order. */
    items: jsonb("items").$type<{ id: string; options: string[] }[]>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** Set when the draw was graded (then it is never shown as an open quiz again). */
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
  },
  (t) => [
    // At most one open draw per person and module: reloads and a second tab get the same items.
    uniqueIndex("quiz_draws_open_uq").on(t.personId, t.courseId, t.moduleId).where(sql`${t.submittedAt} is null`),
    index("quiz_draws_authority_idx").on(t.authorityId),
  ],
);

/** One graded quiz submission. Kept as history; evidence points at the attempt that earned it. */
export const quizAttempts = pgTable(
  "quiz_attempts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    authorityId: uuid("authority_id")
      .notNull()
      .references(() => authorities.id, { onDelete: "cascade" }),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    courseId: text("course_id").notNull(),
    moduleId: text("module_id").notNull(),
    /** Hash of the module version the attempt was graded against. */
    contentHash: text("content_hash").notNull(),
    /** Chosen option values per question id. */
    answers: jsonb("answers").$type<Record<string, string[]>>().notNull(),
    /** Points per question id, as graded. */
    questionPoints: jsonb("question_points").$type<Record<string, number>>().notNull(),
    points: integer("points").notNull(),
    maxPoints: integer("max_points").notNull(),
    scorePercent: integer("score_percent").notNull(),
    passMark: integer("pass_mark").notNull(),
    passed: boolean("passed").notNull(),
    /** The form's submission id: a double submit finds this row instead of making a second. */
    submissionId: uuid("submission_id").notNull(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("quiz_attempts_submission_uq").on(t.submissionId),
    index("quiz_attempts_person_module_idx").on(t.personId, t.courseId, t.moduleId),
    index("quiz_attempts_authority_idx").on(t.authorityId),
    check("quiz_attempts_score_ck", sql`${t.scorePercent} between 0 and 100`),
  ],
);

/**
 * Learning progress: the day a person first opened a module and when they first passed it.
 * Deliberately no visit times or time-on-page (no clickstream).
 */
export const moduleProgress = pgTable(
  "module_progress",
  {
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    courseId: text("course_id").notNull(),
    moduleId: text("module_id").notNull(),
    authorityId: uuid("authority_id")
      .notNull()
      .references(() => authorities.id, { onDelete: "cascade" }),
    firstOpenedOn: date("first_opened_on", { mode: "string" }).notNull(),
    passedAt: timestamp("passed_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.personId, t.courseId, t.moduleId] }), index("module_progress_authority_idx").on(t.authorityId)],
);

/** A person's private answer to a reflection prompt: never graded, never shown to anyone else. */
export const reflectionNotes = pgTable(
  "reflection_notes",
  {
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    courseId: text("course_id").notNull(),
    moduleId: text("module_id").notNull(),
    promptId: text("prompt_id").notNull(),
    authorityId: uuid("authority_id")
      .notNull()
      .references(() => authorities.id, { onDelete: "cascade" }),
    body: text("body").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.courseId, t.moduleId, t.promptId] })],
);

/** A certificate for a completed course; `code` is what /certificates/<code> verifies. */
export const courseCertificates = pgTable(
  "course_certificates",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    code: text("code").notNull(),
    authorityId: uuid("authority_id")
      .notNull()
      .references(() => authorities.id, { onDelete: "cascade" }),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    courseId: text("course_id").notNull(),
    /** When the last module of the course was passed. */
    completedAt: timestamp("completed_at", { withTimezone: true }).notNull(),
    issuedAt: timestamp("issued_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("course_certificates_code_uq").on(t.code), uniqueIndex("course_certificates_person_course_uq").on(t.personId, t.courseId)],
);
