// Mails about learning assignments: "assigned" (with an .ics for the due date), and the two
// reminders (7 days before due, on the day it becomes overdue), scheduled in the database.
import { and, eq, inArray, isNull, notExists, sql } from "drizzle-orm";
import type { Queryable } from "~/db/client.server";
import { assignments, events, outbox, people } from "~/db/schema";
import { catalogForAuthority, catalogsForAuthorities, type AuthorityCatalog } from "~/courses/authority-catalog.server";
import { translator } from "~/i18n/i18n";
import { appOrigin, formatDue, layout, mailLocale, type ComposedMail } from "~/mail/compose.server";
import { dueDateEvent } from "~/mail/ics.server";
import { enqueueMails, optedOut, recipientsOf, type OutboxEntry } from "~/mail/outbox.server";

interface AssignmentRef {
  id: string;
  personId: string;
  courseId: string | null;
  moduleId: string | null;
  /** A workshop assignment: the event and its title (the due date is its first date). */
  eventId?: string | null;
  eventTitle?: string | null;
  dueOn: string;
}

/** What the mail names: the module (or course) titled as the person's authority has it, or the workshop. */
function targetOf(catalog: AuthorityCatalog, a: AssignmentRef): { title: string; path: string } {
  if (a.eventId) return { title: a.eventTitle ?? "", path: `/events/${a.eventId}` };
  if (!a.courseId) return { title: "", path: "/" };
  if (a.moduleId) {
    const m = catalog.module(a.courseId, a.moduleId);
    return { title: m?.title ?? a.moduleId, path: `/courses/${a.courseId}/${a.moduleId}` };
  }
  return { title: catalog.course(a.courseId)?.title ?? a.courseId, path: `/courses/${a.courseId}` };
}

export function assignedMail(catalog: AuthorityCatalog, a: AssignmentRef, input: { name: string; locale: string | null; assignedByName: string | null }): ComposedMail {
  const locale = mailLocale(input.locale);
  const t = translator(locale);
  const { title, path } = targetOf(catalog, a);
  const due = formatDue(a.dueOn, locale);
  const href = `${appOrigin()}${path}`;
  if (a.eventId) {
    // The workshop's own calendar file (all dates, kept up to date) is on its page; no due-date entry beside it.
    const by = input.assignedByName ?? t("mail.assigned.bySomeone");
    return {
      subject: t("mail.assigned.workshopSubject", { title, due }),
      ...layout(locale, { name: input.name, paragraphs: [t("mail.assigned.workshopText", { by, title, due }), t("mail.assigned.workshopCalendar")], link: { href, label: t("mail.assigned.workshopLink") } }),
      attachments: [],
    };
  }
  const body = layout(locale, {
    name: input.name,
    paragraphs: [t("mail.assigned.text", { by: input.assignedByName ?? t("mail.assigned.bySomeone"), title, due }), t("mail.assigned.calendar")],
    link: { href, label: t("mail.assigned.link") },
  });
  const ics = dueDateEvent({ uid: `assignment-${a.id}@horizont`, dueOn: a.dueOn, summary: t("mail.assigned.event", { title }), description: href, url: href });
  return {
    subject: t("mail.assigned.subject", { title, due }),
    ...body,
    attachments: [{ filename: locale === "de" ? "faelligkeit.ics" : "due-date.ics", contentType: "text/calendar; charset=utf-8; method=PUBLISH", content: ics }],
  };
}

/** Queues the "assigned" mail for new assignments (call in the transaction that created them). */
export async function mailAssignmentsCreated(db: Queryable, authorityId: string, created: AssignmentRef[], assignedByName: string | null): Promise<number> {
  const to = await recipientsOf(db, created.map((c) => c.personId));
  const catalog = await catalogForAuthority(db, authorityId);
  const eventIds = [...new Set(created.flatMap((c) => (c.eventId ? [c.eventId] : [])))];
  const titles = new Map<string, string>();
  if (eventIds.length)
    for (const r of await db.select({ id: events.id, title: events.title }).from(events).where(inArray(events.id, eventIds))) titles.set(r.id, r.title);
  const entries: OutboxEntry[] = created.flatMap((a) => {
    const r = to.get(a.personId);
    if (!r) return [];
    return [
      {
        authorityId,
        personId: a.personId,
        kind: "assignment.created",
        dedupeKey: `assignment.created:${a.id}`,
        toAddress: r.email,
        toName: r.name,
        locale: mailLocale(r.locale),
        mail: assignedMail(catalog, { ...a, eventTitle: a.eventId ? (titles.get(a.eventId) ?? null) : null }, { name: r.name, locale: r.locale, assignedByName }),
      },
    ];
  });
  return enqueueMails(db, entries);
}

