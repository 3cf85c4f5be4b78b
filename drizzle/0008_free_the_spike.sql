CREATE TYPE "public"."authored_version_status" AS ENUM('in_review', 'rejected', 'published', 'superseded', 'withdrawn');--> statement-breakpoint
ALTER TYPE "public"."account_role" ADD VALUE 'editor';--> statement-breakpoint
CREATE TABLE "authored_module_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"authored_module_id" uuid NOT NULL,
	"authority_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"source" text NOT NULL,
	"content_hash" text NOT NULL,
	"compiled_code" text NOT NULL,
	"compiled_key" jsonb NOT NULL,
	"status" "authored_version_status" DEFAULT 'in_review' NOT NULL,
	"submitted_by" uuid,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"review_note" text,
	"withdrawn_reason" text,
	"withdrawn_at" timestamp with time zone,
	CONSTRAINT "authored_module_versions_withdrawn_ck" CHECK ("authored_module_versions"."status" <> 'withdrawn' or "authored_module_versions"."withdrawn_reason" is not null)
);
--> statement-breakpoint
CREATE TABLE "authored_modules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"authority_id" uuid NOT NULL,
	"course_id" text NOT NULL,
	"module_id" text NOT NULL,
	"copied_from" text,
	"draft_source" text NOT NULL,
	"draft_revision" integer DEFAULT 1 NOT NULL,
	"draft_updated_by" uuid,
	"draft_updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "authored_module_versions" ADD CONSTRAINT "authored_module_versions_authored_module_id_authored_modules_id_fk" FOREIGN KEY ("authored_module_id") REFERENCES "public"."authored_modules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "authored_module_versions" ADD CONSTRAINT "authored_module_versions_authority_id_authorities_id_fk" FOREIGN KEY ("authority_id") REFERENCES "public"."authorities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "authored_module_versions" ADD CONSTRAINT "authored_module_versions_submitted_by_people_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "authored_module_versions" ADD CONSTRAINT "authored_module_versions_reviewed_by_people_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "authored_modules" ADD CONSTRAINT "authored_modules_authority_id_authorities_id_fk" FOREIGN KEY ("authority_id") REFERENCES "public"."authorities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "authored_modules" ADD CONSTRAINT "authored_modules_draft_updated_by_people_id_fk" FOREIGN KEY ("draft_updated_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "authored_module_versions_uq" ON "authored_module_versions" USING btree ("authored_module_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "authored_module_versions_published_uq" ON "authored_module_versions" USING btree ("authored_module_id") WHERE "authored_module_versions"."status" = 'published';--> statement-breakpoint
CREATE INDEX "authored_module_versions_authority_idx" ON "authored_module_versions" USING btree ("authority_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "authored_modules_key_uq" ON "authored_modules" USING btree ("authority_id","course_id","module_id");