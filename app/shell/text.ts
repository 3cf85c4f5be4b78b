// Checks for text that enters through forms and files: characters PostgreSQL cannot store or
// that make a name display as something else, and calendar dates that do not exist.
// (Pure: used by the zod schemas on the server and in the browser.)

// C0 controls except tab, line feed and carriage return; DEL; C1 controls. NUL cannot be stored
// in a PostgreSQL text column at all; the others have no business in a form field.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
// Bidi embeddings, overrides and isolates: they make "Anna\u202Egnirts" display reversed.
const BIDI = /[\u202a-\u202e\u2066-\u2069]/;

export const hasControlCharacters = (value: string) => CONTROL.test(value);

/** A person's or unit's name: one line, no control or bidi formatting characters. */
export const isPlainName = (value: string) => !CONTROL.test(value) && !BIDI.test(value) && !/[\t\r\n]/.test(value);

/** A real calendar date "yyyy-mm-dd" between 1900 and 2999 ("2026-02-31" is not one). */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [y, m, d] = match.slice(1).map(Number);
  if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}
