// The workshop forms' schemas (create an event, move it to new dates), shared by the routes
// (server) and the forms (browser). Spare empty rows (dates, competences) are left out, so the
// forms work without JavaScript. Wall-clock checks (summer-time change, order, deadline) are the
// domain's (events.server.ts), which answers with the field of the first problem.
import * as z from "zod";

const text = (max: number) => z.string({ error: "validation.required" }).trim().min(1, "validation.required").max(max, `validation.tooLong|{"max":${max}}`);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `validation.tooLong|{"max":${max}}`)
    .optional()
    .transform((v) => (v ? v : null));
const uuidOrEmpty = z
  .string()
  .optional()
  .transform((v) => (v ? v : null))
  .refine((v) => v === null || /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v), "validation.invalidChoice");
/** Checkbox groups post nothing, one value or several. */
const idList = z.preprocess(
  (v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v : [v]),
  z.array(z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "validation.invalidChoice")).max(200, "validation.invalidChoice"),
);

const sessionRow = z.object({
  date: z.string().trim().max(10, "events.errors.date").optional(),
  start: z.string().trim().max(5, "events.errors.time").optional(),
  end: z.string().trim().max(5, "events.errors.time").optional(),
});

const sessionList = z
  .array(sessionRow)
  .max(20, "validation.invalidChoice")
  .default([])
  .superRefine((rows, ctx) => {
    rows.forEach((row, i) => {
      if (!row.date && !row.start && !row.end) return; // a spare row
      for (const key of ["date", "start", "end"] as const)
        if (!row[key]) ctx.addIssue({ code: "custom", path: [i, key], message: key === "date" ? "events.errors.date" : "events.errors.time" });
    });
    if (!rows.some((row) => row.date || row.start || row.end)) ctx.addIssue({ code: "custom", path: [0, "date"], message: "events.errors.noSession" });
  })
  .transform((rows) => rows.filter((row) => row.date || row.start || row.end).map((row) => ({ date: row.date!, start: row.start!, end: row.end! })));

/** "1.200,50 €", "1200.5", "80" → cents; null when it is no amount. */
export function parseEuros(value: string): number | null {
  let v = value.replace(/\s|€|EUR/gi, "");
  if (!v) return 0;
  if (v.includes(",")) v = v.replace(/\./g, "").replace(",", ".");
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(v)) return null;
  return Math.round(Number(v) * 100);
}

export const eventSchema = z
  .object({
    submissionId: z.uuid({ error: "validation.required" }),
    title: text(150),
    description: z.string().trim().max(4000, 'validation.tooLong|{"max":4000}').optional().default(""),
    trainerPersonId: uuidOrEmpty,
    trainerName: optionalText(150),
    trainerOrganisation: optionalText(150),
    place: optionalText(200),
    onlineUrl: optionalText(500),
    capacity: z.coerce.number({ error: "events.errors.capacity" }).int("events.errors.capacity").min(1, "events.errors.capacity").max(1000, "events.errors.capacity"),
    deadlineDate: z.string({ error: "events.errors.date" }).trim().min(1, "events.errors.date").max(10, "events.errors.date"),
    deadlineTime: z.string({ error: "events.errors.time" }).trim().min(1, "events.errors.time").max(5, "events.errors.time"),
    audienceRoleIds: idList,
    audienceUnitIds: idList,
    cost: z.string().trim().max(20, "events.errors.cost").optional().default(""),
    validMonths: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v ? Number(v) : null))
      .refine((v) => v === null || (Number.isInteger(v) && v >= 1 && v <= 120), "events.errors.validMonths"),
    unitId: uuidOrEmpty,
    sessions: sessionList,
    competences: z
      .array(
        z.object({
          competenceId: z.string().max(100, "validation.invalidChoice").optional(),
          level: z.string().max(1, "events.errors.level").optional(),
        }),
      )
      .max(20, "validation.invalidChoice")
      .default([]),
    /** "<course>/<module>" whose quiz must be passed before attendance counts; empty: none. */
    postQuiz: z
      .string()
      .trim()
      .max(200, "validation.invalidChoice")
      .optional()
      .transform((v) => v || null),
  })
  .superRefine((value, ctx) => {
    if (parseEuros(value.cost) === null) ctx.addIssue({ code: "custom", path: ["cost"], message: "events.errors.cost" });
    value.competences.forEach((row, i) => {
      if (row.competenceId && !/^[1-3]$/.test(row.level ?? "")) ctx.addIssue({ code: "custom", path: ["competences", i, "level"], message: "events.errors.level" });
    });
  })
  .transform(({ cost, competences, ...value }) => ({
    ...value,
    costCents: parseEuros(cost) ?? 0,
    competences: competences.filter((row) => row.competenceId).map((row) => ({ competenceId: row.competenceId!, level: Number(row.level) })),
  }));

export const moveSchema = z.object({
  submissionId: z.uuid({ error: "validation.required" }),
  sessions: sessionList,
});

/** The domain names a field "sessions.0.start"; the form calls it "sessions[0].start". */
export function formFieldName(field: string): string {
  return field.replace(/\.(\d+)(\.|$)/g, "[$1]$2");
}
