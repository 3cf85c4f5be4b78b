-- Keeps current_levels (drizzle/0010) equal to what the evidence says, in the transaction of
-- every evidence statement, whoever runs it (app, seed, generator, cascades from deleting a
-- person or an authority), and fills it from the evidence already there (docs/decisions/015).
--
-- Per authority × person × competence the rows are a step function: level L is stored with
-- the latest expiry (null = never) of counting evidence at exactly L, and only when that is
-- later than every higher level's; the level at an instant is the highest stored level that
-- has not expired then. Counting evidence: not a self-assessment, not revoked (as levels.ts).
CREATE FUNCTION current_levels_refresh(authority_ids uuid[], person_ids uuid[], competence_ids text[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  -- One writer per person at a time: a concurrent evidence write for the same person waits
  -- here (on the person's row, which scales to a statement about every person, unlike one
  -- advisory lock each), and the statements below then see its committed evidence and rows.
  -- NO KEY UPDATE does not block foreign-key checks against people.
  PERFORM 1 FROM people WHERE id = ANY(person_ids) ORDER BY id FOR NO KEY UPDATE;
  DELETE FROM current_levels cl
    USING unnest(authority_ids, person_ids, competence_ids) AS t(a, p, c)
    WHERE cl.authority_id = t.a AND cl.person_id = t.p AND cl.competence_id = t.c;
  INSERT INTO current_levels (authority_id, person_id, competence_id, level, valid_until)
  SELECT s.a, s.p, s.c, s.level, nullif(s.until, 'infinity'::timestamptz)
  FROM (
    SELECT x.*, max(x.until) OVER (PARTITION BY x.a, x.p, x.c ORDER BY x.level DESC
                                   ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS higher
    FROM (
      SELECT e.authority_id AS a, e.person_id AS p, e.competence_id AS c, e.level,
             max(coalesce(e.valid_until, 'infinity'::timestamptz)) AS until
      FROM (SELECT DISTINCT a, p, c FROM unnest(authority_ids, person_ids, competence_ids) AS u(a, p, c)) t
      JOIN evidence e ON e.authority_id = t.a AND e.person_id = t.p AND e.competence_id = t.c
      WHERE e.source <> 'self' AND e.revoked_at IS NULL
      GROUP BY 1, 2, 3, 4
    ) x
  ) s
  WHERE s.higher IS NULL OR s.until > s.higher;
END $$;
--> statement-breakpoint
CREATE FUNCTION current_levels_after_evidence() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  a uuid[];
  p uuid[];
  c text[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(authority_id), array_agg(person_id), array_agg(competence_id) INTO a, p, c
      FROM (SELECT DISTINCT authority_id, person_id, competence_id FROM new_rows WHERE source <> 'self') t;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(authority_id), array_agg(person_id), array_agg(competence_id) INTO a, p, c
      FROM (SELECT DISTINCT authority_id, person_id, competence_id FROM old_rows WHERE source <> 'self') t;
  ELSE
    SELECT array_agg(authority_id), array_agg(person_id), array_agg(competence_id) INTO a, p, c
      FROM (SELECT authority_id, person_id, competence_id FROM old_rows WHERE source <> 'self'
            UNION
            SELECT authority_id, person_id, competence_id FROM new_rows WHERE source <> 'self') t;
  END IF;
  IF a IS NOT NULL THEN
    PERFORM current_levels_refresh(a, p, c);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER current_levels_after_insert AFTER INSERT ON evidence
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION current_levels_after_evidence();
--> statement-breakpoint
CREATE TRIGGER current_levels_after_update AFTER UPDATE ON evidence
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION current_levels_after_evidence();
--> statement-breakpoint
CREATE TRIGGER current_levels_after_delete AFTER DELETE ON evidence
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION current_levels_after_evidence();
--> statement-breakpoint
-- Backfill: an upgraded installation starts with the levels its evidence already gives.
SELECT current_levels_refresh(array_agg(authority_id), array_agg(person_id), array_agg(competence_id))
  FROM (SELECT DISTINCT authority_id, person_id, competence_id FROM evidence WHERE source <> 'self') t
 HAVING count(*) > 0;
