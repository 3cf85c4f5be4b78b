-- A workshop may name a module of the course engine whose quiz must be passed (after the start)
-- before confirmed attendance counts as evidence (issue 12); both columns or neither.
ALTER TABLE "events" ADD COLUMN "post_quiz_course_id" text;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "post_quiz_module_id" text;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_post_quiz_ck" CHECK (("events"."post_quiz_course_id" is null) = ("events"."post_quiz_module_id" is null));