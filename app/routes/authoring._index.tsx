// The Redaktion's workspace (/authoring): the authority's own courses and modules with their
// published titles and state, creating a course or a new module, the built-in library (read-only,
// copy to adapt), and importing a module file or course archive. Editors only.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import * as z from "zod";
import { AuthoringError, AuthoringFieldError, copyBuiltIn, createCourse, createModule, importArchive, importModuleFile, slugLimits, workspace } from "~/authoring/authoring.server";
import { ProblemList } from "~/authoring/problem-list";
import { catalogForAuthority } from "~/courses/authority-catalog.server";
import { allCompetences } from "~/competences/framework";
import { competenceName } from "~/competences/labels";
import { applyOnce, submissionIdField } from "~/db/once.server";
import { fieldError, invalid, parseForm } from "~/shell/forms.server";
import { FormErrorSummary, SelectField, TextField } from "~/shell/forms";
import type { SafetyProblem } from "~/authoring/safe-mdx.server";
import { ArchiveError, looksLikeZip, zipLimits } from "~/authoring/zip.server";
import { requirePermission } from "~/auth/access.server";
import { getDb } from "~/db/client.server";
import { Notice } from "~/shell/forms";
import { readFormData } from "~/shell/forms.server";
import { pageTitle } from "~/shell/meta";
import { DataTable } from "~/shell/data-table";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "authoring.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "write:module:any");
  const db = getDb();
  return { ...(await workspace(db, viewer, await catalogForAuthority(db, viewer.authorityId))), submissionId: crypto.randomUUID() };
}

const line = (max: number) =>
  z
    .string({ error: "validation.required" })
    .trim()
    .min(1, "validation.required")
    .max(max, `validation.tooLong|{"max":${max}}`)
    .refine((s) => !/[\r\n]/.test(s), "authoring.meta.errors.singleLine");
const slugField = z
  .string({ error: "validation.required" })
  .trim()
  .min(1, "validation.required")
  .max(slugLimits.slug, "authoring.create.errors.slug")
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "authoring.create.errors.slug");
/** The two creation forms (one schema each, told apart by intent). */
export const newCourseSchema = z.object({ intent: z.literal("newCourse"), submissionId: submissionIdField, slug: slugField, title: line(slugLimits.title), summary: line(slugLimits.summary) });
export const newModuleSchema = z.object({
  intent: z.literal("newModule"),
  submissionId: submissionIdField,
  course: z.string({ error: "authoring.create.errors.course" }).max(100, "authoring.create.errors.course"),
  slug: slugField,
  title: line(slugLimits.title),
  summary: line(slugLimits.summary),
  competence: z.string({ error: "authoring.meta.errors.competenceRequired" }).max(100, "authoring.meta.errors.competenceUnknown"),
});

/** New course or new module: 400 with the field's error, applied once per submission id. */
async function create(formData: FormData, viewer: Awaited<ReturnType<typeof requirePermission>>) {
  const intent = formData.get("intent") === "newCourse" ? "newCourse" : "newModule";
  const { submission } = await parseForm(formData, intent === "newCourse" ? newCourseSchema : newModuleSchema);
  if (submission.status !== "success") return invalid(submission.reply());
  const value = submission.value as z.infer<typeof newCourseSchema> | z.infer<typeof newModuleSchema>;
  try {
    const to = await applyOnce(getDb(), value.submissionId, viewer.id, "/authoring", async (tx) => {
      if (value.intent === "newCourse") {
        await createCourse(tx, viewer, value);
        return `/authoring?notice=courseCreated&course=${encodeURIComponent(value.slug)}#create-module-heading`;
      }
      return `/authoring/${await createModule(tx, viewer, { courseId: value.course, slug: value.slug, title: value.title, summary: value.summary, competence: value.competence })}`;
    });
    return redirect(to);
  } catch (error) {
    if (error instanceof AuthoringFieldError) return fieldError(submission, error.field, error.messageKey);
    throw error;
  }
}

const copySchema = z.object({ intent: z.literal("copy"), module: z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/) });

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requirePermission(request, "write:module:any");
  const formData = await readFormData(request);
  if (formData.get("intent") === "newCourse" || formData.get("intent") === "newModule") return create(formData, viewer);
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

function NewCourseForm({ submissionId, lastResult }: { submissionId: string; lastResult?: SubmissionResult<string[]> }) {
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "new-course",
    lastResult,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: newCourseSchema }),
  });
  return (
    <section aria-labelledby="create-course-heading" className="card">
      <h2 id="create-course-heading">{t("authoring.create.courseTitle")}</h2>
      <p>{t("authoring.create.courseIntro")}</p>
      <Form method="post" {...getFormProps(form)} className="form">
        <FormErrorSummary errors={form.errors} show={false} />
        <input type="hidden" name="intent" value="newCourse" />
        <input type="hidden" name="submissionId" value={submissionId} />
        <TextField meta={fields.slug} label={t("authoring.create.slug")} hint={t("authoring.create.slugHint")} autoComplete="off" />
        <TextField meta={fields.title} label={t("authoring.create.title")} autoComplete="off" />
        <TextField meta={fields.summary} label={t("authoring.create.summary")} autoComplete="off" />
        <button type="submit" className="button button--secondary">
          {t("authoring.create.submitCourse")}
        </button>
      </Form>
    </section>
  );
}

