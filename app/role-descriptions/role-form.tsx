// The role description form: title, grading, tasks with time shares (spare empty rows, so it
// works without JavaScript) and the required level of each of the framework's competences.
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { allCompetences, framework } from "~/competences/framework";
import { FieldError, FormErrorSummary, SelectField, TextField } from "~/shell/forms";
import { paySchemes, sumShares, taskCategories, type RoleSnapshot } from "./role-description";
import { roleSchema } from "./role-schema";

const SPARE_ROWS = 3;

export function RoleForm({
  submissionId,
  defaults,
  lastResult,
  submitLabel,
}: {
  submissionId: string;
  defaults?: Pick<RoleSnapshot, "title" | "payScheme" | "payGrade" | "tasks" | "requirements">;
  lastResult?: SubmissionResult<string[]>;
  submitLabel: string;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === "en" ? "en" : "de";
  const num = (n: number) => n.toLocaleString(i18n.language);
  const tasks = [
    ...(defaults?.tasks ?? []).map((task) => ({ title: task.title, category: task.category, share: num(task.sharePercent) })),
    ...Array.from({ length: SPARE_ROWS }, () => ({ title: "", category: "other", share: "" })),
  ];
  const [form, fields] = useForm({
    lastResult: withListsOnly(lastResult),
    defaultValue: {
      title: defaults?.title ?? "",
      payScheme: defaults?.payScheme ?? "TVöD",
      payGrade: defaults?.payGrade ?? "",
      tasks,
      requirements: allCompetences.map((c) => String(defaults?.requirements[c.id] ?? 0)),
    },
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: roleSchema }),
  });
  const taskFields = fields.tasks.getFieldList();
  const requirementFields = fields.requirements.getFieldList();
  const currentSum = sumShares(
    taskFields.map((f) => {
      const v = (f.value as { share?: string } | undefined)?.share;
      const n = v ? Number(String(v).replace(",", ".")) : 0;
      return { sharePercent: Number.isFinite(n) ? n : 0 };
    }),
  );
  const levelOptions = [
    { value: "0", label: t("hr.roles.level0") },
    ...framework.levels.map((l) => ({ value: String(l.level), label: `${l.level} – ${l.name[locale]}` })),
  ];
  return (
    <Form method="post" {...getFormProps(form)} className="form form--wide">
      <FormErrorSummary errors={form.errors} show={false} />
      <input type="hidden" name="submissionId" value={submissionId} />
      <TextField meta={fields.title} label={t("hr.roles.form.title")} autoComplete="off" />
      <div className="field-row">
        <SelectField meta={fields.payScheme} label={t("hr.roles.form.payScheme")} options={paySchemes.map((s) => ({ value: s, label: s }))} />
        <TextField meta={fields.payGrade} label={t("hr.roles.form.payGrade")} hint={t("hr.roles.form.payGradeHint")} autoComplete="off" />
      </div>
      <fieldset aria-describedby={`${fields.tasks.id}-hint${fields.tasks.errors?.length ? ` ${fields.tasks.errorId}` : ""}`}>
        <legend>{t("hr.roles.form.tasksLegend")}</legend>
        <p className="hint muted small" id={`${fields.tasks.id}-hint`}>
          {t("hr.roles.form.tasksHint")}
        </p>
        {taskFields.map((taskField, i) => {
          const f = taskField.getFieldset();
          return (
            <div className="task-row" key={taskField.key}>
              <TextField meta={f.title} label={t("hr.roles.form.taskTitle", { n: i + 1 })} autoComplete="off" />
              <SelectField meta={f.category} label={t("hr.roles.form.taskCategory", { n: i + 1 })} options={taskCategories.map((c) => ({ value: c, label: t(`hr.category.${c}`) }))} />
              <TextField meta={f.share} label={t("hr.roles.form.taskShare", { n: i + 1 })} inputMode="decimal" />
            </div>
          );
        })}
        <p className="muted" aria-live="polite">
          {t("hr.roles.form.sum", { sum: num(currentSum) })}
        </p>
        <FieldError id={fields.tasks.errorId} errors={fields.tasks.errors} />
      </fieldset>
      <fieldset>
        <legend>{t("hr.roles.form.requirementsLegend")}</legend>
        <p className="hint muted small">{t("hr.roles.form.requirementsHint")}</p>
        <div className="requirement-grid">
          {allCompetences.map((c, i) =>
            requirementFields[i] ? (
              <SelectField key={c.id} meta={requirementFields[i]} label={c.name[locale]} options={levelOptions} />
            ) : (
              // A refused submission with fewer levels than competences: the missing ones start at 0.
              <div className="field" key={c.id}>
                <label htmlFor={`requirement-${i}`}>{c.name[locale]}</label>
                <select id={`requirement-${i}`} name={`requirements[${i}]`} defaultValue="0">
                  {levelOptions.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </select>
              </div>
            ),
          )}
        </div>
      </fieldset>
      <button type="submit" className="button">
        {submitLabel}
      </button>
    </Form>
  );
}

/**
 * A refused submission echoes what was posted; a scalar where the form has a list (e.g. a
 * hand-made post with `requirements=x`) cannot be rendered as a list, so it is dropped and the
 * form shows its defaults for that part, with the errors.
 */
function withListsOnly(result: SubmissionResult<string[]> | undefined) {
  const initial = result?.initialValue as Record<string, unknown> | null | undefined;
  if (!result || !initial) return result;
  const cleaned = { ...initial };
  for (const key of ["tasks", "requirements"]) if (key in cleaned && !Array.isArray(cleaned[key])) delete cleaned[key];
  return { ...result, initialValue: cleaned as typeof result.initialValue };
}
