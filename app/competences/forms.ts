// The competence forms' schemas, shared by the routes (server) and the forms (browser).
import * as z from "zod";
import { isCalendarDate } from "~/shell/text";

const submissionId = z.uuid({ error: "validation.required" });
const level = z.number({ error: "competences.errors.chooseLevel" }).int("competences.errors.chooseLevel").min(1, "competences.errors.chooseLevel").max(4, "competences.errors.chooseLevel");
const competenceId = z.string({ error: "validation.required" }).regex(/^[ksc]\.[a-z-]+$/, "validation.invalidChoice");
// A real calendar date: "2026-02-31" is refused, not rolled over into March.
const day = z.string({ error: "competences.errors.date" }).refine(isCalendarDate, "competences.errors.date");
const note = (max: number) => z.string({ error: "validation.required" }).trim().min(1, "validation.required").max(max, `validation.tooLong|{"max":${max}}`);

export const selfAssessmentSchema = z.object({ intent: z.literal("self"), submissionId, competenceId, level });

export const certificateSchema = z.object({
  intent: z.literal("certificate"),
  submissionId,
  competenceId,
  level,
  achievedOn: day,
  validUntil: day.optional(),
  note: note(200),
});

export const observeSchema = z.object({
  intent: z.literal("observe"),
  submissionId,
  personId: z.uuid({ error: "validation.invalidChoice" }),
  competenceId,
  level,
  observedOn: day,
  note: note(500),
});

export const assignSchema = z.object({
  intent: z.literal("assign"),
  submissionId,
  personIds: z.array(z.uuid({ error: "validation.invalidChoice" }), { error: "competences.errors.chooseMembers" }).min(1, "competences.errors.chooseMembers"),
  /** "module:<course>/<module>", "course:<course>" or "event:<id>" (a workshop: due on its first date). */
  target: z.string({ error: "validation.required" }).max(200, "validation.invalidChoice"),
  /** Required for a module or course (assignLearning says so); a workshop is due on its first date. */
  dueOn: day.optional(),
  /** "Assign anyway" to people who already hold what the target certifies. */
  confirmMet: z.literal("on", { error: "validation.invalidChoice" }).optional(),
});

export const withdrawSchema = z.object({
  intent: z.literal("withdraw"),
  assignmentId: z.uuid({ error: "validation.invalidChoice" }),
});
