CREATE TABLE "current_levels" (
	"authority_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"competence_id" text NOT NULL,
	"level" smallint NOT NULL,
	"valid_until" timestamp with time zone,
	CONSTRAINT "current_levels_authority_id_person_id_competence_id_level_pk" PRIMARY KEY("authority_id","person_id","competence_id","level"),
	CONSTRAINT "current_levels_level_ck" CHECK ("current_levels"."level" between 1 and 4)
);
--> statement-breakpoint
ALTER TABLE "current_levels" ADD CONSTRAINT "current_levels_authority_id_authorities_id_fk" FOREIGN KEY ("authority_id") REFERENCES "public"."authorities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "current_levels" ADD CONSTRAINT "current_levels_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "current_levels" ADD CONSTRAINT "current_levels_competence_id_competences_id_fk" FOREIGN KEY ("competence_id") REFERENCES "public"."competences"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "current_levels_person_idx" ON "current_levels" USING btree ("person_id");