// Form schemas of the Rechtsänderungen page (server and browser): record a change, resolve it,
// let a module's evidence expire. Errors are message keys.
import * as z from "zod";

const submissionId = z.uuid({ error: "validation.required" });
/** A real calendar day YYYY-MM-DD (no 31 February) between 2000 and 2100. */
const day = z.string({ error: "legal.errors.date" }).refine((s) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || s < "2000-01-01" || s > "2100-12-31") return false;
  const d = new Date(`${s}T12:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}, "legal.errors.date");

export const recordChangeSchema = z.object({
  intent: z.literal("record"),
  submissionId,
  norm: z.string({ error: "validation.required" }).trim().min(1, "validation.required").max(120, 'validation.tooLong|{"max":120}'),
  effectiveOn: day,
  note: z.string({ error: "validation.required" }).trim().min(1, "validation.required").max(500, 'validation.tooLong|{"max":500}'),
});

export const resolveChangeSchema = z.object({
  intent: z.literal("resolve"),
  submissionId,
  changeId: z.uuid({ error: "validation.invalidChoice" }),
});

export const expireSchema = z.object({
  intent: z.literal("expire"),
  submissionId,
  /** "course/module" of an affected module. */
  module: z.string({ error: "validation.invalidChoice" }).regex(/^[a-z0-9-]+\/[a-z0-9-]+$/, "validation.invalidChoice"),
  validUntil: day,
});

export const legalFormSchema = z.discriminatedUnion("intent", [recordChangeSchema, resolveChangeSchema, expireSchema]);
