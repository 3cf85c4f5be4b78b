// Mails about workshops, queued in the transaction of the change: the event was moved (with the
// updated calendar file: same UIDs, higher SEQUENCE) or cancelled (METHOD:CANCEL), someone moved
// up from the waiting list, a lead approved or refused a registration.
import { asc, eq } from "drizzle-orm";
import type { Queryable } from "~/db/client.server";
import { events, eventSessions } from "~/db/schema";
import { calendarFile } from "./events.server";
import { clockTime, sessionDate } from "./format";
import { translator } from "~/i18n/i18n";
import { appOrigin, layout, mailLocale } from "~/mail/compose.server";
import { enqueueMails, recipientsOf, type OutboxEntry } from "~/mail/outbox.server";

export type EventMailKind = "event.moved" | "event.cancelled" | "event.promoted" | "event.approved" | "event.refused";

const mailKey = { "event.moved": "moved", "event.cancelled": "cancelled", "event.promoted": "promoted", "event.approved": "approved", "event.refused": "refused" } as const;

/** Queues one mail per person about the event; the dedupe key (kind, event version, person) makes a repeat add nothing. */
export async function mailEventChange(db: Queryable, eventId: string, kind: EventMailKind, personIds: readonly string[], now: Date): Promise<number> {
  if (personIds.length === 0) return 0;
  const [event] = await db.select().from(events).where(eq(events.id, eventId));
  if (!event) return 0;
  const sessions = await db.select().from(eventSessions).where(eq(eventSessions.eventId, eventId)).orderBy(asc(eventSessions.startsAt));
  const href = `${appOrigin()}/events/${eventId}`;
  const host = new URL(appOrigin()).hostname;
  const withCalendar = kind !== "event.refused";
  const ics = withCalendar
    ? calendarFile(
        { id: event.id, title: event.title, description: event.description, place: event.place, onlineUrl: event.onlineUrl, status: event.status, sequence: event.sequence, sessions },
        kind === "event.cancelled",
        host,
        now,
      )
    : null;
  const to = await recipientsOf(db, personIds);
  const entries: OutboxEntry[] = personIds.flatMap((personId) => {
    const r = to.get(personId);
    if (!r) return [];
    const locale = mailLocale(r.locale);
    const t = translator(locale);
    const key = mailKey[kind];
    const dates = sessions.map((s) =>
      t("events.sessionRange", { date: sessionDate(s.startsAt.toISOString(), locale), from: clockTime(s.startsAt.toISOString(), locale), to: clockTime(s.endsAt.toISOString(), locale) }),
    );
    const body = layout(locale, {
      name: r.name,
      paragraphs: [t(`mail.event.${key}.text`, { title: event.title }), ...(kind === "event.cancelled" || kind === "event.refused" ? [] : dates), ...(ics ? [t("mail.event.calendar")] : [])],
      link: { href, label: t("mail.event.link") },
    });
    return [
      {
        authorityId: event.authorityId,
        personId,
        kind,
        // Moving and cancelling raise the sequence; the other kinds may recur for one person (register again).
        dedupeKey: `${kind}:${eventId}:${event.sequence}:${personId}${kind === "event.moved" || kind === "event.cancelled" ? "" : `:${now.getTime()}`}`,
        toAddress: r.email,
        toName: r.name,
        locale,
        mail: {
          subject: t(`mail.event.${key}.subject`, { title: event.title }),
          ...body,
          attachments: ics
            ? [{ filename: locale === "de" ? "veranstaltung.ics" : "workshop.ics", contentType: `text/calendar; charset=utf-8; method=${kind === "event.cancelled" ? "CANCEL" : "REQUEST"}`, content: ics }]
            : [],
        },
      },
    ];
  });
  return enqueueMails(db, entries);
}
