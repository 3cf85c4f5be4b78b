// HR's Rechtsstand forms: record a change in the law; let an affected module's evidence expire.
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormErrorSummary, TextAreaField, TextField } from "~/shell/forms";
import { expireSchema, recordChangeSchema } from "./forms";

export function RecordChangeForm({ submissionId, today, lastResult }: { submissionId: string; today: string; lastResult?: SubmissionResult<string[]> }) {
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "record-change",
    lastResult,
    defaultValue: { effectiveOn: today },
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: recordChangeSchema }),
  });
  return (
    <section className="card no-print" aria-labelledby="record-change-title">
      <h3 id="record-change-title">{t("legal.record.title")}</h3>
      <Form method="post" {...getFormProps(form)} className="form">
        <FormErrorSummary errors={form.errors} show={false} />
        <input type="hidden" name="intent" value="record" />
        <input type="hidden" name="submissionId" value={submissionId} />
        <TextField meta={fields.norm} label={t("legal.record.norm")} hint={t("legal.record.normHint")} />
        <TextField meta={fields.effectiveOn} label={t("legal.record.effectiveOn")} hint={t("legal.record.effectiveOnHint")} type="date" />
        <TextAreaField meta={fields.note} label={t("legal.record.note")} hint={t("legal.record.noteHint")} rows={3} />
        <button type="submit" className="button">
          {t("legal.record.submit")}
        </button>
      </Form>
    </section>
  );
}

export function ExpireEvidenceForm({
  module,
  title,
  submissionId,
  today,
  lastResult,
}: {
  /** "course/module" */
  module: string;
  title: string;
  submissionId: string;
  today: string;
  lastResult?: SubmissionResult<string[]>;
}) {
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: `expire-${module.replace("/", "--")}`,
    lastResult,
    defaultValue: { validUntil: today },
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: expireSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="form no-print">
      <fieldset>
        <legend>{t("legal.review.expireLegend", { module: title })}</legend>
        <FormErrorSummary errors={[...(form.errors ?? []), ...(fields.module.errors ?? [])]} show={false} />
        <input type="hidden" name="intent" value="expire" />
        <input type="hidden" name="submissionId" value={submissionId} />
        <input type="hidden" name="module" value={module} />
        <TextField meta={fields.validUntil} label={t("legal.review.validUntil")} hint={t("legal.review.validUntilHint")} type="date" min={today} />
        <button type="submit" className="button button--secondary">
          {t("legal.review.expire")}
        </button>
      </fieldset>
    </Form>
  );
}
