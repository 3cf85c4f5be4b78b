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
    /** The working draft: the whole .mdx file (frontmatter and body). */
    draftSource: text("draft_source").notNull(),
    /** Raised by every save; a save naming an older revision is refused (nothing is overwritten). */
    draftRevision: integer("draft_revision").notNull().default(1),
    draftUpdatedBy: uuid("draft_updated_by").references(() => people.id, { onDelete: "set null" }),
    draftUpdatedAt: timestamp("draft_updated_at", { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("authored_modules_key_uq").on(t.authorityId, t.courseId, t.moduleId)],
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
