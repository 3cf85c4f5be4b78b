// The Redaktion's workspace (/authoring): the authority's own modules with their state, the
// built-in library (read-only, copy to adapt), and importing a module file. Editors only.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import * as z from "zod";
import { AuthoringError, copyBuiltIn, importArchive, importModuleFile, workspace } from "~/authoring/authoring.server";
import type { SafetyProblem } from "~/authoring/safe-mdx.server";
import { ArchiveError, looksLikeZip, zipLimits } from "~/authoring/zip.server";
import { requirePermission } from "~/auth/access.server";
import { getDb } from "~/db/client.server";
import { Notice } from "~/shell/forms";
import { readFormData } from "~/shell/forms.server";
import { pageTitle } from "~/shell/meta";
import { ScrollRegion } from "~/shell/scroll-region";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "authoring.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "write:module:any");
  return workspace(getDb(), viewer);
}

const copySchema = z.object({ intent: z.literal("copy"), module: z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/) });

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requirePermission(request, "write:module:any");
  const formData = await readFormData(request);
  try {
    if (formData.get("intent") === "import") {
      const file = formData.get("file");
      if (!file || typeof file === "string" || file.size === 0) return data({ error: "file" as const, problems: [] as SafetyProblem[] }, { status: 400 });
      if (file.size > zipLimits.maxArchiveBytes) return data({ error: "zip.tooLarge" as const, problems: [] as SafetyProblem[] }, { status: 413 });
      const bytes = new Uint8Array(await file.arrayBuffer());
      if (looksLikeZip(bytes)) {
        const ids = await getDb().transaction((tx) => importArchive(tx, viewer, bytes));
        return redirect(ids.length === 1 ? `/authoring/${ids[0]}?notice=imported` : `/authoring?notice=imported&count=${ids.length}`);
      }
      const id = await getDb().transaction((tx) => importModuleFile(tx, viewer, bytes));
      return redirect(`/authoring/${id}?notice=imported`);
    }
    const parsed = copySchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) return data({ error: "notFound" as const, problems: [] as SafetyProblem[] }, { status: 400 });
    const [courseId, moduleId] = parsed.data.module.split("/");
    const id = await getDb().transaction((tx) => copyBuiltIn(tx, viewer, courseId, moduleId));
    return redirect(`/authoring/${id}`);
  } catch (error) {
    if (error instanceof ArchiveError) return data({ error: `zip.${error.code}` as const, detail: error.detail, problems: [] as SafetyProblem[] }, { status: 400 });
    if (error instanceof AuthoringError) {
      const code = error.code === "notFound" && formData.get("intent") === "import" ? "unknownModule" : error.code;
      return data({ error: code, problems: error.problems as SafetyProblem[] }, { status: error.code === "notEditor" ? 403 : 400 });
    }
    throw error;
  }
}

export default function AuthoringWorkspace() {
  const { t } = useTranslation();
  const { own, builtIn } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <div className="page">
      <h1>{t("authoring.title")}</h1>
      <p className="lead-text">{t("authoring.intro")}</p>
      {params.get("notice") === "imported" ? <Notice>{t("authoring.import.doneMany", { count: Number(params.get("count")) || 0 })}</Notice> : null}
      {actionData?.error ? (
        <Notice tone="error">
          {t(`authoring.errors.${actionData.error}` as "authoring.errors.notFound", { detail: "detail" in actionData ? actionData.detail : "", max: zipLimits.maxEntries })}
          {actionData.problems.length ? (
            <ul>
              {actionData.problems.map((p, i) => (
                <li key={i}>
                  {t("authoring.editor.problem", p)}
                  {p.original && p.original !== p.message ? (
                    <details>
                      <summary>{t("authoring.editor.original")}</summary>
                      <code>{p.original}</code>
                    </details>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : null}
        </Notice>
      ) : null}

      <section aria-labelledby="own-title">
        <h2 id="own-title">{t("authoring.own.title")}</h2>
        {own.length === 0 ? (
          <p>{t("authoring.own.empty")}</p>
        ) : (
          <ScrollRegion labelledBy="own-title">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("authoring.own.module")}</th>
                  <th scope="col">{t("authoring.own.course")}</th>
                  <th scope="col">{t("authoring.own.state")}</th>
                </tr>
              </thead>
              <tbody>
                {own.map((m) => (
                  <tr key={m.id}>
                    <th scope="row">
                      <Link to={`/authoring/${m.id}`} aria-label={t("authoring.own.editLabel", { title: m.title })}>
                        {m.title}
                      </Link>
                    </th>
                    <td>{m.courseId}</td>
                    <td>
                      {m.published ? t("authoring.own.published", { version: m.published }) : t("authoring.own.notPublished")}
                      {m.inReview.map((v) => (
                        <span key={v.id}>
                          {" · "}
                          {t("authoring.own.inReview", { version: v.version })}
                        </span>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </section>

      <section aria-labelledby="import-title" className="card">
        <h2 id="import-title">{t("authoring.import.title")}</h2>
        <Form method="post" encType="multipart/form-data" className="form">
          <input type="hidden" name="intent" value="import" />
          <div className="field">
            <label htmlFor="import-file">{t("authoring.import.file")}</label>
            <input id="import-file" type="file" name="file" accept=".mdx,.zip,text/markdown,text/plain,application/zip" aria-describedby="import-hint" required />
            <p id="import-hint" className="hint">
              {t("authoring.import.hint")}
            </p>
          </div>
          <button type="submit" className="button button--secondary">
            {t("authoring.import.submit")}
          </button>
        </Form>
      </section>

      <section aria-labelledby="library-title">
        <h2 id="library-title">{t("authoring.library.title")}</h2>
        {builtIn.map((course) => (
          <section key={course.id} aria-labelledby={`course-${course.id}`}>
            <h3 id={`course-${course.id}`}>{course.title}</h3>
            <p>
              <a href={`/authoring/courses/${course.id}/export`} download>
                {t("authoring.library.exportCourse", { title: course.title })}
              </a>
            </p>
            <ul className="plain-list">
              {course.modules.map((m) => (
                <li key={m.id} className="library-item">
                  <span>{m.title}</span>{" "}
                  {m.copied ? (
                    <span className="muted">({t("authoring.library.copied")})</span>
                  ) : (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="copy" />
                      <input type="hidden" name="module" value={`${course.id}/${m.id}`} />
                      <button type="submit" className="button button--secondary button--small" aria-label={t("authoring.library.copyLabel", { title: m.title })}>
                        {t("authoring.library.copy")}
                      </button>
                    </Form>
                  )}
                </li>
              ))}
            </ul>
          </section>
        ))}
      </section>
    </div>
  );
}
