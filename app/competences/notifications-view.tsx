// Unread notifications (e.g. "your role now requires more") with a button to mark them read;
// the form posts to /profile and works without JavaScript.
import { Form } from "@remix-run/react";
import { useT } from "~/i18n/use-t";
import { competenceName, formatDate } from "./labels";

interface Notification {
  id: string;
  kind: string;
  createdAt: string;
  details: { roleTitle?: string; version?: number; competences?: { competenceId: string; from: number; to: number; current: number }[]; eventId?: string; title?: string };
}

export function NotificationList({ notifications, back }: { notifications: Notification[]; back: "/" | "/profile" }) {
  const { t, lang } = useT();
  if (notifications.length === 0) return null;
  return (
    <section className="notice notice--info notifications" aria-labelledby="notifications-title">
      <h2 id="notifications-title">{t("competences.notifications.title", { count: notifications.length })}</h2>
      <ul>
        {notifications.map((n) => (
          <li key={n.id}>
            {n.kind.startsWith("event.") ? (
              <a href={`/events/${n.details.eventId}`}>{t(`events.notifications.${n.kind as "event.moved"}`, { title: n.details.title })}</a>
            ) : (
              <>
            <strong>{t("competences.notifications.raised", { role: n.details.roleTitle, date: formatDate(n.createdAt, lang) })}</strong>
            <ul>
              {(n.details.competences ?? []).map((c) => (
                <li key={c.competenceId}>
                  {t("competences.notifications.item", { name: competenceName(c.competenceId, lang), from: c.from, to: c.to, current: c.current })}
                </li>
              ))}
            </ul>
              </>
            )}
          </li>
        ))}
      </ul>
      <Form method="post" action="/profile" className="inline-form">
        <input type="hidden" name="intent" value="notifications-read" />
        <input type="hidden" name="back" value={back} />
        {notifications.map((n) => (
          <input key={n.id} type="hidden" name="ids" value={n.id} />
        ))}
        {back === "/" ? (
          <a href="/profile" className="button button--secondary">
            {t("competences.notifications.toProfile")}
          </a>
        ) : null}
        <button type="submit" className="button button--secondary">
          {t("competences.notifications.markRead")}
        </button>
      </Form>
    </section>
  );
}
