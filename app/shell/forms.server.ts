// Server side of forms: parse with one zod schema (conform), answer 400 with field errors.
import { parseWithZod } from "@conform-to/zod/v4";
import { data } from "@remix-run/node";
import type { SubmissionResult } from "@conform-to/react";
import type { z } from "zod";

/** The request's form fields; an unreadable body (wrong Content-Type, broken multipart) is a 400. */
export async function readFormData(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw new Response("The form could not be read.", { status: 400 });
  }
}

export async function parseForm<Schema extends z.ZodType>(request: Request, schema: Schema) {
  let formData: FormData;
  try {
    formData = await request.formData();
  } catch {
    throw new Response("The form could not be read.", { status: 400 });
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
