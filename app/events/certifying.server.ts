// Upcoming workshops that certify a competence above a level: named where the quiz result and
// "Mein Lernen" would otherwise only say "a workshop" closes a gap.
import { sql } from "drizzle-orm";
import { rowsOf, type Queryable } from "~/db/client.server";

export interface CertifyingWorkshop {
  eventId: string;
  title: string;
  /** First date (ISO instant). */
  startsAt: string;
  competenceId: string;
  level: number;
}

/**
 * Per wanted competence the soonest workshop of the authority that certifies it above `above`
 * (preferring one that reaches `required`), still open for registration and not yet begun.
 * One query for all competences; competences without such a workshop are absent from the map.
 */
export async function workshopsCertifying(
  db: Queryable,
  authorityId: string,
  wanted: readonly { competenceId: string; above: number; required: number }[],
  now: Date,
): Promise<Map<string, CertifyingWorkshop>> {
  const out = new Map<string, CertifyingWorkshop>();
  if (wanted.length === 0) return out;
  const rows = rowsOf<{ id: string; title: string; first_start: string | Date; competence_id: string; level: number }>(
    await db.execute(sql`
      select e.id, e.title, s.first_start, ec.competence_id, ec.level
      from events e
      join event_competences ec on ec.event_id = e.id
      join (select event_id, min(starts_at) as first_start from event_sessions group by event_id) s on s.event_id = e.id
      where e.authority_id = ${authorityId} and e.status = 'scheduled'
        and e.registration_deadline >= ${now.toISOString()}::timestamptz and s.first_start > ${now.toISOString()}::timestamptz
        and ec.competence_id in (${sql.join(
          wanted.map((w) => sql`${w.competenceId}`),
          sql`, `,
        )})
      order by s.first_start, e.title`),
  );
  for (const w of wanted) {
    const fitting = rows.filter((r) => r.competence_id === w.competenceId && Number(r.level) > w.above);
    const chosen = fitting.find((r) => Number(r.level) >= w.required) ?? fitting[0];
    if (chosen)
      out.set(w.competenceId, {
        eventId: chosen.id,
        title: chosen.title,
        startsAt: new Date(chosen.first_start).toISOString(),
        competenceId: w.competenceId,
        level: Number(chosen.level),
      });
  }
  return out;
}
