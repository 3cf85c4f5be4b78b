// The draft form of the editor page: the module's frontmatter as labelled fields (title, summary,
// duration, competences and levels, pass mark, validity, quiz size, Leitziele, Rechtsstand) and the
// module text below it. Validated with frontmatterFormSchema in the browser and on the server.
import { getFormProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { maxModuleLevel } from "~/courses/content-rules";
import { FieldError, FormErrorSummary, SelectField, TextAreaField, TextField } from "~/shell/forms";
import { frontmatterFormSchema, metaLimits, type FrontmatterDefaults } from "./frontmatter-form";

interface CompetenceOption {
  id: string;
  dimension: string;
  dimensionName: { de: string; en: string };
  name: { de: string; en: string };
}

export function FrontmatterFields({
  formKey,
  defaults,
  revision,
  lastResult,
  competenceOptions,
  bodyDescribedBy,
  children,
}: {
  formKey: string;
  defaults: FrontmatterDefaults;
  revision: number;
  lastResult?: SubmissionResult<string[]>;
  competenceOptions: CompetenceOption[];
  bodyDescribedBy?: string;
  children: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === "en" ? "en" : "de";
  // Two empty rows to add competences without script; more after saving.
  const rows = [...defaults.competences, { id: "", level: "" }, { id: "", level: "" }].slice(0, metaLimits.competences + 2);
  const [form, fields] = useForm({
    id: `draft-${formKey}`,
    lastResult,
    defaultValue: { ...defaults, competences: rows },
    shouldValidate: "onSubmit",
    shouldRevalidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: frontmatterFormSchema }),
  });
  const competenceFields = fields.competences.getFieldList();
  const leitziele = new Set((fields.leitziele.value as string[] | string | undefined) ?? defaults.leitziele);
  const dimensions = [...new Set(competenceOptions.map((c) => c.dimension))];
  const bodyProps = getTextareaProps(fields.body, { ariaAttributes: true });
  const { key: bodyKey, ...bodyRest } = bodyProps;
  return (
    <Form method="post" {...getFormProps(form)} className="form">
      <FormErrorSummary errors={form.errors} show={false} />
      <input type="hidden" name="revision" value={revision} />
      <fieldset className="meta-fields">
        <legend>{t("authoring.meta.legend")}</legend>
        <TextField meta={fields.title} label={t("authoring.meta.title")} />
        <TextAreaField meta={fields.summary} label={t("authoring.meta.summary")} hint={t("authoring.meta.summaryHint")} rows={3} />
        <div className="meta-grid">
          <TextField meta={fields.minutes} label={t("authoring.meta.minutes")} type="number" inputMode="numeric" min="5" max="60" />
          <SelectField
            meta={fields.language}
            label={t("authoring.meta.language")}
            options={[
              { value: "de", label: t("authoring.meta.languageDe") },
              { value: "en", label: t("authoring.meta.languageEn") },
            ]}
          />
          <TextField meta={fields.passMark} label={t("authoring.meta.passMark")} hint={t("authoring.meta.passMarkHint")} type="number" inputMode="numeric" min="1" max="100" />
          <TextField meta={fields.attemptSize} label={t("authoring.meta.attemptSize")} hint={t("authoring.meta.attemptSizeHint")} type="number" inputMode="numeric" min="5" max="30" />
          <TextField meta={fields.expiresAfterMonths} label={t("authoring.meta.expiresAfterMonths")} hint={t("authoring.meta.expiresHint")} type="number" inputMode="numeric" min="1" max="120" />
        </div>

        <fieldset aria-describedby={fields.competences.errors?.length ? fields.competences.errorId : "competences-hint"}>
          <legend>{t("authoring.meta.competences")}</legend>
          <p className="hint" id="competences-hint">
            {t("authoring.meta.competencesHint", { max: maxModuleLevel })}
          </p>
          <FieldError id={fields.competences.errorId} errors={fields.competences.errors} />
          <ol className="plain-list competence-rows">
            {competenceFields.map((row, i) => {
              const rowFields = row.getFieldset();
              const { key: idKey, ...idProps } = getSelectProps(rowFields.id, { ariaAttributes: true });
              const { key: levelKey, ...levelProps } = getSelectProps(rowFields.level, { ariaAttributes: true });
              return (
                <li key={row.key} className="competence-row">
                  <div className="field">
                    <label htmlFor={rowFields.id.id}>{t("authoring.meta.competence", { n: i + 1 })}</label>
                    <select key={idKey} {...idProps} aria-describedby={rowFields.id.errors?.length ? rowFields.id.errorId : undefined}>
                      <option value="">{t("authoring.meta.competenceNone")}</option>
                      {dimensions.map((d) => (
                        <optgroup key={d} label={competenceOptions.find((c) => c.dimension === d)!.dimensionName[lang]}>
                          {competenceOptions
                            .filter((c) => c.dimension === d)
                            .map((c) => (
                              <option key={c.id} value={c.id}>
                                {c.name[lang]}
                              </option>
                            ))}
                        </optgroup>
                      ))}
                    </select>
                    <FieldError id={rowFields.id.errorId} errors={rowFields.id.errors} />
                  </div>
                  <div className="field">
                    <label htmlFor={rowFields.level.id}>{t("authoring.meta.level", { n: i + 1 })}</label>
                    <select key={levelKey} {...levelProps} aria-describedby={rowFields.level.errors?.length ? rowFields.level.errorId : undefined}>
                      <option value="">–</option>
                      {Array.from({ length: maxModuleLevel }, (_, l) => (
                        <option key={l + 1} value={String(l + 1)}>
                          {t("authoring.meta.levelOption", { level: l + 1 })}
                        </option>
                      ))}
                    </select>
                    <FieldError id={rowFields.level.errorId} errors={rowFields.level.errors} />
                  </div>
                </li>
              );
            })}
          </ol>
        </fieldset>

        <fieldset aria-describedby={fields.leitziele.errors?.length ? fields.leitziele.errorId : "leitziele-hint"}>
          <legend>{t("authoring.meta.leitziele")}</legend>
          <p className="hint" id="leitziele-hint">
            {t("authoring.meta.leitzieleHint")}
          </p>
          <FieldError id={fields.leitziele.errorId} errors={fields.leitziele.errors} />
          <div className="checkbox-grid">
            {Array.from({ length: 12 }, (_, i) => String(i + 1)).map((n) => (
              <label key={n} className="checkbox">
                <input type="checkbox" name={fields.leitziele.name} value={n} defaultChecked={leitziele.has(n)} /> {t("authoring.meta.leitziel", { n })}
              </label>
            ))}
          </div>
        </fieldset>

        <fieldset>
          <legend>{t("authoring.meta.rechtsstand")}</legend>
          <TextAreaField meta={fields.legalBasis} label={t("authoring.meta.legalBasis")} hint={t("authoring.meta.legalBasisHint")} rows={4} />
          <div className="meta-grid">
            <TextField meta={fields.reviewedAt} label={t("authoring.meta.reviewedAt")} hint={t("authoring.meta.reviewedAtHint")} type="date" />
            <TextField meta={fields.reviewedBy} label={t("authoring.meta.reviewedBy")} />
          </div>
        </fieldset>
      </fieldset>

      <div className="field">
        <label htmlFor={fields.body.id}>{t("authoring.editor.source")}</label>
        <p className="hint" id="source-hint">
          {t("authoring.editor.sourceHint")}
        </p>
        <textarea
          key={bodyKey}
          {...bodyRest}
          rows={30}
          spellCheck
          lang="de"
          className="authoring-textarea"
          aria-describedby={[bodyDescribedBy ?? "source-hint", fields.body.errors?.length ? fields.body.errorId : ""].filter(Boolean).join(" ")}
        />
        <FieldError id={fields.body.errorId} errors={fields.body.errors} />
      </div>
      {children}
    </Form>
  );
}
