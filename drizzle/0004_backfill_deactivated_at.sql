-- Accounts that were inactive before "deactivated by an admin" was stored separately from "not
-- yet set up": those with a password had been set up, so an admin deactivated them. Marking them
-- keeps an outstanding set-password link from reactivating them (issue 21, finding 1).
UPDATE "people" SET "deactivated_at" = "updated_at" WHERE NOT "active" AND "password_hash" IS NOT NULL AND "deactivated_at" IS NULL;
