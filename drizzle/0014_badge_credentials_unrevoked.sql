DROP INDEX "badge_credentials_person_achievement_uq";--> statement-breakpoint
DROP INDEX "badge_credentials_code_uq";--> statement-breakpoint
CREATE UNIQUE INDEX "badge_credentials_person_achievement_uq" ON "badge_credentials" USING btree ("person_id","achievement") WHERE "badge_credentials"."revoked_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "badge_credentials_code_uq" ON "badge_credentials" USING btree ("code") WHERE "badge_credentials"."revoked_at" is null;