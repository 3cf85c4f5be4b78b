// Form building blocks: labelled fields whose errors are i18n keys translated here, announced
// to screen readers, and tied to their input with aria-describedby.
import type { FieldMetadata } from "@conform-to/react";
import { getInputProps, getSelectProps, getTextareaProps } from "@conform-to/react";
import { useEffect, useRef, type ReactNode } from "react";

// conform types each field by its schema input; these components accept any of them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyField = FieldMetadata<any, any, string[]>;
import { useT } from "~/i18n/use-t";

export function useErrorText() {
  const { t } = useT();
  // Errors are message keys ("validation.required") or "key|{json params}"; the params may
  // themselves contain "|" (e.g. a detail from an uploaded file), so split at the first one only.
  return (error: string) => {
    const cut = error.indexOf("|");
    if (cut < 0) return String(t(error as never));
    let params: Record<string, unknown> | undefined;
    try {
      params = JSON.parse(error.slice(cut + 1)) as Record<string, unknown>;
    } catch {
      params = undefined;
    }
    return String(t(error.slice(0, cut) as never, params as never));
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

/** The frame of every field: its label, an optional hint, the control and its error, tied together by aria-describedby. */
function Field({ meta, label, hint, children }: { meta: AnyField; label: ReactNode; hint?: ReactNode; children: (describedBy: string | undefined) => ReactNode }) {
  const hintId = hint ? `${meta.id}-hint` : undefined;
  const describedBy = [hintId, meta.errors?.length ? meta.errorId : undefined].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      {hint ? (
        <span className="hint" id={hintId}>
          {hint}
        </span>
      ) : null}
      {children(describedBy)}
      <FieldError id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

type InputType = "text" | "email" | "password" | "number" | "date" | "time" | "url" | "search" | "hidden";

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
  const { key, ...inputProps } = getInputProps(meta as FieldMetadata<string>, { type: type === "hidden" ? "hidden" : type, ariaAttributes: true });
  return (
    <Field meta={meta} label={label} hint={hint}>
      {(describedBy) => <input key={key} {...inputProps} aria-describedby={describedBy} autoComplete={autoComplete} inputMode={inputMode} step={step} min={min} max={max} />}
    </Field>
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
  const { key, ...selectProps } = getSelectProps(meta as FieldMetadata<string>, { ariaAttributes: true });
  return (
    <Field meta={meta} label={label} hint={hint}>
      {(describedBy) => (
        <select key={key} {...selectProps} aria-describedby={describedBy}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
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
  const { key, ...props } = getTextareaProps(meta as FieldMetadata<string>, { ariaAttributes: true });
  return (
    <Field meta={meta} label={label} hint={hint}>
      {(describedBy) => <textarea key={key} {...props} rows={rows} aria-describedby={describedBy} />}
    </Field>
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

/**
 * A message after something happened (saved, deleted …): announced (role="status") and, as the
 * page has just moved, brought into view with focus on it, so keyboard and screen-reader users
 * start from the outcome. Pass focus={false} for notices that describe a standing state.
 */
export function Notice({ children, tone = "ok", focus = tone === "ok" }: { children: ReactNode; tone?: "ok" | "warn" | "error" | "info"; focus?: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!focus || !ref.current) return;
    ref.current.focus({ preventScroll: true });
    ref.current.scrollIntoView({ block: "nearest" });
  }, [focus, children]);
  return (
    <div ref={ref} className={`notice notice--${tone}`} role="status" tabIndex={focus ? -1 : undefined}>
      {children}
    </div>
  );
}
