// Authored modules (issue 14): an authority's own modules, written by its editors (Redaktion) in
// the safe MDX subset. One row per module holds the working draft (optimistic locking by
// `draftRevision`); every version sent to review is an immutable row in authored_module_versions.
import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { authorities, people } from "./org";

export const authoredModules = pgTable(
  "authored_modules",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    authorityId: uuid("authority_id")
      .notNull()
      .references(() => authorities.id, { onDelete: "cascade" }),
    /** The course and module id learners see (same key space as courses/). */
    courseId: text("course_id").notNull(),
    moduleId: text("module_id").notNull(),
    /** "course/module" of the built-in module this one was copied from, if any. */
    copiedFrom: text("copied_from"),
    /**
     * Order of a module the authority wrote itself (not a copy): its place in its course. In an
     * authority course it orders the course; in a built-in course it follows the built-in modules.
     * Null for copies of built-in modules (they keep the built-in place).
     */
    position: integer("position"),
    /** The working draft: the whole .mdx file (frontmatter and body). */
    draftSource: text("draft_source").notNull(),
    /** Raised by every save; a save naming an older revision is refused (nothing is overwritten). */
    draftRevision: integer("draft_revision").notNull().default(1),
    draftUpdatedBy: uuid("draft_updated_by").references(() => people.id, { onDelete: "set null" }),
    draftUpdatedAt: timestamp("draft_updated_at", { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("authored_modules_key_uq").on(t.authorityId, t.courseId, t.moduleId),
    // A module the authority wrote itself has an id of its own across all its courses.
    uniqueIndex("authored_modules_own_id_uq").on(t.authorityId, t.moduleId).where(sql`${t.position} is not null`),
  ],
);

/**
 * An authority's own course (issue 14): its slug never clashes with a built-in course. Its modules
 * are authored_modules with this course id, ordered by `position`. Learners see it once one of its
 * modules has a published version; title and summary are the editors' (audited) and apply at once.
 */
export const authoredCourses = pgTable(
  "authored_courses",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    authorityId: uuid("authority_id")
      .notNull()
      .references(() => authorities.id, { onDelete: "cascade" }),
    courseId: text("course_id").notNull(),
    title: text("title").notNull(),
    summary: text("summary").notNull(),
    language: text("language").notNull().default("de"),
    createdBy: uuid("created_by").references(() => people.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("authored_courses_key_uq").on(t.authorityId, t.courseId), check("authored_courses_language_ck", sql`${t.language} in ('de', 'en')`)],
);

/**
 * in_review → published (approved by a second editor) or rejected; published → withdrawn (with a
 * reason learners see) or superseded (a newer version was published). Source and hash never change.
 */
export const authoredVersionStatus = pgEnum("authored_version_status", ["in_review", "rejected", "published", "superseded", "withdrawn"]);

export const authoredModuleVersions = pgTable(
  "authored_module_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    authoredModuleId: uuid("authored_module_id")
      .notNull()
      .references(() => authoredModules.id, { onDelete: "cascade" }),
    authorityId: uuid("authority_id")
      .notNull()
      .references(() => authorities.id, { onDelete: "cascade" }),
    /** 1, 2, … per module. */
    version: integer("version").notNull(),
    source: text("source").notNull(),
    /** The compile pipeline's content hash (attempts and draws store the same value). */
    contentHash: text("content_hash").notNull(),
    /**
     * The compile result, stored so that every app instance serves the version without compiling:
     * the browser's code (no answer key) and the server-only key file (answer key, reflections,
     * glossary), exactly what modules.server.ts writes to its disk cache for built-in modules.
     */
    compiledCode: text("compiled_code").notNull(),
    compiledKey: jsonb("compiled_key").notNull(),
    status: authoredVersionStatus("status").notNull().default("in_review"),
    submittedBy: uuid("submitted_by").references(() => people.id, { onDelete: "set null" }),
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull().defaultNow(),
    reviewedBy: uuid("reviewed_by").references(() => people.id, { onDelete: "set null" }),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
    reviewNote: text("review_note"),
    withdrawnReason: text("withdrawn_reason"),
    withdrawnAt: timestamp("withdrawn_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("authored_module_versions_uq").on(t.authoredModuleId, t.version),
    // At most one published version per module.
    uniqueIndex("authored_module_versions_published_uq").on(t.authoredModuleId).where(sql`${t.status} = 'published'`),
    index("authored_module_versions_authority_idx").on(t.authorityId, t.status),
    check("authored_module_versions_withdrawn_ck", sql`${t.status} <> 'withdrawn' or ${t.withdrawnReason} is not null`),
  ],
);
