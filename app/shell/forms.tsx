// Form building blocks: labelled fields whose errors are i18n keys translated here, announced
// to screen readers, and tied to their input with aria-describedby.
import type { FieldMetadata } from "@conform-to/react";
import { getInputProps, getSelectProps, getTextareaProps } from "@conform-to/react";
import type { ReactNode } from "react";

// conform types each field by its schema input; these components accept any of them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyField = FieldMetadata<any, any, string[]>;
import { useT } from "~/i18n/use-t";

export function useErrorText() {
  const { t } = useT();
  // Errors are message keys ("validation.required") or "key|{json params}".
  return (error: string) => {
    const [key, params] = error.split("|");
    return String(t(key as never, params ? JSON.parse(params) : undefined));
  };
}

export function FieldError({ id, errors }: { id: string; errors?: string[] }) {
  const text = useErrorText();
  if (!errors?.length) return null;
  return (
    <span className="field-error" id={id}>
      {errors.map(text).join(" ")}
    </span>
  );
}

type InputType = "text" | "email" | "password" | "number" | "date" | "search" | "hidden";

export function TextField({
  meta,
  label,
  hint,
  type = "text",
  autoComplete,
  inputMode,
  step,
  min,
  max,
}: {
  meta: AnyField;
  label: ReactNode;
  hint?: ReactNode;
  type?: InputType;
  autoComplete?: string;
  inputMode?: "decimal" | "numeric" | "email" | "text";
  step?: string;
  min?: string;
  max?: string;
}) {
  const hintId = hint ? `${meta.id}-hint` : undefined;
  const describedBy = [hintId, meta.errors?.length ? meta.errorId : undefined].filter(Boolean).join(" ") || undefined;
  const { key, ...inputProps } = getInputProps(meta as FieldMetadata<string>, { type: type === "hidden" ? "hidden" : type, ariaAttributes: true });
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      {hint ? (
        <span className="hint" id={hintId}>
          {hint}
        </span>
      ) : null}
      <input
        key={key}
        {...inputProps}
        aria-describedby={describedBy}
        autoComplete={autoComplete}
        inputMode={inputMode}
        step={step}
        min={min}
        max={max}
      />
      <FieldError id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export function SelectField({
  meta,
  label,
  hint,
  options,
}: {
  meta: AnyField;
  label: ReactNode;
  hint?: ReactNode;
  options: { value: string; label: string }[];
}) {
  const hintId = hint ? `${meta.id}-hint` : undefined;
  const describedBy = [hintId, meta.errors?.length ? meta.errorId : undefined].filter(Boolean).join(" ") || undefined;
  const { key, ...selectProps } = getSelectProps(meta as FieldMetadata<string>, { ariaAttributes: true });
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      {hint ? (
        <span className="hint" id={hintId}>
          {hint}
        </span>
      ) : null}
      <select key={key} {...selectProps} aria-describedby={describedBy}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldError id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export function TextAreaField({
  meta,
  label,
  hint,
  rows = 4,
}: {
  meta: AnyField;
  label: ReactNode;
  hint?: ReactNode;
  rows?: number;
}) {
  const hintId = hint ? `${meta.id}-hint` : undefined;
  const describedBy = [hintId, meta.errors?.length ? meta.errorId : undefined].filter(Boolean).join(" ") || undefined;
  const { key, ...props } = getTextareaProps(meta as FieldMetadata<string>, { ariaAttributes: true });
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      {hint ? (
        <span className="hint" id={hintId}>
          {hint}
        </span>
      ) : null}
      <textarea key={key} {...props} rows={rows} aria-describedby={describedBy} />
      <FieldError id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

/** A summary at the top of a form after a failed submit, so the error is announced. */
export function FormErrorSummary({ errors, show }: { errors?: string[]; show: boolean }) {
  const text = useErrorText();
  const { t } = useT();
  if (!show && !errors?.length) return null;
  return (
    <div className="notice notice--error" role="alert">
      <p>{errors?.length ? errors.map(text).join(" ") : t("common.formHasErrors")}</p>
    </div>
  );
}

export function Notice({ children, tone = "ok" }: { children: ReactNode; tone?: "ok" | "warn" | "error" | "info" }) {
  return (
    <div className={`notice notice--${tone}`} role="status">
      {children}
    </div>
  );
}
