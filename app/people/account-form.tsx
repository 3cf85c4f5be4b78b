// The account form (create and edit): names, e-mail, unit, FTE, roles, led units.
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { accountRoles } from "~/auth/roles";
import { FieldError, FormErrorSummary, SelectField, TextField } from "~/shell/forms";
import { accountSchema } from "./account-schema";

export interface AccountFormProps {
  submissionId: string;
  units: { id: string; name: string; depth: number }[];
  lastResult?: SubmissionResult<string[]>;
  defaults?: { givenName: string; familyName: string; email: string; unitId: string | null; fte: number; roles: string[]; ledUnitIds: string[] };
  submitLabel: string;
  /** Active role descriptions to choose from (the create form); the edit form leaves roles to HR. */
  roleDescriptions?: { id: string; title: string }[];
}

export function AccountFormView({ submissionId, units, lastResult, defaults, submitLabel, roleDescriptions }: AccountFormProps) {
  const { t, i18n } = useTranslation();
  const [form, fields] = useForm({
    lastResult,
    defaultValue: defaults
      ? { ...defaults, unitId: defaults.unitId ?? "", fte: defaults.fte.toLocaleString(i18n.language) }
      : { fte: (1).toLocaleString(i18n.language), roles: ["employee"] },
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: accountSchema }),
  });
  const roleValues = (fields.roles.value as string[] | string | undefined) ?? [];
  const ledValues = (fields.ledUnitIds.value as string[] | string | undefined) ?? [];
  const has = (list: string[] | string, value: string) => (Array.isArray(list) ? list.includes(value) : list === value);
  const unitOptions = [{ value: "", label: t("admin.noUnit") }, ...units.map((u) => ({ value: u.id, label: `${"— ".repeat(u.depth)}${u.name}` }))];
  return (
    <Form method="post" {...getFormProps(form)} className="form">
      <FormErrorSummary errors={form.errors} show={false} />
      <input type="hidden" name="submissionId" value={submissionId} />
      <TextField meta={fields.givenName} label={t("admin.givenName")} autoComplete="off" />
      <TextField meta={fields.familyName} label={t("admin.familyName")} autoComplete="off" />
      <TextField meta={fields.email} label={t("admin.email")} type="email" autoComplete="off" />
      <SelectField meta={fields.unitId} label={t("admin.unit")} options={unitOptions} hint={t("admin.unitHint")} />
      {roleDescriptions ? (
        <SelectField
          meta={fields.roleDescriptionId}
          label={t("admin.roleDescription")}
          hint={t("admin.roleDescriptionHint")}
          options={[{ value: "", label: t("admin.noRoleDescription") }, ...roleDescriptions.map((r) => ({ value: r.id, label: r.title }))]}
        />
      ) : null}
      <TextField meta={fields.fte} label={t("admin.fte")} inputMode="decimal" />
      <fieldset aria-describedby={fields.roles.errors?.length ? fields.roles.errorId : undefined}>
        <legend>{t("admin.roles")}</legend>
        {accountRoles.map((role) => (
          <label className="checkbox" key={role}>
            <input type="checkbox" name={fields.roles.name} value={role} defaultChecked={has(roleValues, role)} />
            <span>{t(`roles.${role}`)}</span>
          </label>
        ))}
        <FieldError id={fields.roles.errorId} errors={fields.roles.errors} />
      </fieldset>
      <fieldset>
        <legend>{t("admin.leadsUnits")}</legend>
        {units.map((unit) => (
          <label className="checkbox" key={unit.id}>
            <input type="checkbox" name={fields.ledUnitIds.name} value={unit.id} defaultChecked={has(ledValues, unit.id)} />
            <span>{unit.name}</span>
          </label>
        ))}
        <FieldError id={fields.ledUnitIds.errorId} errors={fields.ledUnitIds.errors} />
      </fieldset>
      <button type="submit" className="button">
        {submitLabel}
      </button>
    </Form>
  );
}
