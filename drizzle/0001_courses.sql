CREATE TABLE "course_certificates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"authority_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"course_id" text NOT NULL,
	"completed_at" timestamp with time zone NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "module_progress" (
	"person_id" uuid NOT NULL,
	"course_id" text NOT NULL,
	"module_id" text NOT NULL,
	"authority_id" uuid NOT NULL,
	"first_opened_on" date NOT NULL,
	"passed_at" timestamp with time zone,
	CONSTRAINT "module_progress_person_id_course_id_module_id_pk" PRIMARY KEY("person_id","course_id","module_id")
);
--> statement-breakpoint
CREATE TABLE "quiz_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"authority_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"course_id" text NOT NULL,
	"module_id" text NOT NULL,
	"content_hash" text NOT NULL,
	"answers" jsonb NOT NULL,
	"question_points" jsonb NOT NULL,
	"points" integer NOT NULL,
	"max_points" integer NOT NULL,
	"score_percent" integer NOT NULL,
	"pass_mark" integer NOT NULL,
	"passed" boolean NOT NULL,
	"submission_id" uuid NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quiz_attempts_score_ck" CHECK ("quiz_attempts"."score_percent" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "reflection_notes" (
	"person_id" uuid NOT NULL,
	"course_id" text NOT NULL,
	"module_id" text NOT NULL,
	"prompt_id" text NOT NULL,
	"authority_id" uuid NOT NULL,
	"body" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reflection_notes_person_id_course_id_module_id_prompt_id_pk" PRIMARY KEY("person_id","course_id","module_id","prompt_id")
);
--> statement-breakpoint
ALTER TABLE "course_certificates" ADD CONSTRAINT "course_certificates_authority_id_authorities_id_fk" FOREIGN KEY ("authority_id") REFERENCES "public"."authorities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_certificates" ADD CONSTRAINT "course_certificates_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "module_progress" ADD CONSTRAINT "module_progress_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "module_progress" ADD CONSTRAINT "module_progress_authority_id_authorities_id_fk" FOREIGN KEY ("authority_id") REFERENCES "public"."authorities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quiz_attempts" ADD CONSTRAINT "quiz_attempts_authority_id_authorities_id_fk" FOREIGN KEY ("authority_id") REFERENCES "public"."authorities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quiz_attempts" ADD CONSTRAINT "quiz_attempts_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reflection_notes" ADD CONSTRAINT "reflection_notes_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reflection_notes" ADD CONSTRAINT "reflection_notes_authority_id_authorities_id_fk" FOREIGN KEY ("authority_id") REFERENCES "public"."authorities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "course_certificates_code_uq" ON "course_certificates" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "course_certificates_person_course_uq" ON "course_certificates" USING btree ("person_id","course_id");--> statement-breakpoint
CREATE INDEX "module_progress_authority_idx" ON "module_progress" USING btree ("authority_id");--> statement-breakpoint
CREATE UNIQUE INDEX "quiz_attempts_submission_uq" ON "quiz_attempts" USING btree ("submission_id");--> statement-breakpoint
CREATE INDEX "quiz_attempts_person_module_idx" ON "quiz_attempts" USING btree ("person_id","course_id","module_id");--> statement-breakpoint
CREATE INDEX "quiz_attempts_authority_idx" ON "quiz_attempts" USING btree ("authority_id");