// Form schemas of staffing plans and scenarios (server and browser).
import * as z from "zod";

const decimal = (message: string, min: number, max: number) =>
  z
    .string({ error: "validation.required" })
    .trim()
    .min(1, "validation.required")
    // German input: "1.560" is one thousand five hundred and sixty, "12,5" is twelve and a half.
    .transform((s) => Number(s.replace(/\.(?=\d{3}(\D|$))/g, "").replace(/\s/g, "").replace(",", ".").replace("−", "-")))
    .pipe(z.number({ error: message }).min(min, message).max(max, message));

export const planSettingsShape = {
  netHoursPerFte: decimal("hr.staffing.hoursRange", 500, 2500),
  netHoursSource: z.string({ error: "validation.required" }).trim().min(1, "validation.required").max(300, 'validation.tooLong|{"max":300}'),
  allowancePercent: decimal("hr.staffing.allowanceRange", 0, 50),
};

export const newPlanSchema = z.object({
  submissionId: z.uuid({ error: "validation.required" }),
  unitId: z.uuid({ error: "validation.invalidChoice" }),
  year: z.coerce.number({ error: "validation.required" }).int().min(2000, "validation.invalidChoice").max(2100, "validation.invalidChoice"),
  ...planSettingsShape,
});

/** Minutes per case a task may take (a column holds under a million; a case is never weeks). */
export const MAX_MINUTES_PER_CASE = 100_000;

const optionalNumber = z
  .string()
  .optional()
  .transform((s) => (s === undefined || s.trim() === "" ? undefined : Number(s.replace(/\.(?=\d{3}(\D|$))/g, "").replace(",", "."))));

const taskRow = z.object({
  title: z.string().trim().max(200, 'validation.tooLong|{"max":200}').optional(),
  cases: optionalNumber,
  casework: optionalNumber,
  counselling: optionalNumber,
});

export const planSchema = z
  .object({
    /** The plan's own form sends no intent (the scenario forms on its page do). */
    intent: z.undefined({ error: "validation.invalidChoice" }).optional(),
    submissionId: z.uuid({ error: "validation.required" }),
    ...planSettingsShape,
    tasks: z.array(taskRow).default([]),
  })
  .superRefine((value, ctx) => {
    value.tasks.forEach((row, i) => {
      const filled = row.title || row.cases !== undefined || row.casework !== undefined || row.counselling !== undefined;
      if (!filled) return;
      if (!row.title) ctx.addIssue({ code: "custom", path: ["tasks", i, "title"], message: "validation.required" });
      // The columns' limits: cases an integer, minutes numeric(8,2) (under a million).
      for (const [key, max, message] of [
        ["cases", 10_000_000, "hr.staffing.numberRange"],
        ["casework", MAX_MINUTES_PER_CASE, "hr.staffing.minutesRange"],
        ["counselling", MAX_MINUTES_PER_CASE, "hr.staffing.minutesRange"],
      ] as const) {
        const n = row[key] ?? 0;
        if (!Number.isFinite(n) || n < 0 || n > max) ctx.addIssue({ code: "custom", path: ["tasks", i, key], message });
      }
    });
  })
  .transform((value) => ({
    intent: undefined,
    submissionId: value.submissionId,
    netHoursPerFte: value.netHoursPerFte,
    netHoursSource: value.netHoursSource,
    allowancePercent: value.allowancePercent,
    tasks: value.tasks
      .filter((row) => row.title)
      .map((row) => ({ title: row.title!, casesPerYear: Math.round(row.cases ?? 0), caseworkMinutes: row.casework ?? 0, counsellingMinutes: row.counselling ?? 0 })),
  }));

const signed = decimal("hr.staffing.scenarioRange", -100, 1000);
export const scenarioSchema = z.object({
  submissionId: z.uuid({ error: "validation.required" }),
  intent: z.literal("scenario"),
  name: z.string({ error: "validation.required" }).trim().min(1, "validation.required").max(100, 'validation.tooLong|{"max":100}'),
  casesChangePercent: signed.optional().default(0),
  extraCounsellingMinutes: signed.optional().default(0),
  extraCaseworkMinutes: signed.optional().default(0),
});