function NewModuleForm({
  submissionId,
  lastResult,
  courses,
  preselect,
}: {
  submissionId: string;
  lastResult?: SubmissionResult<string[]>;
  courses: { id: string; title: string; own: boolean }[];
  preselect: string | null;
}) {
  const { t, i18n } = useTranslation();
  const [form, fields] = useForm({
    id: "new-module",
    lastResult,
    defaultValue: { course: preselect && courses.some((c) => c.id === preselect) ? preselect : (courses[0]?.id ?? ""), competence: "" },
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: newModuleSchema }),
  });
  return (
    <section aria-labelledby="create-module-heading" className="card">
      <h2 id="create-module-heading">{t("authoring.create.moduleTitle")}</h2>
      <p>{t("authoring.create.moduleIntro")}</p>
      <Form method="post" {...getFormProps(form)} className="form">
        <FormErrorSummary errors={form.errors} show={false} />
        <input type="hidden" name="intent" value="newModule" />
        <input type="hidden" name="submissionId" value={submissionId} />
        <SelectField
          meta={fields.course}
          label={t("authoring.create.course")}
          options={courses.map((c) => ({ value: c.id, label: t(c.own ? "authoring.create.courseOwn" : "authoring.create.courseBuiltIn", { title: c.title }) }))}
        />
        <TextField meta={fields.slug} label={t("authoring.create.slug")} hint={t("authoring.create.slugHint")} autoComplete="off" />
        <TextField meta={fields.title} label={t("authoring.create.title")} autoComplete="off" />
        <TextField meta={fields.summary} label={t("authoring.create.summary")} autoComplete="off" />
        <SelectField
          meta={fields.competence}
          label={t("authoring.create.competence")}
          options={[{ value: "", label: t("authoring.create.competenceChoose") }, ...allCompetences.map((c) => ({ value: c.id, label: competenceName(c.id, i18n.language) }))]}
        />
        <button type="submit" className="button">
          {t("authoring.create.submitModule")}
        </button>
      </Form>
    </section>
  );
}

export default function AuthoringWorkspace() {
  const { t } = useTranslation();
  const { courses, builtIn, courseChoices, submissionId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const failed = actionData && "error" in actionData ? actionData : null;
  const result = actionData && "result" in actionData ? actionData.result : undefined;
  const resultFor = (intent: string) => (result && (result.initialValue as Record<string, unknown> | undefined)?.intent === intent ? result : undefined);
  return (
    <div className="page">
      <h1>{t("authoring.title")}</h1>
      <p className="lead-text">{t("authoring.intro")}</p>
      {params.get("notice") === "imported" ? <Notice>{t("authoring.import.doneMany", { count: Number(params.get("count")) || 0 })}</Notice> : null}
      {params.get("notice") === "courseCreated" ? <Notice>{t("authoring.create.courseCreated")}</Notice> : null}
      {failed?.error ? (
        <Notice tone="error">
          {t(`authoring.errors.${failed.error}` as "authoring.errors.notFound", { detail: "detail" in failed ? failed.detail : "", max: zipLimits.maxEntries })}
          {failed.problems.length ? (
            <ProblemList problems={failed.problems} />
          ) : null}
        </Notice>
      ) : null}

      <section aria-labelledby="own-title">
        <h2 id="own-title">{t("authoring.own.title")}</h2>
        {courses.length === 0 ? <p>{t("authoring.own.empty")}</p> : null}
        {courses.map((course) => (
          <section key={course.id} aria-labelledby={`own-course-${course.id}`}>
            <h3 id={`own-course-${course.id}`}>
              {course.title} <span className="muted">({t(course.own ? "authoring.courses.own" : "authoring.courses.builtIn")})</span>
            </h3>
            {course.own && course.modules.some((m) => m.published) ? (
              <p>
                <a href={`/authoring/courses/${course.id}/export`} download>
                  {t("authoring.courses.export", { title: course.title })}
                </a>
              </p>
            ) : null}
            {course.modules.length === 0 ? (
              <p>{t("authoring.courses.empty")}</p>
            ) : (
              <DataTable
                labelledBy={`own-course-${course.id}`}
                columns={[t("authoring.own.module"), t("authoring.own.state")]}
              >
                {course.modules.map((m) => (
                  <tr key={m.id}>
                    <th scope="row">
                      <Link to={`/authoring/${m.id}`} aria-label={t("authoring.own.editLabel", { title: m.title })}>
                        {m.title}
                      </Link>{" "}
                      <span className="muted">({t(m.isNew ? "authoring.courses.isNew" : "authoring.courses.copy")})</span>
                    </th>
                    <td>
                      {m.published ? t("authoring.own.published", { version: m.published }) : t("authoring.own.notPublished")}
                      {m.withdrawn ? ` (${t("authoring.courses.withdrawn")})` : null}
                      {m.inReview.map((v) => (
                        <span key={v.id}>
                          {" · "}
                          {t("authoring.own.inReview", { version: v.version })}
                        </span>
                      ))}
                    </td>
                  </tr>
                ))}
              </DataTable>
            )}
          </section>
        ))}
      </section>

      <NewModuleForm submissionId={submissionId} lastResult={resultFor("newModule")} courses={courseChoices} preselect={params.get("course")} />
      <NewCourseForm submissionId={submissionId} lastResult={resultFor("newCourse")} />

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
