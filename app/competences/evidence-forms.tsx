// Forms that record evidence: the person's self-assessment and HR's external certificate.
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormErrorSummary, SelectField, TextField } from "~/shell/forms";
import { allCompetences } from "./framework";
import { certificateSchema, selfAssessmentSchema } from "./forms";
import { competenceName, levelName } from "./labels";

export function useCompetenceOptions() {
  const { t, i18n } = useTranslation();
  return {
    competences: [
      { value: "", label: t("competences.team.chooseMember") },
      ...allCompetences.map((c) => ({ value: c.id, label: competenceName(c.id, i18n.language) })),
    ],
    levels: [
      { value: "", label: t("competences.team.chooseMember") },
      ...[1, 2, 3, 4].map((l) => ({ value: String(l), label: t("competences.levelNamed", { level: l, name: levelName(l, i18n.language) }) })),
    ],
  };
}

export function SelfAssessmentForm({ submissionId, lastResult }: { submissionId: string; lastResult?: SubmissionResult<string[]> }) {
  const { t } = useTranslation();
  const options = useCompetenceOptions();
  const [form, fields] = useForm({
    id: "self-assessment",
    lastResult,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: selfAssessmentSchema }),
  });
  return (
    <section className="card" aria-labelledby="self-title">
      <h2 id="self-title">{t("competences.profile.selfTitle")}</h2>
      <p>{t("competences.profile.selfIntro")}</p>
      <Form method="post" {...getFormProps(form)} className="form">
        <FormErrorSummary errors={form.errors} show={false} />
        <input type="hidden" name="intent" value="self" />
        <input type="hidden" name="submissionId" value={submissionId} />
        <SelectField meta={fields.competenceId} label={t("competences.profile.competence")} options={options.competences} />
        <SelectField meta={fields.level} label={t("competences.profile.level")} options={options.levels} />
        <button type="submit" className="button">
          {t("competences.profile.selfSubmit")}
        </button>
      </Form>
    </section>
  );
}

export function CertificateForm({ submissionId, lastResult }: { submissionId: string; lastResult?: SubmissionResult<string[]> }) {
  const { t } = useTranslation();
  const options = useCompetenceOptions();
  const [form, fields] = useForm({
    id: "certificate",
    lastResult,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: certificateSchema }),
  });
  return (
    <section className="card" aria-labelledby="certificate-title">
      <h2 id="certificate-title">{t("competences.profile.certificateTitle")}</h2>
      <p>{t("competences.profile.certificateIntro")}</p>
      <Form method="post" {...getFormProps(form)} className="form">
        <FormErrorSummary errors={form.errors} show={false} />
        <input type="hidden" name="intent" value="certificate" />
        <input type="hidden" name="submissionId" value={submissionId} />
        <SelectField meta={fields.competenceId} label={t("competences.profile.competence")} options={options.competences} />
        <SelectField meta={fields.level} label={t("competences.profile.level")} options={options.levels} />
        <TextField meta={fields.note} label={t("competences.profile.certificateNote")} />
        <TextField meta={fields.achievedOn} label={t("competences.profile.achievedOn")} type="date" />
        <TextField meta={fields.validUntil} label={t("competences.profile.validUntilField")} type="date" />
        <button type="submit" className="button">
          {t("competences.profile.certificateSubmit")}
        </button>
      </Form>
    </section>
  );
}
