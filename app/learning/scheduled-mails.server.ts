// Mails that no single event causes but the calendar does: evidence about to expire (once per
// evidence and expiry date) and the leads' weekly digest of overdue assignments (once per lead
// and ISO week). Like the assignment reminders they are scheduled in the database: each run
// inserts what is due and not yet in the outbox (unique dedupe key, on conflict do nothing), so
// any instance may run them as often as it likes and a restart skips none and repeats none.
import { and, eq, exists, gt, gte, inArray, isNull, lte, ne, not, notExists, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { berlinDate } from "~/dates/calendar";
import { competenceName } from "~/competences/labels";
import { catalogsForAuthorities } from "~/courses/authority-catalog.server";
import type { Queryable } from "~/db/client.server";
import { assignments, authorities, events, evidence, mailOptOuts, outbox, people, personRoles, unitLeads, units } from "~/db/schema";
import { translator } from "~/i18n/i18n";
import { parseSettings } from "~/org/settings";
import { queueAssignmentReminders } from "./assignment-mails.server";
import { appOrigin, formatDue, layout, mailLocale } from "~/mail/compose.server";
import { enqueueMails, optedOut, type OutboxEntry } from "~/mail/outbox.server";

/** Evidence expiring within this many days is announced (the profile flags the same window). */
export const EXPIRY_NOTICE_DAYS = 60;

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
  // Other counting evidence at that level or higher that lasts beyond the window renews it.
  const renewing = alias(evidence, "r");
  const renewed = db
    .select({ one: sql`1` })
    .from(renewing)
    .where(
      and(
        eq(renewing.personId, evidence.personId),
        eq(renewing.competenceId, evidence.competenceId),
        ne(renewing.id, evidence.id),
        ne(renewing.source, "self"),
        isNull(renewing.revokedAt),
        gte(renewing.level, evidence.level),
        or(isNull(renewing.validUntil), gt(renewing.validUntil, until)),
      ),
    );
  const dedupeKey = sql<string>`'evidence.expiring:' || ${evidence.id}::text || ':' || to_char(${evidence.validUntil} at time zone 'UTC', 'YYYY-MM-DD')`;
  const announced = db.select({ one: sql`1` }).from(outbox).where(eq(outbox.dedupeKey, dedupeKey));
  const rows = await db
    .select({
      authorityId: evidence.authorityId,
      personId: evidence.personId,
      competenceId: evidence.competenceId,
      level: evidence.level,
      // Not null: the filter below asks for a date within the window.
      validUntil: sql<Date>`${evidence.validUntil}`.mapWith(evidence.validUntil),
      dedupeKey,
      email: people.email,
      name: sql<string>`${people.givenName} || ' ' || ${people.familyName}`,
      locale: people.locale,
    })
    .from(evidence)
    .innerJoin(people, and(eq(people.id, evidence.personId), sql`${people.active}`, isNull(people.deactivatedAt)))
    .where(
      and(
        ne(evidence.source, "self"),
        isNull(evidence.revokedAt),
        gt(evidence.validUntil, now),
        lte(evidence.validUntil, until),
        notExists(renewed),
        notExists(announced),
      ),
    )
    .orderBy(evidence.validUntil)
    .limit(2000);
  if (rows.length === 0) return 0;
  const off = await optedOut(db, [...new Set(rows.map((r) => r.personId))], "evidence.expiring");
  // The modules that renew it, as each person's authority has them.
  const catalogs = await catalogsForAuthorities(db, rows.map((r) => r.authorityId));
  const entries: OutboxEntry[] = rows
    .filter((r) => !off.has(r.personId))
    .map((r) => {
      const locale = mailLocale(r.locale);
      const t = translator(locale);
      const competence = competenceName(r.competenceId, locale);
      const date = formatDue(berlinDate(r.validUntil), locale);
      const level = r.level;
      const catalog = catalogs.get(r.authorityId)!;
      const modules = catalog.modulesCertifying(r.competenceId, level);
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
        authorityId: r.authorityId,
        personId: r.personId,
        kind: "evidence.expiring",
        dedupeKey: r.dedupeKey,
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
  const isLead = db
    .select({ one: sql`1` })
    .from(personRoles)
    .where(and(eq(personRoles.personId, people.id), eq(personRoles.role, "lead")));
  const sent = db
    .select({ one: sql`1` })
    .from(outbox)
    .where(eq(outbox.dedupeKey, sql`'digest.lead-overdue:' || ${people.id}::text || ':' || ${week}::text`));
  const leads = (
    await db
      .select({
        id: people.id,
        authorityId: people.authorityId,
        email: people.email,
        name: sql<string>`${people.givenName} || ' ' || ${people.familyName}`,
        locale: people.locale,
        settings: authorities.settings,
      })
      .from(people)
      .innerJoin(authorities, eq(authorities.id, people.authorityId))
      .innerJoin(mailOptOuts, and(eq(mailOptOuts.personId, people.id), eq(mailOptOuts.kind, "digest.lead-overdue"), not(mailOptOuts.off)))
      .where(and(sql`${people.active}`, isNull(people.deactivatedAt), exists(isLead), notExists(sent)))
  ).filter((l) => parseSettings(l.settings).leadsSeeIndividualProfiles);
  if (leads.length === 0) return 0;
  const overdue = await db
    .select({
      leadId: unitLeads.personId,
      unitName: units.name,
      givenName: people.givenName,
      familyName: people.familyName,
      courseId: assignments.courseId,
      moduleId: assignments.moduleId,
      eventTitle: events.title,
      dueOn: assignments.dueOn,
    })
    .from(unitLeads)
    .innerJoin(units, eq(units.id, unitLeads.unitId))
    .innerJoin(people, and(eq(people.unitId, unitLeads.unitId), eq(people.authorityId, units.authorityId), sql`${people.active}`, ne(people.id, unitLeads.personId)))
    .innerJoin(assignments, and(eq(assignments.personId, people.id), isNull(assignments.fulfilledAt), sql`${assignments.dueOn} < ${today}::date`))
    .leftJoin(events, eq(events.id, assignments.eventId))
    .where(
      inArray(
        unitLeads.personId,
        leads.map((l) => l.id),
      ),
    )
    .orderBy(units.name, assignments.dueOn, people.familyName, people.givenName);
  const catalogs = await catalogsForAuthorities(db, leads.map((l) => l.authorityId));
  const entries: OutboxEntry[] = leads.flatMap((lead) => {
    const catalog = catalogs.get(lead.authorityId)!;
    const mine = overdue.filter((o) => o.leadId === lead.id);
    if (mine.length === 0) return [];
    const locale = mailLocale(lead.locale);
    const t = translator(locale);
    const unitNames = new Set(mine.map((o) => o.unitName));
    const body = layout(locale, {
      name: lead.name,
      paragraphs: [t("mail.digest.text", { count: mine.length, date: formatDue(today, locale) })],
      items: mine.map((o) => {
        const title =
          o.eventTitle ?? (o.courseId ? ((o.moduleId ? catalog.module(o.courseId, o.moduleId)?.title : undefined) ?? catalog.course(o.courseId)?.title ?? o.courseId) : "");
        const who = `${o.givenName} ${o.familyName}`;
        const text = t("mail.digest.item", { name: who, title, due: formatDue(o.dueOn, locale) });
        return { text: unitNames.size > 1 ? `${o.unitName}: ${text}` : text };
      }),
      link: { href: `${appOrigin()}/team#open-assignments`, label: t("mail.digest.link") },
    });
    return [
      {
        authorityId: lead.authorityId,
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