function reminderMail(kind: "dueSoon" | "overdue", catalog: AuthorityCatalog, a: AssignmentRef, input: { name: string; locale: string | null }): ComposedMail {
  const locale = mailLocale(input.locale);
  const t = translator(locale);
  const { title, path } = targetOf(catalog, a);
  const due = formatDue(a.dueOn, locale);
  const body = layout(locale, { name: input.name, paragraphs: [t(`mail.${kind}.text`, { title, due })], link: { href: `${appOrigin()}${path}`, label: t(`mail.${kind}.link`) } });
  return { subject: t(`mail.${kind}.subject`, { title, due }), ...body, attachments: [] };
}

/**
 * Queues the reminders that are due on `today` (yyyy-mm-dd, Berlin): open assignments of active
 * people due in exactly 7 days or less (not yet reminded), and those whose due date has passed
 * (overdue, once). The dedupe key (assignment, kind) makes this safe to run from any instance, as
 * often as wanted: a restart repeats none, and a missed day is caught up on the next run because
 * the conditions are "within 7 days" and "past due", not "exactly today". Returns how many were queued.
 */
export async function queueAssignmentReminders(db: Queryable, today: string): Promise<number> {
  let queued = 0;
  for (const kind of ["due-soon", "overdue"] as const) {
    const condition =
      kind === "due-soon"
        ? sql`${assignments.dueOn} >= ${today}::date and ${assignments.dueOn} <= ${today}::date + 7`
        : sql`${assignments.dueOn} < ${today}::date`;
    const reminded = db
      .select({ one: sql`1` })
      .from(outbox)
      .where(eq(outbox.dedupeKey, sql`'assignment.' || ${kind}::text || ':' || ${assignments.id}::text`));
    const rows = await db
      .select({
        id: assignments.id,
        authorityId: assignments.authorityId,
        personId: assignments.personId,
        courseId: assignments.courseId,
        moduleId: assignments.moduleId,
        eventId: assignments.eventId,
        eventTitle: events.title,
        dueOn: assignments.dueOn,
        email: people.email,
        name: sql<string>`${people.givenName} || ' ' || ${people.familyName}`,
        locale: people.locale,
      })
      .from(assignments)
      .innerJoin(people, and(eq(people.id, assignments.personId), eq(people.active, true)))
      .leftJoin(events, eq(events.id, assignments.eventId))
      .where(and(isNull(assignments.fulfilledAt), condition, notExists(reminded)))
      .limit(2000);
    if (rows.length === 0) continue;
    const off = await optedOut(db, [...new Set(rows.map((r) => r.personId))], `assignment.${kind}`);
    const catalogs = await catalogsForAuthorities(db, rows.map((r) => r.authorityId));
    queued += await enqueueMails(
      db,
      rows
        .filter((r) => !off.has(r.personId))
        .map((r) => {
          const a = { id: r.id, personId: r.personId, courseId: r.courseId, moduleId: r.moduleId, eventId: r.eventId, eventTitle: r.eventTitle, dueOn: r.dueOn };
          return {
            authorityId: r.authorityId,
            personId: r.personId,
            kind: `assignment.${kind}`,
            dedupeKey: `assignment.${kind}:${r.id}`,
            toAddress: r.email,
            toName: r.name,
            locale: mailLocale(r.locale),
            mail: reminderMail(kind === "due-soon" ? "dueSoon" : "overdue", catalogs.get(r.authorityId)!, a, { name: r.name, locale: r.locale }),
          };
        }),
    );
  }
  return queued;
}
