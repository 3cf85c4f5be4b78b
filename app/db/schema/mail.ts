// The mail outbox: every mail is first a row here, written in the transaction of the event that
// causes it; a worker in any app instance claims rows (FOR UPDATE SKIP LOCKED) and sends them.
// See docs/decisions/010-mail-outbox.md.
import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { authorities, people } from "./org";

export const outboxStatus = pgEnum("outbox_status", ["pending", "sent", "failed"]);

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: string;
}

export const outbox = pgTable(
  "outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    authorityId: uuid("authority_id")
      .notNull()
      .references(() => authorities.id, { onDelete: "cascade" }),
    personId: uuid("person_id").references(() => people.id, { onDelete: "set null" }),
    /** e.g. "assignment.created", "assignment.due-soon", "assignment.overdue". */
    kind: text("kind").notNull(),
    /**
     * One mail per event: a reminder for (assignment, kind) or a retried transaction inserts
     * nothing the second time (on conflict do nothing), so a restart repeats no reminder.
     */
    dedupeKey: text("dedupe_key").notNull(),
    toAddress: text("to_address").notNull(),
    toName: text("to_name").notNull().default(""),
    locale: text("locale").notNull().default("de"),
    subject: text("subject").notNull(),
    textBody: text("text_body").notNull(),
    htmlBody: text("html_body").notNull(),
    attachments: jsonb("attachments").$type<MailAttachment[]>().notNull().default([]),
    status: outboxStatus("status").notNull().default("pending"),
    tries: integer("tries").notNull().default(0),
    /** Not before this time (back-off after a failed try). */
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    /** A claim's lease: another worker skips the row until then (a crashed sender's row comes back). */
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("outbox_dedupe_uq").on(t.dedupeKey),
    index("outbox_due_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index("outbox_authority_created_idx").on(t.authorityId, t.createdAt),
  ],
);

/** A person's choice to receive no mail of a non-essential kind (reminders, digests). */
export const mailOptOuts = pgTable(
  "mail_opt_outs",
  {
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    off: boolean("off").notNull().default(true),
  },
  (t) => [primaryKey({ columns: [t.personId, t.kind] })],
);
