// One course: its modules in order with the person's status, where to resume, the certificate.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { credentialsAvailable } from "~/badges/http.server";
import { notFound, requirePermission } from "~/auth/access.server";
import { courseForAuthority } from "~/courses/authority-catalog.server";
import { coursePage } from "~/learning/course-pages.server";
import { ProgressBar } from "~/courses/progress-bar";
import { getDb } from "~/db/client.server";
import { modulesUnderRevision } from "~/legal/changes.server";
import { RevisionBadge } from "~/legal/module-notice";
import { resolveLocale } from "~/i18n/locale.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.course.title} – Horizont` : "Horizont" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "read:course:any");
  const db = getDb();
  // The authority's published versions of modules take the place of the built-in ones; its own
  // courses and modules are there too (and only for its people).
  const course = await courseForAuthority(db, viewer.authorityId, params.course ?? "");
  if (!course) throw notFound();
  const page = await coursePage(db, viewer, course, await resolveLocale(request, viewer.locale));
  return { ...page, revising: await modulesUnderRevision(db, viewer.authorityId, [course]), credentials: credentialsAvailable() };
}

export default function CoursePage() {
  const { t, i18n } = useTranslation();
  const { course, progress, resume, modules, revising, credentials } = useLoaderData<typeof loader>();
  const date = new Intl.DateTimeFormat(i18n.language === "en" ? "en-GB" : "de-DE", { dateStyle: "medium", timeZone: "Europe/Berlin" });
  return (
    <div className="page">
      <nav aria-label={t("courses.backToCourses")} className="breadcrumbs">
        <Link to="/courses">{t("courses.backToCourses")}</Link>
      </nav>
      <h1>{course.title}</h1>
      <p className="lead-text">{course.summary}</p>
      <ProgressBar
        label={t("courses.progressLabel", { course: course.title })}
        value={progress.passed}
        max={progress.total}
        text={t("courses.progressText", { passed: progress.passed, total: progress.total })}
      />
      {resume ? (
        <p className="button-row">
          <Link className="button" to={`/courses/${course.id}/${resume.id}`}>
            {progress.started === 0 ? t("courses.start", { module: resume.title }) : t("courses.resume", { module: resume.title })}
          </Link>
        </p>
      ) : null}
      <h2>{t("courses.modulesTitle")}</h2>
      <ol className="module-list">
        {modules.map((m) => (
          <li key={m.id} className={`module-item module-item--${m.status}`}>
            <h3>
              <Link to={`/courses/${course.id}/${m.id}`}>{m.title}</Link>
            </h3>
            <p className="module-item__meta">
              <span className={`status status--${m.status}`}>
                <span className="visually-hidden">{t("courses.statusLabel")}: </span>
                {t(`courses.status.${m.status}`)}
              </span>
              {m.passedAt ? <span> · {t("courses.passedOn", { date: date.format(new Date(m.passedAt)) })}</span> : null}
              <span> · {t("courses.minutes", { minutes: m.minutes })}</span> <RevisionBadge revising={revising} module={`${course.id}/${m.id}`} />
            </p>
            <p>{m.summary}</p>
            <p className="small muted">
              {t("courses.certifies")}: {m.competences.map((c) => t("courses.competenceLevel", { name: c.name, level: c.level })).join(", ")}
            </p>
          </li>
        ))}
      </ol>
      <section className="card" aria-labelledby="certificate-title">
        <h2 id="certificate-title">{t("courses.certificateTitle")}</h2>
        {progress.completed ? (
          <>
            <p>{t("courses.certificateText")}</p>
            <p>
              <a className="button" href={`/courses/${course.id}/certificate`} download>
                {t("courses.certificateDownload")}
              </a>
            </p>
            {credentials ? (
              <>
                <p>
                  <a className="button button--secondary" href={`/courses/${course.id}/credential`} download>
                    {t("badges.download")}
                  </a>
                </p>
                <p className="small muted">{t("badges.downloadHint")}</p>
              </>
            ) : null}
          </>
        ) : (
          <p>{t("courses.certificateLocked")}</p>
        )}
      </section>
    </div>
  );
}
