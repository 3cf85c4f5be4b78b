// Mails that no single event causes but the calendar does: evidence about to expire (once per
// evidence and expiry date) and the leads' weekly digest of overdue assignments (once per lead
// and ISO week). Like the assignment reminders they are scheduled in the database: each run
// inserts what is due and not yet in the outbox (unique dedupe key, on conflict do nothing), so
// any instance may run them as often as it likes and a restart skips none and repeats none.
import { sql } from "drizzle-orm";
import { berlinDate } from "~/dates/calendar";
import { competenceName } from "~/competences/labels";
import { catalogsForAuthorities } from "~/courses/authority-catalog.server";
import { rowsOf, type Queryable } from "~/db/client.server";
import { translator } from "~/i18n/i18n";
import { parseSettings } from "~/org/settings";
import { queueAssignmentReminders } from "./assignment-mails.server";
import { appOrigin, formatDue, layout, mailLocale } from "~/mail/compose.server";
import { enqueueMails, optedOut, type OutboxEntry } from "~/mail/outbox.server";

/** Evidence expiring within this many days is announced (the profile flags the same window). */
export const EXPIRY_NOTICE_DAYS = 60;

interface Expiring {
  id: string;
  authority_id: string;
  person_id: string;
  competence_id: string;
  level: number;
  valid_until: Date | string;
  dedupe_key: string;
  email: string;
  name: string;
  locale: string | null;
}

/**
 * Queues one mail per counting evidence (not self-assessed, not revoked) of an active person
 * that expires within 60 days of `now`, naming the modules that renew it (those certifying the
 * competence at the evidence's level or higher). Evidence already renewed (other counting
 * evidence at that level lasting beyond the window) is not announced. The key includes the
 * expiry date: if HR moves the date (a module's evidence expired early), the person hears the
 * new date once. Respects the "evidence.expiring" opt-out. Returns how many were queued.
 */
export async function queueEvidenceExpiry(db: Queryable, now: Date): Promise<number> {
  const until = new Date(now.getTime() + EXPIRY_NOTICE_DAYS * 86_400_000);
  const rows = rowsOf<Expiring>(
    await db.execute(sql`
      with due as (
        select e.id, e.authority_id, e.person_id, e.competence_id, e.level, e.valid_until,
               'evidence.expiring:' || e.id::text || ':' || to_char(e.valid_until at time zone 'UTC', 'YYYY-MM-DD') as dedupe_key
        from evidence e
        where e.source <> 'self' and e.revoked_at is null
          and e.valid_until > ${now.toISOString()}::timestamptz and e.valid_until <= ${until.toISOString()}::timestamptz
          and not exists (
            select 1 from evidence r
            where r.person_id = e.person_id and r.competence_id = e.competence_id and r.id <> e.id
              and r.source <> 'self' and r.revoked_at is null and r.level >= e.level
              and (r.valid_until is null or r.valid_until > ${until.toISOString()}::timestamptz))
      )
      select due.*, p.email, p.given_name || ' ' || p.family_name as name, p.locale
      from due join people p on p.id = due.person_id and p.active and p.deactivated_at is null
      where not exists (select 1 from outbox o where o.dedupe_key = due.dedupe_key)
      order by due.valid_until
      limit 2000`),
  );
  if (rows.length === 0) return 0;
  const off = await optedOut(db, [...new Set(rows.map((r) => r.person_id))], "evidence.expiring");
  // The modules that renew it, as each person's authority has them.
  const catalogs = await catalogsForAuthorities(db, rows.map((r) => r.authority_id));
  const entries: OutboxEntry[] = rows
    .filter((r) => !off.has(r.person_id))
    .map((r) => {
      const locale = mailLocale(r.locale);
      const t = translator(locale);
      const competence = competenceName(r.competence_id, locale);
      const date = formatDue(berlinDate(new Date(r.valid_until)), locale);
      const level = Number(r.level);
      const catalog = catalogs.get(r.authority_id)!;
      const modules = catalog.modulesCertifying(r.competence_id, level);
      const body = layout(locale, {
        name: r.name,
        paragraphs: [t("mail.expiring.text", { competence, level, date }), modules.length ? t("mail.expiring.renewWith") : t("mail.expiring.noModule")],
        items: modules.map((m) => ({
          text: t("mail.expiring.module", { title: m.title, course: catalog.course(m.courseId)?.title ?? m.courseId, level: m.certifiesLevel }),
          href: `${appOrigin()}/courses/${m.courseId}/${m.id}`,
        })),
        link: { href: `${appOrigin()}/profile`, label: t("mail.expiring.link") },
      });
      return {
        authorityId: r.authority_id,
        personId: r.person_id,
        kind: "evidence.expiring",
        dedupeKey: r.dedupe_key,
        toAddress: r.email,
        toName: r.name,
        locale,
        mail: { subject: t("mail.expiring.subject", { competence, date }), ...body, attachments: [] },
      };
    });
  return enqueueMails(db, entries);
}

