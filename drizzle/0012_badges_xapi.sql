CREATE TABLE "badge_credentials" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"authority_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"achievement" text NOT NULL,
	"code" text NOT NULL,
	"status_index" integer NOT NULL,
	"credential" jsonb NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid
);
--> statement-breakpoint
CREATE TABLE "badge_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"authority_id" uuid NOT NULL,
	"public_key_multibase" text NOT NULL,
	"secret_key_encrypted" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "xapi_statements" (
	"id" uuid PRIMARY KEY NOT NULL,
	"authority_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"dedupe_key" text NOT NULL,
	"statement" jsonb NOT NULL,
	"status" "outbox_status" DEFAULT 'pending' NOT NULL,
	"tries" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "badge_credentials" ADD CONSTRAINT "badge_credentials_authority_id_authorities_id_fk" FOREIGN KEY ("authority_id") REFERENCES "public"."authorities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "badge_credentials" ADD CONSTRAINT "badge_credentials_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "badge_credentials" ADD CONSTRAINT "badge_credentials_revoked_by_people_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "badge_keys" ADD CONSTRAINT "badge_keys_authority_id_authorities_id_fk" FOREIGN KEY ("authority_id") REFERENCES "public"."authorities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "xapi_statements" ADD CONSTRAINT "xapi_statements_authority_id_authorities_id_fk" FOREIGN KEY ("authority_id") REFERENCES "public"."authorities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "xapi_statements" ADD CONSTRAINT "xapi_statements_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "badge_credentials_person_achievement_uq" ON "badge_credentials" USING btree ("person_id","achievement");--> statement-breakpoint
CREATE UNIQUE INDEX "badge_credentials_status_uq" ON "badge_credentials" USING btree ("authority_id","status_index");--> statement-breakpoint
CREATE UNIQUE INDEX "badge_credentials_code_uq" ON "badge_credentials" USING btree ("code");--> statement-breakpoint
CREATE INDEX "badge_keys_authority_idx" ON "badge_keys" USING btree ("authority_id");--> statement-breakpoint
CREATE UNIQUE INDEX "badge_keys_active_uq" ON "badge_keys" USING btree ("authority_id") WHERE "badge_keys"."retired_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "xapi_statements_dedupe_uq" ON "xapi_statements" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "xapi_statements_due_idx" ON "xapi_statements" USING btree ("next_attempt_at") WHERE "xapi_statements"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "xapi_statements_person_idx" ON "xapi_statements" USING btree ("person_id","created_at");