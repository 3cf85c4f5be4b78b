// The audit log: who did or viewed what, about whom, when.
import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { authorities, people } from "./org";

export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    authorityId: uuid("authority_id").references(() => authorities.id, { onDelete: "cascade" }),
    actorId: uuid("actor_id").references(() => people.id, { onDelete: "set null" }),
    /** Dotted verb, e.g. "profile.view", "account.create", "evidence.record". */
    action: text("action").notNull(),
    subjectPersonId: uuid("subject_person_id").references(() => people.id, { onDelete: "set null" }),
    details: jsonb("details"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("audit_log_authority_time_idx").on(t.authorityId, t.createdAt),
    index("audit_log_subject_idx").on(t.subjectPersonId),
  ],
);
