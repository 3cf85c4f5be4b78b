CREATE TYPE "public"."account_role" AS ENUM('employee', 'lead', 'hr', 'admin');--> statement-breakpoint
CREATE TYPE "public"."evidence_source" AS ENUM('quiz', 'observed', 'certificate', 'self');--> statement-breakpoint
CREATE TYPE "public"."pay_scheme" AS ENUM('TVöD', 'TV-L', 'Besoldung');--> statement-breakpoint
CREATE TYPE "public"."role_status" AS ENUM('active', 'retired');--> statement-breakpoint
CREATE TYPE "public"."task_category" AS ENUM('counselling', 'service_information', 'casework_decision', 'leadership', 'other');--> statement-breakpoint
CREATE TABLE "authorities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "authorities_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "people" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"authority_id" uuid NOT NULL,
	"unit_id" uuid,
	"role_description_id" uuid,
	"email" text NOT NULL,
	"given_name" text NOT NULL,
	"family_name" text NOT NULL,
	"fte" numeric(4, 3) DEFAULT 1 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"password_hash" text,
	"locale" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "person_roles" (
	"person_id" uuid NOT NULL,
	"role" "account_role" NOT NULL,
	CONSTRAINT "person_roles_person_id_role_pk" PRIMARY KEY("person_id","role")
);
--> statement-breakpoint
CREATE TABLE "unit_leads" (
	"unit_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	CONSTRAINT "unit_leads_unit_id_person_id_pk" PRIMARY KEY("unit_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "units" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"authority_id" uuid NOT NULL,
	"parent_id" uuid,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "form_submissions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"person_id" uuid,
	"result" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "login_attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"succeeded" boolean NOT NULL,
	"attempted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "password_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"person_id" uuid NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"authority_id" uuid,
	"actor_id" uuid,
	"action" text NOT NULL,
	"subject_person_id" uuid,
	"details" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"authority_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"course_id" text NOT NULL,
	"module_id" text,
	"due_on" date NOT NULL,
	"assigned_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"fulfilled_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "competences" (
	"id" text PRIMARY KEY NOT NULL,
	"dimension" text NOT NULL,
	"position" integer NOT NULL,
	"retired" boolean DEFAULT false NOT NULL,
	"framework_version" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evidence" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"authority_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"competence_id" text NOT NULL,
	"level" smallint NOT NULL,
	"source" "evidence_source" NOT NULL,
	"attempt_id" uuid,
	"recorded_by" uuid,
	"note" text,
	"achieved_at" timestamp with time zone NOT NULL,
	"valid_until" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evidence_level_ck" CHECK ("evidence"."level" between 1 and 4)
);
--> statement-breakpoint
CREATE TABLE "role_descriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"authority_id" uuid NOT NULL,
	"title" text NOT NULL,
	"pay_scheme" "pay_scheme" NOT NULL,
	"pay_grade" text NOT NULL,
	"status" "role_status" DEFAULT 'active' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "role_requirements" (
	"role_description_id" uuid NOT NULL,
	"competence_id" text NOT NULL,
	"level" smallint NOT NULL,
	CONSTRAINT "role_requirements_role_description_id_competence_id_pk" PRIMARY KEY("role_description_id","competence_id"),
	CONSTRAINT "role_requirements_level_ck" CHECK ("role_requirements"."level" between 1 and 4)
);
--> statement-breakpoint
CREATE TABLE "role_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"role_description_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"category" "task_category" NOT NULL,
	"share_percent" numeric(5, 2) NOT NULL
);
--> statement-breakpoint
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
CREATE TABLE "coverage_snapshots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"authority_id" uuid NOT NULL,
	"month" date NOT NULL,
	"scope" text NOT NULL,
	"people_count" integer NOT NULL,
	"requirement_count" integer NOT NULL,
	"met_count" integer NOT NULL,
	"training_minutes" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "import_batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"authority_id" uuid NOT NULL,
	"created_by" uuid,
	"file_name" text NOT NULL,
	"content" text NOT NULL,
	"committed_at" timestamp with time zone,
	"person_ids" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "role_description_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"authority_id" uuid NOT NULL,
	"role_description_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"actor_id" uuid,
	"changes" jsonb NOT NULL,
	"snapshot" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "staffing_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"authority_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"net_hours_per_fte" numeric(7, 2) NOT NULL,
	"net_hours_source" text NOT NULL,
	"allowance_percent" numeric(5, 2) DEFAULT 10 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "staffing_plans_hours_ck" CHECK ("staffing_plans"."net_hours_per_fte" > 0)
);
--> statement-breakpoint
CREATE TABLE "staffing_scenarios" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"name" text NOT NULL,
	"cases_change_percent" numeric(6, 2) DEFAULT 0 NOT NULL,
	"extra_counselling_minutes" numeric(8, 2) DEFAULT 0 NOT NULL,
	"extra_casework_minutes" numeric(8, 2) DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "staffing_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"cases_per_year" integer NOT NULL,
	"casework_minutes" numeric(8, 2) NOT NULL,
	"counselling_minutes" numeric(8, 2) NOT NULL
);
--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_authority_id_authorities_id_fk" FOREIGN KEY ("authority_id") REFERENCES "public"."authorities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_role_description_id_role_descriptions_id_fk" FOREIGN KEY ("role_description_id") REFERENCES "public"."role_descriptions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_roles" ADD CONSTRAINT "person_roles_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_leads" ADD CONSTRAINT "unit_leads_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_leads" ADD CONSTRAINT "unit_leads_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "units" ADD CONSTRAINT "units_authority_id_authorities_id_fk" FOREIGN KEY ("authority_id") REFERENCES "public"."authorities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "units" ADD CONSTRAINT "units_parent_id_units_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "form_submissions" ADD CONSTRAINT "form_submissions_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "password_tokens" ADD CONSTRAINT "password_tokens_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_people_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_authority_id_authorities_id_fk" FOREIGN KEY ("authority_id") REFERENCES "public"."authorities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_id_people_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_subject_person_id_people_id_fk" FOREIGN KEY ("subject_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_authority_id_authorities_id_fk" FOREIGN KEY ("authority_id") REFERENCES "public"."authorities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_assigned_by_people_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_authority_id_authorities_id_fk" FOREIGN KEY ("authority_id") REFERENCES "public"."authorities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_competence_id_competences_id_fk" FOREIGN KEY ("competence_id") REFERENCES "public"."competences"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_recorded_by_people_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_descriptions" ADD CONSTRAINT "role_descriptions_authority_id_authorities_id_fk" FOREIGN KEY ("authority_id") REFERENCES "public"."authorities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_requirements" ADD CONSTRAINT "role_requirements_role_description_id_role_descriptions_id_fk" FOREIGN KEY ("role_description_id") REFERENCES "public"."role_descriptions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_requirements" ADD CONSTRAINT "role_requirements_competence_id_competences_id_fk" FOREIGN KEY ("competence_id") REFERENCES "public"."competences"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_tasks" ADD CONSTRAINT "role_tasks_role_description_id_role_descriptions_id_fk" FOREIGN KEY ("role_description_id") REFERENCES "public"."role_descriptions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_certificates" ADD CONSTRAINT "course_certificates_authority_id_authorities_id_fk" FOREIGN KEY ("authority_id") REFERENCES "public"."authorities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_certificates" ADD CONSTRAINT "course_certificates_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "module_progress" ADD CONSTRAINT "module_progress_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "module_progress" ADD CONSTRAINT "module_progress_authority_id_authorities_id_fk" FOREIGN KEY ("authority_id") REFERENCES "public"."authorities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quiz_attempts" ADD CONSTRAINT "quiz_attempts_authority_id_authorities_id_fk" FOREIGN KEY ("authority_id") REFERENCES "public"."authorities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quiz_attempts" ADD CONSTRAINT "quiz_attempts_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reflection_notes" ADD CONSTRAINT "reflection_notes_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reflection_notes" ADD CONSTRAINT "reflection_notes_authority_id_authorities_id_fk" FOREIGN KEY ("authority_id") REFERENCES "public"."authorities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coverage_snapshots" ADD CONSTRAINT "coverage_snapshots_authority_id_authorities_id_fk" FOREIGN KEY ("authority_id") REFERENCES "public"."authorities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_batches" ADD CONSTRAINT "import_batches_authority_id_authorities_id_fk" FOREIGN KEY ("authority_id") REFERENCES "public"."authorities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_batches" ADD CONSTRAINT "import_batches_created_by_people_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_description_versions" ADD CONSTRAINT "role_description_versions_authority_id_authorities_id_fk" FOREIGN KEY ("authority_id") REFERENCES "public"."authorities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_description_versions" ADD CONSTRAINT "role_description_versions_role_description_id_role_descriptions_id_fk" FOREIGN KEY ("role_description_id") REFERENCES "public"."role_descriptions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_description_versions" ADD CONSTRAINT "role_description_versions_actor_id_people_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staffing_plans" ADD CONSTRAINT "staffing_plans_authority_id_authorities_id_fk" FOREIGN KEY ("authority_id") REFERENCES "public"."authorities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staffing_plans" ADD CONSTRAINT "staffing_plans_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staffing_scenarios" ADD CONSTRAINT "staffing_scenarios_plan_id_staffing_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."staffing_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staffing_tasks" ADD CONSTRAINT "staffing_tasks_plan_id_staffing_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."staffing_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "people_email_uq" ON "people" USING btree ("email");--> statement-breakpoint
CREATE INDEX "people_authority_unit_idx" ON "people" USING btree ("authority_id","unit_id");--> statement-breakpoint
CREATE INDEX "unit_leads_person_idx" ON "unit_leads" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "units_authority_idx" ON "units" USING btree ("authority_id");--> statement-breakpoint
CREATE UNIQUE INDEX "units_authority_parent_name_uq" ON "units" USING btree ("authority_id","parent_id","name");--> statement-breakpoint
CREATE INDEX "login_attempts_key_time_idx" ON "login_attempts" USING btree ("key","attempted_at");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "audit_log_authority_time_idx" ON "audit_log" USING btree ("authority_id","created_at");--> statement-breakpoint
CREATE INDEX "audit_log_subject_idx" ON "audit_log" USING btree ("subject_person_id");--> statement-breakpoint
CREATE INDEX "assignments_person_idx" ON "assignments" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "assignments_open_uq" ON "assignments" USING btree ("person_id","course_id",coalesce("module_id", '')) WHERE "assignments"."fulfilled_at" is null;--> statement-breakpoint
CREATE INDEX "evidence_person_idx" ON "evidence" USING btree ("person_id","competence_id");--> statement-breakpoint
CREATE INDEX "evidence_authority_idx" ON "evidence" USING btree ("authority_id");--> statement-breakpoint
CREATE INDEX "evidence_counting_idx" ON "evidence" USING btree ("person_id","competence_id","level","valid_until","authority_id") WHERE "evidence"."source" <> 'self' and "evidence"."revoked_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "role_descriptions_authority_title_uq" ON "role_descriptions" USING btree ("authority_id","title");--> statement-breakpoint
CREATE INDEX "role_tasks_role_idx" ON "role_tasks" USING btree ("role_description_id");--> statement-breakpoint
CREATE UNIQUE INDEX "course_certificates_code_uq" ON "course_certificates" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "course_certificates_person_course_uq" ON "course_certificates" USING btree ("person_id","course_id");--> statement-breakpoint
CREATE INDEX "module_progress_authority_idx" ON "module_progress" USING btree ("authority_id");--> statement-breakpoint
CREATE UNIQUE INDEX "quiz_attempts_submission_uq" ON "quiz_attempts" USING btree ("submission_id");--> statement-breakpoint
CREATE INDEX "quiz_attempts_person_module_idx" ON "quiz_attempts" USING btree ("person_id","course_id","module_id");--> statement-breakpoint
CREATE INDEX "quiz_attempts_authority_idx" ON "quiz_attempts" USING btree ("authority_id");--> statement-breakpoint
CREATE UNIQUE INDEX "coverage_snapshots_uq" ON "coverage_snapshots" USING btree ("authority_id","month","scope");--> statement-breakpoint
CREATE INDEX "import_batches_authority_idx" ON "import_batches" USING btree ("authority_id");--> statement-breakpoint
CREATE UNIQUE INDEX "role_description_versions_uq" ON "role_description_versions" USING btree ("role_description_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "staffing_plans_unit_year_uq" ON "staffing_plans" USING btree ("authority_id","unit_id","year");--> statement-breakpoint
CREATE INDEX "staffing_scenarios_plan_idx" ON "staffing_scenarios" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "staffing_tasks_plan_idx" ON "staffing_tasks" USING btree ("plan_id");