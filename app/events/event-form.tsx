// The workshop forms: create an event (all its facts, dates with spare rows, audience, the
// competences attendance certifies) and move it to new dates. Spare empty rows keep both usable
// without JavaScript; dates and times are Berlin wall-clock readings.
import { getFormProps, useForm, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { allCompetences } from "~/competences/framework";
import { competenceName } from "~/competences/labels";
import { FieldError, FormErrorSummary, SelectField, TextAreaField, TextField } from "~/shell/forms";
import { eventSchema, moveSchema } from "./event-schema";

const SESSION_ROWS = 3;
const COMPETENCE_ROWS = 3;

/**
 * A refused submission echoes what was posted; a scalar where the form has a list is dropped.
 * Memoised by the caller: conform reports a lastResult whenever its identity changes, so a new
 * object on every render would re-render forever.
 */
function withListsOnly(result: SubmissionResult<string[]> | undefined) {
  const initial = result?.initialValue as Record<string, unknown> | null | undefined;
  if (!result || !initial) return result;
  const cleaned = { ...initial };
  for (const key of ["sessions", "competences"]) if (key in cleaned && !Array.isArray(cleaned[key])) delete cleaned[key];
  return { ...result, initialValue: cleaned as typeof result.initialValue };
}

function padRows<T>(rows: T[], spare: T, total: number): T[] {
  return [...rows, ...Array.from({ length: Math.max(1, total - rows.length) }, () => spare)];
}

export interface EventFormOptions {
  isHr: boolean;
  trainers: { id: string; name: string }[];
  roles: { id: string; title: string }[];
  units: { id: string; name: string }[];
  ownerUnits: { id: string; name: string }[];
  modules: { course: string; modules: { value: string; title: string }[] }[];
}

function asList(value: unknown): string[] {
  return value === undefined || value === null ? [] : Array.isArray(value) ? value.map(String) : [String(value)];
}

type SessionRow = { date?: string; start?: string; end?: string };

function SessionRows({ list }: { list: FieldMetadata<SessionRow, Record<string, unknown>, string[]>[] }) {
  const { t } = useTranslation();
  return (
    <>
      {list.map((row, i) => {
        const f = row.getFieldset();
        return (
          <div className="task-row" key={row.key}>
            <TextField meta={f.date} label={t("events.form.sessionDate", { n: i + 1 })} type="date" />
            <TextField meta={f.start} label={t("events.form.sessionStart", { n: i + 1 })} type="time" />
            <TextField meta={f.end} label={t("events.form.sessionEnd", { n: i + 1 })} type="time" />
          </div>
        );
      })}
    </>
  );
}

export function EventForm({ submissionId, options, lastResult }: { submissionId: string; options: EventFormOptions; lastResult?: SubmissionResult<string[]> }) {
  const { t, i18n } = useTranslation();
  const [form, fields] = useForm({
    lastResult: useMemo(() => withListsOnly(lastResult), [lastResult]),
    defaultValue: {
      title: "",
      description: "",
      trainerPersonId: "",
      capacity: "12",
      deadlineTime: "12:00",
      cost: "0",
      unitId: options.isHr ? "" : (options.ownerUnits[0]?.id ?? ""),
      sessions: padRows([], { date: "", start: "", end: "" }, SESSION_ROWS),
      competences: padRows([], { competenceId: "", level: "2" }, COMPETENCE_ROWS),
    },
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: eventSchema }),
  });
  const sessions = fields.sessions.getFieldList();
  const competences = fields.competences.getFieldList();
  const checkedRoles = new Set(asList(fields.audienceRoleIds.initialValue));
  const checkedUnits = new Set(asList(fields.audienceUnitIds.initialValue));
  const competenceOptions = [{ value: "", label: t("events.form.noCompetence") }, ...allCompetences.map((c) => ({ value: c.id, label: competenceName(c.id, i18n.language) }))];
  const levelOptions = [1, 2, 3].map((l) => ({ value: String(l), label: t("events.form.levelOption", { level: l }) }));
  return (
    <Form method="post" {...getFormProps(form)} className="form form--wide">
      <FormErrorSummary errors={form.errors} show={false} />
      <input type="hidden" name="submissionId" value={submissionId} />
      <TextField meta={fields.title} label={t("events.form.title")} autoComplete="off" />
      <TextAreaField meta={fields.description} label={t("events.form.description")} rows={4} />
      <SelectField
        meta={fields.unitId}
        label={t("events.form.unit")}
        hint={t("events.form.unitHint")}
        options={[...(options.isHr ? [{ value: "", label: t("events.form.wholeAuthority") }] : []), ...options.ownerUnits.map((u) => ({ value: u.id, label: u.name }))]}
      />

      <fieldset>
        <legend>{t("events.form.trainerLegend")}</legend>
        <SelectField
          meta={fields.trainerPersonId}
          label={t("events.form.trainerPerson")}
          hint={t("events.form.trainerHint")}
          options={[{ value: "", label: t("events.form.externalTrainer") }, ...options.trainers.map((p) => ({ value: p.id, label: p.name }))]}
        />
        <div className="field-row">
          <TextField meta={fields.trainerName} label={t("events.form.trainerName")} autoComplete="off" />
          <TextField meta={fields.trainerOrganisation} label={t("events.form.trainerOrganisation")} autoComplete="off" />
        </div>
      </fieldset>

      <fieldset aria-describedby={`${fields.sessions.id}-hint`}>
        <legend>{t("events.form.sessionsLegend")}</legend>
        <p className="hint muted small" id={`${fields.sessions.id}-hint`}>
          {t("events.form.sessionsHint")}
        </p>
        <FieldError id={fields.sessions.errorId} errors={fields.sessions.errors} />
        <SessionRows list={sessions} />
      </fieldset>

      <fieldset>
        <legend>{t("events.form.placeLegend")}</legend>
        <div className="field-row">
          <TextField meta={fields.place} label={t("events.form.place")} autoComplete="off" />
          <TextField meta={fields.onlineUrl} label={t("events.form.onlineUrl")} hint={t("events.form.onlineUrlHint")} type="url" autoComplete="off" />
        </div>
      </fieldset>

      <fieldset>
        <legend>{t("events.form.registrationLegend")}</legend>
        <div className="field-row">
          <TextField meta={fields.capacity} label={t("events.form.capacity")} type="number" min="1" max="1000" inputMode="numeric" />
          <TextField meta={fields.deadlineDate} label={t("events.form.deadlineDate")} type="date" />
          <TextField meta={fields.deadlineTime} label={t("events.form.deadlineTime")} type="time" />
        </div>
        <div className="field-row">
          <TextField meta={fields.cost} label={t("events.form.cost")} hint={t("events.form.costHint")} inputMode="decimal" autoComplete="off" />
          <TextField meta={fields.validMonths} label={t("events.form.validMonths")} hint={t("events.form.validMonthsHint")} type="number" min="1" max="120" inputMode="numeric" />
        </div>
      </fieldset>

      <fieldset aria-describedby="audience-hint">
        <legend>{t("events.form.audienceLegend")}</legend>
        <p className="hint muted small" id="audience-hint">
          {t("events.form.audienceHint")}
        </p>
        <div className="two-columns">
          <fieldset>
            <legend>{t("events.form.audienceRoles")}</legend>
            {options.roles.length === 0 ? <p className="muted small">{t("events.form.noRoles")}</p> : null}
            {options.roles.map((r) => (
              <label className="checkbox" key={r.id}>
                <input type="checkbox" name="audienceRoleIds" value={r.id} defaultChecked={checkedRoles.has(r.id)} />
                <span>{r.title}</span>
              </label>
            ))}
            <FieldError id={fields.audienceRoleIds.errorId} errors={fields.audienceRoleIds.errors} />
          </fieldset>
          <fieldset>
            <legend>{t("events.form.audienceUnits")}</legend>
            {options.units.map((u) => (
              <label className="checkbox" key={u.id}>
                <input type="checkbox" name="audienceUnitIds" value={u.id} defaultChecked={checkedUnits.has(u.id)} />
                <span>{u.name}</span>
              </label>
            ))}
            <FieldError id={fields.audienceUnitIds.errorId} errors={fields.audienceUnitIds.errors} />
          </fieldset>
        </div>
      </fieldset>

      <fieldset aria-describedby={`${fields.competences.id}-hint`}>
        <legend>{t("events.form.competencesLegend")}</legend>
        <p className="hint muted small" id={`${fields.competences.id}-hint`}>
          {t("events.form.competencesHint")}
        </p>
        <FieldError id={fields.competences.errorId} errors={fields.competences.errors} />
        {competences.map((row, i) => {
          const f = row.getFieldset();
          return (
            <div className="field-row" key={row.key}>
              <SelectField meta={f.competenceId} label={t("events.form.competence", { n: i + 1 })} options={competenceOptions} />
              <SelectField meta={f.level} label={t("events.form.level", { n: i + 1 })} options={levelOptions} />
            </div>
          );
        })}
        <SelectField
          meta={fields.postQuiz}
          label={t("events.form.postQuiz")}
          hint={t("events.form.postQuizHint")}
          options={[{ value: "", label: t("events.form.postQuizNone") }, ...options.modules.flatMap((c) => c.modules.map((m) => ({ value: m.value, label: `${m.title} (${c.course})` })))]}
        />
      </fieldset>

      <button type="submit" className="button">
        {t("events.form.create")}
      </button>
    </Form>
  );
}

export function MoveForm({ submissionId, sessions, lastResult }: { submissionId: string; sessions: { date: string; start: string; end: string }[]; lastResult?: SubmissionResult<string[]> }) {
  const { t } = useTranslation();
  const [form, fields] = useForm({
    lastResult: useMemo(() => withListsOnly(lastResult), [lastResult]),
    defaultValue: { sessions: padRows(sessions, { date: "", start: "", end: "" }, sessions.length + 1) },
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: moveSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="form form--wide">
      <FormErrorSummary errors={form.errors} show={false} />
      <input type="hidden" name="submissionId" value={submissionId} />
      <fieldset aria-describedby={`${fields.sessions.id}-hint`}>
        <legend>{t("events.form.sessionsLegend")}</legend>
        <p className="hint muted small" id={`${fields.sessions.id}-hint`}>
          {t("events.move.hint")}
        </p>
        <FieldError id={fields.sessions.errorId} errors={fields.sessions.errors} />
        <SessionRows list={fields.sessions.getFieldList()} />
      </fieldset>
      <button type="submit" className="button">
        {t("events.move.submit")}
      </button>
    </Form>
  );
}
