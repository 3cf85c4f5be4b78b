// Server side of forms: parse with one zod schema (conform), answer 400 with field errors.
import { parseWithZod } from "@conform-to/zod/v4";
import { data } from "@remix-run/node";
import type { SubmissionResult } from "@conform-to/react";
import * as z from "zod";
import type { ErrorMessageKey } from "~/i18n/i18n";
import { hasControlCharacters } from "./text";

/**
 * Form fields holding control characters (a NUL byte cannot even be stored). Passwords are
 * left alone: they are hashed, never stored or shown as text.
 */
function fieldsWithControlCharacters(formData: FormData): string[] {
  const bad = new Set<string>();
  for (const [name, value] of formData.entries()) {
    if (typeof value === "string" && !/password/i.test(name) && hasControlCharacters(value)) bad.add(name);
  }
  return [...bad];
}

/** A 400 whose body is a message key (the error page shows it in the person's language). */
export function badRequest(messageKey: ErrorMessageKey | "validation.controlCharacters" | "validation.invalidChoice" = "validation.invalidChoice") {
  return new Response(messageKey, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/** The request's form fields; an unreadable body (wrong Content-Type, broken multipart) is a 400. */
export async function readFormData(request: Request): Promise<FormData> {
  let formData: FormData;
  try {
    formData = await request.formData();
  } catch {
    throw badRequest("errors.formUnreadable");
  }
  if (fieldsWithControlCharacters(formData).length) throw badRequest("validation.controlCharacters");
  return formData;
}

/** Parses a form against its schema; pass the FormData when the action has read it already (one read per body). */
export async function parseForm<Schema extends z.ZodType>(request: Request | FormData, schema: Schema) {
  let formData: FormData;
  if (request instanceof FormData) formData = request;
  else
    try {
      formData = await request.formData();
    } catch {
      throw badRequest("errors.formUnreadable");
    }
  const bad = fieldsWithControlCharacters(formData);
  if (bad.length) {
    // The field's own error, whatever else the schema would say about the form.
    // A field name the form does not have (crafted: "__proto__", "a[b]") gets a form-level error.
    const refuse = z.any().superRefine((_value, ctx) => {
      for (const name of bad) {
        const known = /^[a-zA-Z]\w*(\[\d+\]\.[a-zA-Z]\w*)?$/.test(name) && !["constructor", "prototype"].includes(name);
        ctx.addIssue({ code: "custom", path: known ? [name] : [], message: "validation.controlCharacters" });
      }
    });
    return { formData, submission: parseWithZod(formData, { schema: refuse as unknown as Schema }) };
  }
  return { formData, submission: parseWithZod(formData, { schema }) };
}

/** A 400 answer carrying the submission's field errors for the form to show. */
export function invalid(result: SubmissionResult<string[]>) {
  return data({ result }, { status: 400 });
}

/** Turns a domain error (field + message key) into a 400 with that field's error. */
export function fieldError(
  submission: { reply: (options?: { fieldErrors?: Record<string, string[]>; formErrors?: string[] }) => SubmissionResult<string[]> },
  field: string,
  messageKey: string,
) {
  return invalid(field === "form" ? submission.reply({ formErrors: [messageKey] }) : submission.reply({ fieldErrors: { [field]: [messageKey] } }));
}
