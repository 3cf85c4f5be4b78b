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
CREATE UNIQUE INDEX "coverage_snapshots_uq" ON "coverage_snapshots" USING btree ("authority_id","month","scope");--> statement-breakpoint
CREATE INDEX "import_batches_authority_idx" ON "import_batches" USING btree ("authority_id");--> statement-breakpoint
CREATE UNIQUE INDEX "role_description_versions_uq" ON "role_description_versions" USING btree ("role_description_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "staffing_plans_unit_year_uq" ON "staffing_plans" USING btree ("authority_id","unit_id","year");--> statement-breakpoint
CREATE INDEX "staffing_scenarios_plan_idx" ON "staffing_scenarios" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "staffing_tasks_plan_idx" ON "staffing_tasks" USING btree ("plan_id");