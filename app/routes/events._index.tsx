// Veranstaltungen: upcoming workshops of the authority, those meant for the person first.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/auth/access.server";
import { getDb } from "~/db/client.server";
import { clockTime, sessionDate } from "~/events/format";
import { upcomingEvents } from "~/events/views.server";
import { pageTitle } from "~/shell/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "events.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  const canCreate = viewer.roles.includes("hr") || (viewer.roles.includes("lead") && viewer.ledUnitIds.length > 0);
  return { events: await upcomingEvents(getDb(), viewer, new Date()), canCreate };
}

export default function Events() {
  const { t, i18n } = useTranslation();
  const { events, canCreate } = useLoaderData<typeof loader>();
  const lang = i18n.language;
  return (
    <div className="page">
      <h1>{t("events.title")}</h1>
      <p className="lead-text">{t("events.intro")}</p>
      {canCreate ? (
        <p>
          <Link className="button" to="/events/new">
            {t("events.form.pageTitle")}
          </Link>
        </p>
      ) : null}
      {events.length === 0 ? <p>{t("events.empty")}</p> : null}
      <ul className="cards">
        {events.map((e) => (
          <li key={e.id}>
            <section className="card" aria-labelledby={`event-${e.id}`} data-event={e.id}>
              <h2 id={`event-${e.id}`}>
                <Link to={`/events/${e.id}`}>{e.title}</Link>
              </h2>
              <p>
                {e.forYou ? <span className="badge">{t("events.forYou")}</span> : null}{" "}
                {e.status === "cancelled" ? <span className="badge badge--warn">{t("events.cancelledBadge")}</span> : null}{" "}
                {e.mine ? <span className="badge badge--ok">{t(`events.mine.${e.mine}`)}</span> : null}
              </p>
              <dl className="facts">
                <dt>{t("events.when")}</dt>
                <dd>{t("events.sessionRange", { date: sessionDate(e.startsAt, lang), from: clockTime(e.startsAt, lang), to: clockTime(e.endsAt, lang) })}</dd>
                <dt>{t("events.place")}</dt>
                <dd>{e.place ?? t("events.online")}</dd>
                <dt>{t("events.seats")}</dt>
                <dd>
                  {t("events.seatsText", { taken: e.seatsTaken, capacity: e.capacity })}
                  {e.waiting ? `, ${t("events.waitingText", { count: e.waiting })}` : ""}
                </dd>
              </dl>
            </section>
          </li>
        ))}
      </ul>
    </div>
  );
}
