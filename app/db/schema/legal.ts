// Rechtsstand: changes of the law recorded by HR, so modules citing the norm show a notice.
import { date, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { authorities, people } from "./org";

/** A norm that changed (or will change) on `effectiveOn`, recorded by HR of one authority. */
export const legalChanges = pgTable(
  "legal_changes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    authorityId: uuid("authority_id")
      .notNull()
      .references(() => authorities.id, { onDelete: "cascade" }),
    /** The norm as HR entered it, e.g. "§ 81 Abs. 4 AufenthG". */
    norm: text("norm").notNull(),
    /** Normalised key (app/courses/norms.ts normKey), e.g. "aufenthg|81|4". */
    normKey: text("norm_key").notNull(),
    effectiveOn: date("effective_on", { mode: "string" }).notNull(),
    note: text("note").notNull(),
    recordedBy: uuid("recorded_by").references(() => people.id, { onDelete: "set null" }),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
    /** Set when HR declares the affected content updated (the notice disappears). */
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    resolvedBy: uuid("resolved_by").references(() => people.id, { onDelete: "set null" }),
  },
  (t) => [index("legal_changes_authority_idx").on(t.authorityId, t.effectiveOn)],
);
