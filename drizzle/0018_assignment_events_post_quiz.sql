-- A learning assignment may name a workshop instead of a module or course (issue 12): course_id
-- becomes optional, event_id names the event, and exactly one of the two is set. A workshop may
-- name a module whose quiz must be passed (after the start) before confirmed attendance counts as
-- evidence; both post-quiz columns or neither.
ALTER TABLE "assignments" ALTER COLUMN "course_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "event_id" uuid;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "post_quiz_course_id" text;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "post_quiz_module_id" text;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "assignments_open_event_uq" ON "assignments" USING btree ("person_id","event_id") WHERE "assignments"."fulfilled_at" is null and "assignments"."event_id" is not null;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_target_ck" CHECK (("assignments"."course_id" is null) <> ("assignments"."event_id" is null) and ("assignments"."module_id" is null or "assignments"."course_id" is not null));--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_post_quiz_ck" CHECK (("events"."post_quiz_course_id" is null) = ("events"."post_quiz_module_id" is null));