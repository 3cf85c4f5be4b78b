// Workshops (Veranstaltungen): events with sessions, the competences attendance certifies,
// registrations with a waiting list, attendance, and anonymous feedback.
import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgEnum, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { competences } from "./competences";
import { authorities, people, units } from "./org";

export const eventStatus = pgEnum("event_status", ["scheduled", "cancelled"]);

/** One workshop of an authority. `sequence` rises with every change the calendar file reports. */
export const events = pgTable(
  "events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    authorityId: uuid("authority_id")
      .notNull()
      .references(() => authorities.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    /** An internal trainer (may tick attendance) or an external one by name and organisation. */
    trainerPersonId: uuid("trainer_person_id").references(() => people.id, { onDelete: "set null" }),
    trainerName: text("trainer_name"),
    trainerOrganisation: text("trainer_organisation"),
    place: text("place"),
    onlineUrl: text("online_url"),
    capacity: integer("capacity").notNull(),
    registrationDeadline: timestamp("registration_deadline", { withTimezone: true }).notNull(),
    /** Audience: empty arrays on both = open to everyone of the authority. */
    audienceRoleIds: uuid("audience_role_ids").array().notNull().default(sql`'{}'::uuid[]`),
    audienceUnitIds: uuid("audience_unit_ids").array().notNull().default(sql`'{}'::uuid[]`),
    /** Cost of the whole event in euro cents. */
    costCents: integer("cost_cents").notNull().default(0),
    /** Months the attendance evidence stays valid (null: no expiry). */
    validMonths: smallint("valid_months"),
    /** The unit a lead created it for (null: created by HR for the authority). */
    unitId: uuid("unit_id").references(() => units.id, { onDelete: "set null" }),
    status: eventStatus("status").notNull().default("scheduled"),
    sequence: integer("sequence").notNull().default(0),
    createdBy: uuid("created_by").references(() => people.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    /** A module of the course engine whose quiz must be passed (after the start) before attendance counts as evidence. */
    postQuizCourseId: text("post_quiz_course_id"),
    postQuizModuleId: text("post_quiz_module_id"),
  },
  (t) => [
    index("events_authority_idx").on(t.authorityId),
    check("events_capacity_ck", sql`${t.capacity} between 1 and 1000`),
    check("events_post_quiz_ck", sql`(${t.postQuizCourseId} is null) = (${t.postQuizModuleId} is null)`),
  ],
);

/** One date of an event (start and end as instants; entered in Europe/Berlin). */
export const eventSessions = pgTable(
  "event_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("event_sessions_event_idx").on(t.eventId, t.startsAt), check("event_sessions_order_ck", sql`${t.endsAt} > ${t.startsAt}`)],
);

/** The level of a competence that full attendance certifies (one row per competence). */
export const eventCompetences = pgTable(
  "event_competences",
  {
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    competenceId: text("competence_id")
      .notNull()
      .references(() => competences.id),
    level: smallint("level").notNull(),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.competenceId] }), check("event_competences_level_ck", sql`${t.level} between 1 and 4`)],
);

/** "pending": waits for the lead's approval (where the authority wants it) and holds no seat yet. */
export const registrationStatus = pgEnum("event_registration_status", ["registered", "waitlisted", "cancelled", "pending"]);
export const attendanceKind = pgEnum("event_attendance", ["full", "partial", "absent"]);

/**
 * A person's registration. At most one live (not cancelled) registration per person and event.
 * The waiting list is the waitlisted rows in order of `createdAt`.
 */
export const eventRegistrations = pgTable(
  "event_registrations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    authorityId: uuid("authority_id")
      .notNull()
      .references(() => authorities.id, { onDelete: "cascade" }),
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    status: registrationStatus("status").notNull(),
    /** Who registered the person (themselves, or their lead). */
    registeredBy: uuid("registered_by").references(() => people.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    attendance: attendanceKind("attendance"),
    attendanceBy: uuid("attendance_by").references(() => people.id, { onDelete: "set null" }),
    attendanceAt: timestamp("attendance_at", { withTimezone: true }),
    /** The evidence rows full attendance wrote (revoked when attendance is corrected). */
    evidenceIds: uuid("evidence_ids").array().notNull().default(sql`'{}'::uuid[]`),
    /** Set once the person gave feedback; the answers themselves carry no person. */
    feedbackGiven: boolean("feedback_given").notNull().default(false),
  },
  (t) => [
    index("event_registrations_event_idx").on(t.eventId, t.status, t.createdAt),
    index("event_registrations_person_idx").on(t.personId),
    uniqueIndex("event_registrations_live_uq").on(t.eventId, t.personId).where(sql`${t.status} <> 'cancelled'`),
  ],
);

/** Anonymous feedback: no person, no registration, only the event and the answers. */
export const eventFeedback = pgTable(
  "event_feedback",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    /** 1 (poor) to 5 (very good). */
    rating: smallint("rating").notNull(),
    /** 1 (not useful for my work) to 5 (very useful). */
    usefulness: smallint("usefulness").notNull(),
  },
  (t) => [
    index("event_feedback_event_idx").on(t.eventId),
    check("event_feedback_rating_ck", sql`${t.rating} between 1 and 5 and ${t.usefulness} between 1 and 5`),
  ],
);
