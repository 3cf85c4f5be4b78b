// The lead's forms on the team page: record an observed assessment, assign modules or courses.
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FieldError, FormErrorSummary, SelectField, TextAreaField, TextField } from "~/shell/forms";
import { useCompetenceOptions } from "./evidence-forms";
import { assignSchema, observeSchema } from "./forms";
import { OBSERVED_VALID_MONTHS } from "./levels";

interface Member {
  id: string;
  givenName: string;
  familyName: string;
}

export function ObserveForm({ members, submissionId, today, lastResult }: { members: Member[]; submissionId: string; today: string; lastResult?: SubmissionResult<string[]> }) {
  const { t } = useTranslation();
  const options = useCompetenceOptions();
  const [form, fields] = useForm({
    id: "observe",
    lastResult,
    defaultValue: { observedOn: today },
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: observeSchema }),
  });
  const memberOptions = [{ value: "", label: t("competences.team.chooseMember") }, ...members.map((m) => ({ value: m.id, label: `${m.familyName}, ${m.givenName}` }))];
  return (
    <section className="card" aria-labelledby="observe-title">
      <h2 id="observe-title">{t("competences.team.observeTitle")}</h2>
      <p>{t("competences.team.observeIntro", { months: OBSERVED_VALID_MONTHS })}</p>
      <Form method="post" {...getFormProps(form)} className="form">
        <FormErrorSummary errors={form.errors} show={false} />
        <input type="hidden" name="intent" value="observe" />
        <input type="hidden" name="submissionId" value={submissionId} />
        <SelectField meta={fields.personId} label={t("competences.team.person")} options={memberOptions} />
        <SelectField meta={fields.competenceId} label={t("competences.profile.competence")} options={options.competences} />
        <SelectField meta={fields.level} label={t("competences.profile.level")} options={options.levels} />
        <TextField meta={fields.observedOn} label={t("competences.team.observedOn")} type="date" max={today} />
        <TextAreaField meta={fields.note} label={t("competences.team.note")} hint={t("competences.team.noteHint")} rows={3} />
        <button type="submit" className="button">
          {t("competences.team.observeSubmit")}
        </button>
      </Form>
    </section>
  );
}

export function AssignForm({
  members,
  courses,
  submissionId,
  today,
  lastResult,
}: {
  members: Member[];
  courses: { courseId: string; title: string; modules: { moduleId: string; title: string; minutes: number }[] }[];
  submissionId: string;
  today: string;
  lastResult?: SubmissionResult<string[]>;
}) {
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "assign",
    lastResult,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: assignSchema }),
  });
  const describedBy = fields.target.errors?.length ? fields.target.errorId : undefined;
  return (
    <section className="card" aria-labelledby="assign-title">
      <h2 id="assign-title">{t("competences.team.assignTitle")}</h2>
      <p>{t("competences.team.assignIntro")}</p>
      <Form method="post" {...getFormProps(form)} className="form">
        <FormErrorSummary errors={form.errors} show={false} />
        <input type="hidden" name="intent" value="assign" />
        <input type="hidden" name="submissionId" value={submissionId} />
        <fieldset aria-describedby={fields.personIds.errors?.length ? fields.personIds.errorId : undefined}>
          <legend>{t("competences.team.members")}</legend>
          <div className="checklist">
            {members.map((m) => (
              <label className="checkbox" key={m.id}>
                <input type="checkbox" name={fields.personIds.name} value={m.id} />
                <span>
                  {m.familyName}, {m.givenName}
                </span>
              </label>
            ))}
          </div>
          <FieldError id={fields.personIds.errorId} errors={fields.personIds.errors} />
        </fieldset>
        <div className="field">
          <label htmlFor={fields.target.id}>{t("competences.team.target")}</label>
          <select id={fields.target.id} name={fields.target.name} aria-invalid={describedBy ? true : undefined} aria-describedby={describedBy} defaultValue="">
            <option value="">{t("competences.team.chooseMember")}</option>
            {courses.map((c) => (
              <optgroup key={c.courseId} label={c.title}>
                <option value={`course:${c.courseId}`}>{t("competences.team.wholeCourse", { title: c.title })}</option>
                {c.modules.map((m) => (
                  <option key={m.moduleId} value={`module:${c.courseId}/${m.moduleId}`}>
                    {m.title} ({t("competences.profile.minutes", { minutes: m.minutes })})
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          <FieldError id={fields.target.errorId} errors={fields.target.errors} />
        </div>
        <TextField meta={fields.dueOn} label={t("competences.team.dueOn")} type="date" min={today} />
        <button type="submit" className="button">
          {t("competences.team.assignSubmit")}
        </button>
      </Form>
    </section>
  );
}
