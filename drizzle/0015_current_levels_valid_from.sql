-- Each row of current_levels also says from when it is the level (valid_from: when the next
-- higher level's row expires; null when there is none), so a read picks the one row whose window
-- [valid_from, valid_until) holds the instant instead of grouping every person × competence's
-- rows for max(level) (issue 15: the coverage report over 15,000 people). The maintenance
-- function of drizzle/0011 now writes the column; the rows already there get it below.
ALTER TABLE "current_levels" ADD COLUMN "valid_from" timestamp with time zone;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION current_levels_refresh(authority_ids uuid[], person_ids uuid[], competence_ids text[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  -- One writer per person at a time (see drizzle/0011).
  PERFORM 1 FROM people WHERE id = ANY(person_ids) ORDER BY id FOR NO KEY UPDATE;
  DELETE FROM current_levels cl
    USING unnest(authority_ids, person_ids, competence_ids) AS t(a, p, c)
    WHERE cl.authority_id = t.a AND cl.person_id = t.p AND cl.competence_id = t.c;
  -- `higher` (the latest expiry of any higher level) is both the reason a level is kept (it
  -- outlives every higher one) and the instant from which it is the level: valid_from.
  INSERT INTO current_levels (authority_id, person_id, competence_id, level, valid_until, valid_from)
  SELECT s.a, s.p, s.c, s.level, nullif(s.until, 'infinity'::timestamptz), s.higher
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
-- Backfill: the stored rows of a person × competence are exactly the levels kept above, and every
-- level left out expired before some stored higher one, so the latest expiry among the stored
-- higher rows is the same `higher`.
UPDATE current_levels cl SET valid_from = h.higher
  FROM (SELECT authority_id, person_id, competence_id, level,
               max(coalesce(valid_until, 'infinity'::timestamptz)) OVER (PARTITION BY authority_id, person_id, competence_id ORDER BY level DESC
                                                                        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS higher
          FROM current_levels) h
 WHERE h.authority_id = cl.authority_id AND h.person_id = cl.person_id AND h.competence_id = cl.competence_id
   AND h.level = cl.level AND h.higher IS NOT NULL;
