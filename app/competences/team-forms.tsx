// The lead's forms on the team page: record an observed assessment, assign modules or courses.
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ALREADY_MEETS, certifiedLevels, meetsAlready } from "./assignment-check";
import { framework } from "./framework";
import { competenceName, formatDate } from "./labels";
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

const competenceOrder = framework.dimensions.flatMap((d) => d.competences.map((c) => c.id));

interface AssignCourse {
  courseId: string;
  title: string;
  modules: { moduleId: string; title: string; minutes: number; competences: { competenceId: string; level: number }[] }[];
}

/** What a target ("module:c/m" or "course:c") certifies, from the page's course list. */
function certifiedBy(courses: readonly AssignCourse[], target: string): Record<string, number> {
  const m = /^module:([^/]+)\/(.+)$/.exec(target);
  if (m) return certifiedLevels(courses.find((c) => c.courseId === m[1])?.modules.filter((x) => x.moduleId === m[2]) ?? []);
  const c = /^course:(.+)$/.exec(target);
  return c ? certifiedLevels(courses.find((x) => x.courseId === c[1])?.modules ?? []) : {};
}

function levelsFromCompact(compact: string | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  if (!compact) return out;
  competenceOrder.forEach((id, i) => {
    const level = compact.charCodeAt(i) - 48;
    if (level > 0) out[id] = level;
  });
  return out;
}

/** What a gap cell of the matrix fills in: the member and the module that closes the gap. */
export interface AssignPrefill {
  personIds: string[];
  /** "module:<course>/<module>", or "" when no module raises the level. */
  target: string;
  competenceId: string;
  /** Level the chosen module certifies in that competence. */
  level: number;
  required: number;
}

/**
 * Assign a module or course. With individual profiles allowed (`levels` given), each person is
 * shown with their current level beside the level the chosen module certifies, and people who
 * already hold it are marked; the action refuses them unless "assign anyway" is ticked.
 */
/** An upcoming workshop the lead may assign (registration open); `full`: new people go on the waiting list. */
export interface AssignWorkshop {
  eventId: string;
  title: string;
  /** The first date, yyyy-mm-dd (Berlin): the due date of the assignment. */
  firstDay: string;
  full: boolean;
}

