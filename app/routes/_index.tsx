// Start page after sign-in: "My learning" for everyone with a profile (assigned modules, overdue
// first; recommendations from their gaps; courses in progress) and the areas their roles open.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { hasPermission, requireUser } from "~/auth/access.server";
import { competenceName, formatDate } from "~/competences/labels";
import { myLearning } from "~/learning/my-learning.server";
import { moduleHref } from "~/learning/profile";
import { catalogForAuthority } from "~/courses/authority-catalog.server";
import { unreadNotifications } from "~/competences/notifications.server";
import { NotificationList } from "~/competences/notifications-view";
import { Notice } from "~/shell/forms";
import { getDb } from "~/db/client.server";
import { modulesUnderRevision } from "~/legal/changes.server";
import { RevisionBadge } from "~/legal/module-notice";
import { navigationFor } from "~/shell/navigation";
import { pageTitle } from "~/shell/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "competences.learning.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  const learner = hasPermission(viewer, "read:learning:own");
  return {
    givenName: viewer.givenName,
    roles: viewer.roles,
    learning: learner ? await myLearning(getDb(), viewer, new Date()) : null,
    // Modules citing a norm HR marked as changed ("wird überarbeitet").
    revising: learner ? await modulesUnderRevision(getDb(), viewer.authorityId, (await catalogForAuthority(getDb(), viewer.authorityId)).courses) : [],
    notifications: learner ? await unreadNotifications(getDb(), viewer.authorityId, viewer.id) : [],
  };
}

export default function Home() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { givenName, roles, learning, revising, notifications } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const areas = navigationFor(roles).filter((item) => item.to !== "/");
  return (
    <div className="page">
      <h1>{learning ? t("competences.learning.title") : t("home.title", { name: givenName })}</h1>
      {learning ? <p className="lead-text">{t("competences.learning.greeting", { name: givenName })}</p> : <p className="lead-text">{t("home.intro")}</p>}
      {params.get("read") === "notifications" ? <Notice>{t("competences.notifications.read")}</Notice> : null}
      <NotificationList notifications={notifications} back="/" />
      {learning ? (
        <>
          <section aria-labelledby="assigned-title">
            <h2 id="assigned-title">{t("competences.learning.assigned")}</h2>
            {learning.assigned.length === 0 ? (
              <p>{t("competences.learning.assignedNone")}</p>
            ) : (
              <ul className="learning-list">
                {learning.assigned.map((a) => (
                  <li key={a.id} className={a.overdue ? "learning-item learning-item--overdue" : "learning-item"}>
                    {a.eventId || !a.courseId ? (
                      <>
                        <Link to={`/events/${a.eventId}`}>{a.title}</Link>
                        <span className="muted"> ({t("competences.team.workshopOn", { date: formatDate(a.eventStartsAt ?? a.dueOn, lang) })})</span>
                      </>
                    ) : (
                      <>
                        <Link to={a.moduleId ? moduleHref({ courseId: a.courseId, moduleId: a.moduleId }) : `/courses/${a.courseId}`}>{a.title}</Link>
                        {!a.moduleId ? <span className="muted"> ({t("competences.learning.wholeCourse")})</span> : <> <RevisionBadge revising={revising} module={`${a.courseId}/${a.moduleId}`} /></>}
                      </>
                    )}
                    <br />
                    {a.overdue ? (
                      <span className="badge badge--bad">
                        <span aria-hidden="true">! </span>
                        {t("competences.learning.overdue", { date: formatDate(a.dueOn, lang) })}
                      </span>
                    ) : (
                      <span className="badge">{t("competences.learning.due", { date: formatDate(a.dueOn, lang) })}</span>
                    )}{" "}
                    <span className="muted small">
                      {a.moduleId ? a.courseTitle : null}
                      {a.minutes ? ` · ${t("competences.profile.minutes", { minutes: a.minutes })}` : null}
                      {a.assignedByName ? ` · ${t("competences.learning.assignedBy", { name: a.assignedByName })}` : null}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="recommended-title">
            <h2 id="recommended-title">{t("competences.learning.recommended")}</h2>
            {!learning.hasRole ? (
              <p>{t("competences.learning.noRole")}</p>
            ) : learning.recommended.length === 0 ? (
              <p>
                {learning.gaps === 0
                  ? t("competences.learning.recommendedNoGaps")
                  : t(learning.workshops.length ? "competences.learning.recommendedNoModuleWorkshop" : "competences.learning.recommendedNoModule", { count: learning.gaps })}
              </p>
            ) : (
              <>
                <p>
                  {t("competences.learning.recommendedIntro")} {t("competences.learning.gapsSummary", { count: learning.gaps })}{" "}
                  <Link to="/profile">{t("competences.learning.toProfile")}</Link>
                </p>
                <ul className="cards">
                  {learning.recommended.map((m) => (
                    <li key={`${m.courseId}/${m.moduleId}`}>
                      <div className="card">
                        <h3>
                          <Link to={moduleHref(m)}>{m.title}</Link>
                        </h3>
                        <RevisionBadge revising={revising} module={`${m.courseId}/${m.moduleId}`} />
                        <p className="small muted">
                          {m.courseTitle} · {t("competences.profile.minutes", { minutes: m.minutes })}
                        </p>
                        <p className="small">{t("competences.learning.closesGapIn", { names: m.competenceIds.map((id) => competenceName(id, lang)).join(", ") })}</p>
                      </div>
                    </li>
                  ))}
                </ul>
              </>
            )}
            {learning.hasRole && learning.workshops.length > 0 ? (
              <>
                <h3 id="workshops-title">{t("competences.learning.workshopsTitle")}</h3>
                <ul className="learning-list" aria-labelledby="workshops-title">
                  {learning.workshops.map((w) => (
                    <li key={w.eventId}>
                      <Link to={`/events/${w.eventId}`}>{w.title}</Link> <span className="muted">({t("competences.team.workshopOn", { date: formatDate(w.startsAt, lang) })})</span>
                      <br />
                      <span className="small">{t("competences.learning.closesGapIn", { names: w.competenceIds.map((id) => competenceName(id, lang)).join(", ") })}</span>
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </section>
          <section aria-labelledby="progress-title">
            <h2 id="progress-title">{t("competences.learning.inProgress")}</h2>
            {learning.inProgress.length === 0 ? (
              <p>{t("competences.learning.inProgressNone")}</p>
            ) : (
              <ul className="learning-list">
                {learning.inProgress.map((c) => (
                  <li key={c.courseId}>
                    <Link to={`/courses/${c.courseId}`}>{c.title}</Link>{" "}
                    <span className="muted small">{t("competences.learning.progress", { passed: c.modulesPassed, total: c.modulesTotal })}</span>
                    <progress max={c.modulesTotal} value={c.modulesPassed} aria-label={c.title} />
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      ) : null}
      {areas.length > 0 ? (
        <section aria-labelledby="areas-title">
          <h2 id="areas-title">{t("competences.learning.areas")}</h2>
          <ul className="cards">
            {areas.map((item) => (
              <li key={item.to}>
                <div className="card">
                  <h3>
                    <Link to={item.to}>{t(item.label)}</Link>
                  </h3>
                </div>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
