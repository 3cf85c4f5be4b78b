// The module's frontmatter as a form (issue 14): editors fill in fields instead of writing YAML.
// One zod schema (conform, on the server and in the browser) with i18n keys as messages, per field;
// the composed file is then checked with the same schema as courses/ (moduleFrontmatterSchema).
import { parse as parseYamlText, stringify } from "yaml";
import * as z from "zod";
import { isCompetenceId } from "~/competences/framework";
import { maxModuleLevel } from "~/courses/content-rules";
import { splitFrontmatter } from "~/courses/format";

const e = (key: string, params?: Record<string, unknown>) => (params ? `authoring.meta.errors.${key}|${JSON.stringify(params)}` : `authoring.meta.errors.${key}`);

export const metaLimits = { title: 200, summary: 800, legalBasisLines: 30, legalBasisLine: 200, reviewedBy: 200, competences: 12 };

const line = (max: number) =>
  z
    .string({ error: e("required") })
    .trim()
    .min(1, e("required"))
    .max(max, e("tooLong", { max }))
    .refine((v) => !/[\r\n]/.test(v), e("singleLine"));
const optionalLine = (max: number) =>
  z
    .string()
    .trim()
    .max(max, e("tooLong", { max }))
    .refine((v) => !/[\r\n]/.test(v), e("singleLine"))
    .optional();
const whole = (min: number, max: number) =>
  z
    .number({ error: e("number", { min, max }) })
    .int(e("number", { min, max }))
    .min(min, e("number", { min, max }))
    .max(max, e("number", { min, max }));

export const frontmatterFormSchema = z.object({
  title: line(metaLimits.title),
  summary: z.string({ error: e("required") }).trim().min(1, e("required")).max(metaLimits.summary, e("tooLong", { max: metaLimits.summary })),
  minutes: whole(5, 60),
  language: z.enum(["de", "en"], { error: e("language") }),
  passMark: whole(1, 100),
  expiresAfterMonths: whole(1, 120).optional(),
  attemptSize: whole(5, 30).optional(),
  leitziele: z.array(z.number({ error: e("leitziel") }).int(e("leitziel")).min(1, e("leitziel")).max(12, e("leitziel")), { error: e("leitziel") }).max(12, e("leitziel")).default([]),
  /** One norm a line. */
  legalBasis: z
    .string()
    .max(metaLimits.legalBasisLines * (metaLimits.legalBasisLine + 2), e("legalBasis", metaLimits))
    .optional()
    .transform((v) => (v ?? "").split(/\r?\n/).map((l) => l.trim()).filter(Boolean))
    .refine((lines) => lines.length <= metaLimits.legalBasisLines && lines.every((l) => l.length <= metaLimits.legalBasisLine), e("legalBasis", metaLimits)),
  reviewedAt: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, e("date"))
    .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), e("date"))
    .optional(),
  reviewedBy: optionalLine(metaLimits.reviewedBy),
  competences: z
    .array(z.object({ id: z.string().max(100).optional(), level: z.number().int().optional() }), { error: e("competences", { max: metaLimits.competences }) })
    .max(metaLimits.competences + 4, e("competences", { max: metaLimits.competences }))
    .default([])
    .superRefine((all, ctx) => {
      const rows = all.filter((r) => r.id);
      if (rows.length === 0) ctx.addIssue({ code: "custom", message: e("competenceRequired") });
      if (rows.length > metaLimits.competences) ctx.addIssue({ code: "custom", message: e("competences", { max: metaLimits.competences }) });
      const seen = new Set<string>();
      all.forEach((row, i) => {
        if (!row.id) return;
        if (!isCompetenceId(row.id)) ctx.addIssue({ code: "custom", path: [i, "id"], message: e("competenceUnknown") });
        else if (seen.has(row.id)) ctx.addIssue({ code: "custom", path: [i, "id"], message: e("competenceTwice") });
        seen.add(row.id);
        if (!row.level || row.level < 1 || row.level > maxModuleLevel) ctx.addIssue({ code: "custom", path: [i, "level"], message: e("level", { max: maxModuleLevel }) });
      });
    })
    .transform((rows) => rows.filter((r) => r.id)),
  /** The module text below the frontmatter (MDX). */
  body: z.string({ error: e("required") }).max(2_000_000, e("tooLong", { max: 2_000_000 })),
});

