CREATE TABLE "report_versions" (
	"authority_id" uuid PRIMARY KEY NOT NULL,
	"version" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "report_versions" ADD CONSTRAINT "report_versions_authority_id_authorities_id_fk" FOREIGN KEY ("authority_id") REFERENCES "public"."authorities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "current_levels_valid_until_idx" ON "current_levels" USING btree ("authority_id","valid_until") WHERE "current_levels"."valid_until" is not null;--> statement-breakpoint
CREATE INDEX "current_levels_valid_from_idx" ON "current_levels" USING btree ("authority_id","valid_from") WHERE "current_levels"."valid_from" is not null;--> statement-breakpoint
-- Raises an authority's report_versions counter once per transaction, at commit, when anything
-- the coverage report reads changes (see app/db/schema/hr.ts). Deferred constraint triggers fire
-- at commit, after every other lock the transaction takes: the counter's row lock is the last
-- one, so it adds waits between writers of one authority but no deadlock. The transaction-local
-- setting remembers which authorities this transaction has already raised.
CREATE FUNCTION report_version_bump() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  a uuid;
  rd uuid;
  done text := coalesce(current_setting('horizont.report_bumped', true), '');
BEGIN
  -- plpgsql compiles a trigger function per table, so each branch names only its table's columns.
  IF TG_TABLE_NAME = 'role_requirements' THEN
    IF TG_OP = 'DELETE' THEN rd := OLD.role_description_id; ELSE rd := NEW.role_description_id; END IF;
    SELECT authority_id INTO a FROM role_descriptions WHERE id = rd;
  ELSIF TG_OP = 'DELETE' THEN
    a := OLD.authority_id;
  ELSE
    a := NEW.authority_id;
  END IF;
  IF a IS NULL OR position(a::text IN done) > 0 THEN
    RETURN NULL;
  END IF;
  PERFORM set_config('horizont.report_bumped', done || a::text || ' ', true);
  -- An authority deleted in this transaction has nothing left to report.
  INSERT INTO report_versions AS v (authority_id, version)
    SELECT a, 1 WHERE EXISTS (SELECT 1 FROM authorities WHERE id = a)
    ON CONFLICT (authority_id) DO UPDATE SET version = v.version + 1;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER report_version_current_levels AFTER INSERT OR UPDATE OR DELETE ON current_levels
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION report_version_bump();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER report_version_people AFTER INSERT OR UPDATE OF authority_id, unit_id, role_description_id, active OR DELETE ON people
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION report_version_bump();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER report_version_role_descriptions AFTER INSERT OR UPDATE OR DELETE ON role_descriptions
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION report_version_bump();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER report_version_role_requirements AFTER INSERT OR UPDATE OR DELETE ON role_requirements
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION report_version_bump();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER report_version_authored_module_versions AFTER INSERT OR UPDATE OR DELETE ON authored_module_versions
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION report_version_bump();
