CREATE TABLE "authored_courses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"authority_id" uuid NOT NULL,
	"course_id" text NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"language" text DEFAULT 'de' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "authored_courses_language_ck" CHECK ("authored_courses"."language" in ('de', 'en'))
);
--> statement-breakpoint
ALTER TABLE "authored_modules" ADD COLUMN "position" integer;--> statement-breakpoint
ALTER TABLE "authored_courses" ADD CONSTRAINT "authored_courses_authority_id_authorities_id_fk" FOREIGN KEY ("authority_id") REFERENCES "public"."authorities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "authored_courses" ADD CONSTRAINT "authored_courses_created_by_people_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "authored_courses_key_uq" ON "authored_courses" USING btree ("authority_id","course_id");--> statement-breakpoint
CREATE UNIQUE INDEX "authored_modules_own_id_uq" ON "authored_modules" USING btree ("authority_id","module_id") WHERE "authored_modules"."position" is not null;