export function AssignForm({
  members,
  courses,
  workshops = [],
  levels,
  submissionId,
  today,
  lastResult,
  prefill,
}: {
  members: Member[];
  courses: AssignCourse[];
  workshops?: AssignWorkshop[];
  /** From a gap cell of the matrix: member and module filled in (ignored once the form was submitted). */
  prefill?: AssignPrefill | null;
  /** Per member (same order), current levels as one digit per framework competence; null without individual profiles. */
  levels: string[] | null;
  submissionId: string;
  today: string;
  lastResult?: SubmissionResult<string[]>;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [form, fields] = useForm({
    id: "assign",
    lastResult,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: assignSchema }),
  });
  const initial = (lastResult?.initialValue ?? {}) as { target?: unknown; personIds?: unknown; dueOn?: unknown };
  const showPrefill = Boolean(prefill && !lastResult);
  const [target, setTarget] = useState(typeof initial.target === "string" ? initial.target : showPrefill ? (prefill?.target ?? "") : "");
  const initialChecked = Array.isArray(initial.personIds) ? initial.personIds.map(String) : typeof initial.personIds === "string" ? [initial.personIds] : showPrefill ? (prefill?.personIds ?? []) : [];
  // Coming from a gap cell, focus moves to the form (its heading), ready to check and assign.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (showPrefill) heading.current?.focus();
  }, [showPrefill]);
  const prefillModule = prefill?.target ? courses.flatMap((c) => c.modules.filter((m) => `module:${c.courseId}/${m.moduleId}` === prefill.target)).at(0) : undefined;
  const prefillMember = prefill ? members.find((m) => m.id === prefill.personIds[0]) : undefined;
  const [checked, setChecked] = useState<Set<string>>(() => new Set(initialChecked));
  const certified = certifiedBy(courses, target);
  const certifiedEntries = Object.entries(certified);
  const meets = (i: number) => (levels ? meetsAlready(levelsFromCompact(levels[i]), certified) : false);
  const checkedMeeting = members.filter((m, i) => checked.has(m.id) && meets(i)).length;
  const refused = fields.personIds.errors?.some((e) => e.startsWith(ALREADY_MEETS)) ?? false;
  const workshop = workshops.find((w) => `event:${w.eventId}` === target);
  const describedBy = [fields.target.errors?.length ? fields.target.errorId : null, workshop ? "assign-workshop" : null].filter(Boolean).join(" ") || undefined;
  return (
    <section className="card" aria-labelledby="assign-title">
      <h2 id="assign-title" ref={heading} tabIndex={-1}>
        {t("competences.team.assignTitle")}
      </h2>
      <p>{t("competences.team.assignIntro")}</p>
      {showPrefill && prefill && prefillMember ? (
        <p className="notice" id="assign-prefilled">
          {prefillModule
            ? t("competences.matrix.prefilled", {
                name: `${prefillMember.givenName} ${prefillMember.familyName}`,
                module: prefillModule.title,
                competence: competenceName(prefill.competenceId, lang),
                level: prefill.level,
                required: prefill.required,
              })
            : t("competences.matrix.prefilledNoModule", { name: `${prefillMember.givenName} ${prefillMember.familyName}`, competence: competenceName(prefill.competenceId, lang) })}
        </p>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="form">
        <FormErrorSummary errors={form.errors} show={false} />
        <input type="hidden" name="intent" value="assign" />
        <input type="hidden" name="submissionId" value={submissionId} />
        <div className="field">
          <label htmlFor={fields.target.id}>{t("competences.team.target")}</label>
          <select
            id={fields.target.id}
            name={fields.target.name}
            aria-invalid={describedBy ? true : undefined}
            aria-describedby={describedBy}
            value={target}
            onChange={(e) => setTarget(e.currentTarget.value)}
          >
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
            {workshops.length > 0 ? (
              <optgroup label={t("competences.team.workshops")}>
                {workshops.map((w) => (
                  <option key={w.eventId} value={`event:${w.eventId}`}>
                    {t(w.full ? "competences.team.workshopOptionFull" : "competences.team.workshopOption", { title: w.title, date: formatDate(w.firstDay, lang) })}
                  </option>
                ))}
              </optgroup>
            ) : null}
          </select>
          <FieldError id={fields.target.errorId} errors={fields.target.errors} />
          {workshop ? (
            <p className="hint" id="assign-workshop">
              {t(workshop.full ? "competences.team.workshopHintFull" : "competences.team.workshopHint", { date: formatDate(workshop.firstDay, lang) })}
            </p>
          ) : null}
          {certifiedEntries.length > 0 ? (
            <p className="hint" id="assign-certifies">
              {t("competences.team.certifies", {
                list: certifiedEntries.map(([id, level]) => t("competences.team.certifiesItem", { name: competenceName(id, lang), level })).join(", "),
              })}
            </p>
          ) : null}
        </div>
        <fieldset aria-describedby={fields.personIds.errors?.length ? fields.personIds.errorId : undefined}>
          <legend>{t("competences.team.members")}</legend>
          {levels === null ? <p className="hint">{t("competences.team.levelsHidden")}</p> : null}
          <div className="checklist">
            {members.map((m, i) => {
              const own = levels ? levelsFromCompact(levels[i]) : null;
              const already = meets(i);
              return (
                <label className={already ? "checkbox checkbox--met" : "checkbox"} key={m.id}>
                  <input
                    type="checkbox"
                    name={fields.personIds.name}
                    value={m.id}
                    checked={checked.has(m.id)}
                    onChange={(e) => {
                      const on = e.currentTarget.checked;
                      setChecked((prev) => {
                        const next = new Set(prev);
                        if (on) next.add(m.id);
                        else next.delete(m.id);
                        return next;
                      });
                    }}
                  />
                  <span>
                    {m.familyName}, {m.givenName}
                    {own && certifiedEntries.length > 0 ? (
                      <span className="small muted">
                        {" – "}
                        {certifiedEntries
                          .map(([id, level]) =>
                            t("competences.team.levelNowVsModule", { now: own[id] ?? 0, module: level, name: certifiedEntries.length > 1 ? competenceName(id, lang) : "" }).trim(),
                          )
                          .join("; ")}
                      </span>
                    ) : null}
                    {already ? (
                      <>
                        {" "}
                        <span className="badge badge--warn">
                          <span aria-hidden="true">⚠ </span>
                          {t("competences.team.alreadyMeets")}
                        </span>
                      </>
                    ) : null}
                  </span>
                </label>
              );
            })}
          </div>
          <FieldError id={fields.personIds.errorId} errors={fields.personIds.errors} />
        </fieldset>
        {checkedMeeting > 0 || refused ? (
          <div className="notice notice--warn">
            <p>{t("competences.team.alreadyMeetsWarning", { count: checkedMeeting || 1 })}</p>
            <label className="checkbox">
              <input type="checkbox" name={fields.confirmMet.name} value="on" />
              <span>{t("competences.team.assignAnyway")}</span>
            </label>
          </div>
        ) : null}
        {workshop ? null : <TextField meta={fields.dueOn} label={t("competences.team.dueOn")} type="date" min={today} />}
        <button type="submit" className="button">
          {t("competences.team.assignSubmit")}
        </button>
      </Form>
    </section>
  );
}