export type FrontmatterForm = z.output<typeof frontmatterFormSchema>;

/** The .mdx file: frontmatter in the order of courses/ (YAML written by a library, so any text stays a text) and the body. */
export function composeSource(moduleId: string, form: FrontmatterForm): string {
  const fm: Record<string, unknown> = { id: moduleId, title: form.title, summary: form.summary, minutes: form.minutes, language: form.language, passMark: form.passMark };
  if (form.expiresAfterMonths !== undefined) fm.expiresAfterMonths = form.expiresAfterMonths;
  if (form.attemptSize !== undefined) fm.attemptSize = form.attemptSize;
  const leitziele = [...new Set(form.leitziele)].sort((a, b) => a - b);
  if (leitziele.length) fm.leitziele = leitziele;
  if (form.legalBasis.length) fm.legalBasis = form.legalBasis;
  if (form.reviewedAt) fm.reviewedAt = form.reviewedAt;
  if (form.reviewedBy) fm.reviewedBy = form.reviewedBy;
  fm.competences = Object.fromEntries(form.competences.map((c) => [c.id!, c.level!]));
  const yaml = stringify(fm, { lineWidth: 0, defaultStringType: "PLAIN", flowCollectionPadding: false });
  const body = form.body.replace(/^\r?\n/, "");
  return `---\n${yaml}---\n\n${body}`;
}

export interface FrontmatterDefaults {
  title: string;
  summary: string;
  minutes: string;
  language: string;
  passMark: string;
  expiresAfterMonths: string;
  attemptSize: string;
  leitziele: string[];
  legalBasis: string;
  reviewedAt: string;
  reviewedBy: string;
  competences: { id: string; level: string }[];
  body: string;
}

const str = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : "");

/**
 * The form's values from a stored draft: whatever its frontmatter holds (read leniently, so that a
 * draft with a broken frontmatter can be repaired in the form) and the body. `readable` is false
 * when the frontmatter could not be read at all.
 */
export function frontmatterDefaults(source: string): { values: FrontmatterDefaults; readable: boolean } {
  const parts = splitFrontmatter(source);
  let fm: Record<string, unknown> = {};
  let readable = false;
  if (parts) {
    try {
      const parsed = parseYamlText(parts.yaml, { maxAliasCount: 10 }) as unknown;
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
        fm = parsed as Record<string, unknown>;
        readable = true;
      }
    } catch {
      readable = false;
    }
  }
  const competences = fm.competences && typeof fm.competences === "object" && !Array.isArray(fm.competences) ? Object.entries(fm.competences as Record<string, unknown>) : [];
  return {
    readable,
    values: {
      title: str(fm.title),
      summary: str(fm.summary),
      minutes: str(fm.minutes),
      language: str(fm.language) || "de",
      passMark: str(fm.passMark),
      expiresAfterMonths: str(fm.expiresAfterMonths),
      attemptSize: str(fm.attemptSize),
      leitziele: Array.isArray(fm.leitziele) ? fm.leitziele.map(str) : [],
      legalBasis: Array.isArray(fm.legalBasis) ? fm.legalBasis.map(str).join("\n") : "",
      reviewedAt: fm.reviewedAt instanceof Date ? fm.reviewedAt.toISOString().slice(0, 10) : str(fm.reviewedAt),
      reviewedBy: str(fm.reviewedBy),
      competences: competences.slice(0, metaLimits.competences).map(([id, level]) => ({ id, level: str(level) })),
      body: parts ? parts.body.replace(/^\r?\n/, "") : source,
    },
  };
}
