// The role description form's schema, shared by the route (server) and the form (browser).
import * as z from "zod";
import { allCompetences } from "~/competences/framework";
import { paySchemes, taskCategories, validateTaskShares, type RoleTask } from "./role-description";

const text = (max: number) => z.string({ error: "validation.required" }).trim().min(1, "validation.required").max(max, `validation.tooLong|{"max":${max}}`);

const taskRow = z.object({
  title: z.string().trim().max(200, 'validation.tooLong|{"max":200}').optional(),
  category: z.enum(taskCategories, { error: "validation.invalidChoice" }).default("other"),
  share: z.string().optional(),
});

export const roleSchema = z
  .object({
    /** The role's own form sends no intent (the copy, retire and reactivate buttons on its page do). */
    intent: z.undefined({ error: "validation.invalidChoice" }).optional(),
    submissionId: z.uuid({ error: "validation.required" }),
    title: text(150),
    payScheme: z.enum(paySchemes, { error: "validation.invalidChoice" }),
    payGrade: text(30),
    tasks: z.array(taskRow).default([]),
    // One level 0–4 per competence of the framework, in framework order (0 = not required).
    requirements: z.array(z.coerce.number().int().min(0, "validation.invalidChoice").max(4, "validation.invalidChoice")).length(allCompetences.length),
  })
  .superRefine((value, ctx) => {
    const tasks: RoleTask[] = [];
    value.tasks.forEach((row, i) => {
      const hasTitle = !!row.title;
      const hasShare = row.share !== undefined && row.share.trim() !== "";
      if (!hasTitle && !hasShare) return; // an empty spare row
      if (!hasTitle) ctx.addIssue({ code: "custom", path: ["tasks", i, "title"], message: "validation.required" });
      const share = hasShare ? Number(row.share!.replace(",", ".").replace("%", "").trim()) : NaN;
      if (!Number.isFinite(share) || share <= 0 || share > 100) ctx.addIssue({ code: "custom", path: ["tasks", i, "share"], message: "hr.roles.shareRange" });
      tasks.push({ title: row.title ?? "", category: row.category, sharePercent: share });
    });
    if (tasks.some((t) => !Number.isFinite(t.sharePercent))) return;
    const titles = tasks.map((t) => t.title);
    if (new Set(titles).size !== titles.length) ctx.addIssue({ code: "custom", path: ["tasks"], message: "hr.roles.taskTitlesUnique" });
    const error = validateTaskShares(tasks);
    if (error) ctx.addIssue({ code: "custom", path: ["tasks"], message: error });
  })
  .transform((value) => ({
    intent: undefined,
    submissionId: value.submissionId,
    title: value.title,
    payScheme: value.payScheme,
    payGrade: value.payGrade,
    tasks: value.tasks
      .filter((row) => row.title)
      .map((row) => ({ title: row.title!, category: row.category, sharePercent: Number(row.share!.replace(",", ".").replace("%", "").trim()) })),
    requirements: Object.fromEntries(
      allCompetences.map((c, i) => [c.id, value.requirements[i]] as const).filter(([, level]) => level > 0),
    ) as Record<string, number>,
  }));

export type RoleInput = Omit<z.output<typeof roleSchema>, "intent" | "submissionId">;