/** ISO 8601 week of a calendar day (yyyy-mm-dd), e.g. "2026-W49": the digest's once-a-week key. */
export function isoWeek(day: string): string {
  const [y, m, d] = day.split("-").map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  const weekday = date.getUTCDay() || 7;
  // The Thursday of this week decides the year the week belongs to.
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((date.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${date.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}

interface Lead {
  id: string;
  authority_id: string;
  email: string;
  name: string;
  locale: string | null;
  settings: unknown;
}

interface Overdue {
  lead_id: string;
  unit_name: string;
  given_name: string;
  family_name: string;
  course_id: string | null;
  module_id: string | null;
  event_title: string | null;
  due_on: string;
}

/**
 * Queues the weekly digest for every active lead who switched it on (opt-in on /account/mail):
 * the open assignments past their due date of the active members of the units they lead (not
 * their own), as /team lists them. Only where the authority lets leads see individual profiles:
 * with that switch off the team page shows no one's assignments, and neither does the mail (no
 * digest at all). At most one per lead and ISO week (Berlin calendar); a week without anything
 * overdue sends none. Returns how many were queued.
 */
export async function queueLeadDigests(db: Queryable, now: Date): Promise<number> {
  const today = berlinDate(now);
  const week = isoWeek(today);
  const leads = rowsOf<Lead>(
    await db.execute(sql`
      select p.id, p.authority_id, p.email, p.given_name || ' ' || p.family_name as name, p.locale, a.settings
      from people p
      join authorities a on a.id = p.authority_id
      join mail_opt_outs c on c.person_id = p.id and c.kind = 'digest.lead-overdue' and not c.off
      where p.active and p.deactivated_at is null
        and exists (select 1 from person_roles r where r.person_id = p.id and r.role = 'lead')
        and not exists (select 1 from outbox o where o.dedupe_key = 'digest.lead-overdue:' || p.id::text || ':' || ${week}::text)`),
  ).filter((l) => parseSettings(l.settings).leadsSeeIndividualProfiles);
  if (leads.length === 0) return 0;
  const overdue = rowsOf<Overdue>(
    await db.execute(sql`
      select ul.person_id as lead_id, u.name as unit_name, m.given_name, m.family_name, a.course_id, a.module_id, e.title as event_title, a.due_on::text as due_on
      from unit_leads ul
      join units u on u.id = ul.unit_id
      join people m on m.unit_id = ul.unit_id and m.authority_id = u.authority_id and m.active and m.id <> ul.person_id
      join assignments a on a.person_id = m.id and a.fulfilled_at is null and a.due_on < ${today}::date
      left join events e on e.id = a.event_id
      where ul.person_id in (${sql.join(
        leads.map((l) => sql`${l.id}::uuid`),
        sql`, `,
      )})
      order by u.name, a.due_on, m.family_name, m.given_name`),
  );
  const catalogs = await catalogsForAuthorities(db, leads.map((l) => l.authority_id));
  const entries: OutboxEntry[] = leads.flatMap((lead) => {
    const catalog = catalogs.get(lead.authority_id)!;
    const mine = overdue.filter((o) => o.lead_id === lead.id);
    if (mine.length === 0) return [];
    const locale = mailLocale(lead.locale);
    const t = translator(locale);
    const units = new Set(mine.map((o) => o.unit_name));
    const body = layout(locale, {
      name: lead.name,
      paragraphs: [t("mail.digest.text", { count: mine.length, date: formatDue(today, locale) })],
      items: mine.map((o) => {
        const title =
          o.event_title ?? (o.course_id ? ((o.module_id ? catalog.module(o.course_id, o.module_id)?.title : undefined) ?? catalog.course(o.course_id)?.title ?? o.course_id) : "");
        const who = `${o.given_name} ${o.family_name}`;
        const text = t("mail.digest.item", { name: who, title, due: formatDue(String(o.due_on).slice(0, 10), locale) });
        return { text: units.size > 1 ? `${o.unit_name}: ${text}` : text };
      }),
      link: { href: `${appOrigin()}/team#open-assignments`, label: t("mail.digest.link") },
    });
    return [
      {
        authorityId: lead.authority_id,
        personId: lead.id,
        kind: "digest.lead-overdue",
        dedupeKey: `digest.lead-overdue:${lead.id}:${week}`,
        toAddress: lead.email,
        toName: lead.name,
        locale,
        mail: { subject: t("mail.digest.subject", { count: mine.length }), ...body, attachments: [] },
      },
    ];
  });
  return enqueueMails(db, entries);
}

/** Everything the calendar makes due (reminders, expiring evidence, digests); any instance, any time. */
export async function queueScheduledMails(db: Queryable, now: Date): Promise<number> {
  return (await queueAssignmentReminders(db, berlinDate(now))) + (await queueEvidenceExpiry(db, now)) + (await queueLeadDigests(db, now));
}
