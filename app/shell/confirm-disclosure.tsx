// An irreversible step that asks first: a button that opens a panel with a checkbox to tick and
// the real submit. Without the tick the action redirects back with the panel open (`asked`) and
// its alert shown, so the question also works without JavaScript.
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";

export function ConfirmDisclosure({
  id,
  asked,
  opener,
  openerTone = "danger",
  notAsked,
  text,
  confirmLabel,
  intent,
  fields,
}: {
  /** The anchor the action's redirect jumps to (`#id`). */
  id?: string;
  /** The action sent the form back without the tick: open the panel and say what is missing. */
  asked: boolean;
  /** The button's label (an ellipsis follows: it asks before it acts). */
  opener: ReactNode;
  openerTone?: "danger" | "quiet";
  /** The alert shown when the form came back without the tick. */
  notAsked: ReactNode;
  text: ReactNode;
  confirmLabel: ReactNode;
  /** Sent as `intent` by the submit button. */
  intent: string;
  /** Hidden fields (submissionId, the id of what the step acts on). */
  fields: Record<string, string>;
}) {
  return (
    <details className="confirm" id={id} open={asked}>
      <summary className={`button button--${openerTone}`}>{opener} …</summary>
      <Form method="post" className="confirm-panel">
        {Object.entries(fields).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        {asked ? (
          <p className="error" role="alert">
            {notAsked}
          </p>
        ) : null}
        <p>{text}</p>
        <label className="checkbox">
          <input type="checkbox" name="confirm" value="on" required />
          <span>{confirmLabel}</span>
        </label>
        <button type="submit" name="intent" value={intent} className="button button--danger">
          {opener}
        </button>
      </Form>
    </details>
  );
}
