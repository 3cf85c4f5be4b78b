// All courses with the person's progress in each.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/auth/access.server";
import { coursesOverview } from "~/learning/course-pages.server";
import { ProgressBar } from "~/courses/progress-bar";
import { getDb } from "~/db/client.server";
import { pageTitle } from "~/shell/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "courses.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "read:course:any");
  return { courses: await coursesOverview(getDb(), viewer) };
}

export default function Courses() {
  const { t } = useTranslation();
  const { courses } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <h1>{t("courses.title")}</h1>
      <p className="lead-text">{t("courses.intro")}</p>
      <ul className="cards course-cards">
        {courses.map((course) => (
          <li key={course.id}>
            <section className="card course-card" aria-labelledby={`course-${course.id}`}>
              <h2 id={`course-${course.id}`}>
                <Link to={`/courses/${course.id}`}>{course.title}</Link>
              </h2>
              <p className="muted small">{t("courses.modulesCount", { count: course.total, minutes: course.minutes })}</p>
              <p>{course.summary}</p>
              <ProgressBar label={t("courses.progressLabel", { course: course.title })} value={course.passed} max={course.total} text={t("courses.progressText", { passed: course.passed, total: course.total })} />
              <p className="button-row">
                {course.completed ? (
                  <Link className="button button--secondary" to={`/courses/${course.id}`}>
                    {t("courses.completed")}
                  </Link>
                ) : course.resume ? (
                  <Link className="button" to={`/courses/${course.id}/${course.resume.id}`}>
                    {course.resume.fresh ? t("courses.start", { module: course.resume.title }) : t("courses.resume", { module: course.resume.title })}
                  </Link>
                ) : null}
              </p>
            </section>
          </li>
        ))}
      </ul>
    </div>
  );
}
