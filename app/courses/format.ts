// The course content format (courses/README.md): zod schemas for course.yaml and module
// frontmatter, and their validation with errors that name the file and the line.
import { isMap, LineCounter, parseDocument } from "yaml";
import * as z from "zod";
import { isCompetenceId } from "~/competences/framework";

export const slugSchema = z
  .string({ error: "must be a text" })
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "use lowercase letters, digits and dashes only");

const text = (what: string) => z.string({ error: `${what} must be a text` }).trim().min(1, `${what} must not be empty`);

export const courseFileSchema = z.strictObject(
  {
    id: slugSchema,
    title: text("title"),
    summary: text("summary"),
    language: z.enum(["de", "en"], { error: "language must be de or en" }),
    modules: z.array(slugSchema, { error: "modules must be a list of module ids" }).min(1, "a course needs at least one module"),
  },
  { error: (issue) => (issue.code === "unrecognized_keys" ? `unknown field(s): ${issue.keys.join(", ")}` : undefined) },
);

export const moduleFrontmatterSchema = z.strictObject(
  {
    id: slugSchema,
    title: text("title"),
    summary: text("summary"),
    minutes: z.number({ error: "minutes must be a number" }).int("minutes must be a whole number").min(5, "minutes must be 5–60").max(60, "minutes must be 5–60"),
    language: z.enum(["de", "en"], { error: "language must be de or en" }),
    passMark: z.number({ error: "passMark must be a number" }).int("passMark must be a whole number").min(1, "passMark must be 1–100").max(100, "passMark must be 1–100"),
    expiresAfterMonths: z.number({ error: "expiresAfterMonths must be a number" }).int().min(1, "expiresAfterMonths must be 1–120").max(120, "expiresAfterMonths must be 1–120").optional(),
    /** Items one attempt shows, drawn from the quiz's pool (which must hold at least 1.5 × as many). */
    attemptSize: z.number({ error: "attemptSize must be a number" }).int("attemptSize must be a whole number").min(5, "attemptSize must be 5–30").max(30, "attemptSize must be 5–30").optional(),
    /** The Leitziele (1–12, ../shared/leitziele.md) the module teaches. */
    leitziele: z
      .array(z.number({ error: "a Leitziel is a number 1–12" }).int().min(1, "Leitziele are 1–12").max(12, "Leitziele are 1–12"), { error: "leitziele must be a list of numbers 1–12" })
      .min(1, "name at least one Leitziel")
      .optional(),
    /** The norms the module relies on, e.g. "§ 81 Abs. 4 AufenthG" (Rechtsstand). */
    legalBasis: z.array(text("a legalBasis entry"), { error: "legalBasis must be a list of norms" }).min(1, "legalBasis must name at least one norm").optional(),
    /** When the content was last checked against the law and practice (YYYY-MM-DD), and by whom. */
    reviewedAt: z.string({ error: "reviewedAt must be a date YYYY-MM-DD" }).regex(/^\d{4}-\d{2}-\d{2}$/, "reviewedAt must be a date YYYY-MM-DD").optional(),
    reviewedBy: text("reviewedBy").optional(),
    competences: z
      .record(z.string(), z.number({ error: "a competence level must be a number 1–4" }).int().min(1, "levels are 1–4").max(4, "levels are 1–4"), {
        error: "competences must map competence ids to levels",
      })
      .superRefine((map, ctx) => {
        const ids = Object.keys(map);
        if (ids.length === 0) ctx.addIssue({ code: "custom", message: "a module must certify at least one competence" });
        for (const id of ids)
          if (!isCompetenceId(id)) ctx.addIssue({ code: "custom", path: [id], message: `unknown competence id "${id}" (see app/competences/framework.json)` });
      }),
  },
  // Unknown keys are refused: frontmatter reaches the browser, so it must never carry answers.
  { error: (issue) => (issue.code === "unrecognized_keys" ? `unknown field(s): ${issue.keys.join(", ")}` : undefined) },
);

export type CourseFile = z.infer<typeof courseFileSchema>;
export type ModuleFrontmatter = z.infer<typeof moduleFrontmatterSchema>;

export interface ContentError {
  /** Path relative to the repository root, e.g. courses/x/y.mdx. */
  file: string;
  line: number;
  message: string;
}

export function formatContentError(error: ContentError) {
  return `${error.file}:${error.line}: ${error.message}`;
}

/**
 * Parses YAML and validates it with `schema`. `lineOffset` is the file line of the YAML's first
 * line minus one (frontmatter starts on line 2 of a module).
 */
export function parseYaml<T>(
  source: string,
  schema: z.ZodType<T>,
  file: string,
  lineOffset = 0,
): { value: T; errors: [] } | { value: undefined; errors: ContentError[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false });
  const lineAt = (offset: number | undefined) => (offset === undefined ? 1 : lineCounter.linePos(offset).line) + lineOffset;
  if (doc.errors.length)
    return { value: undefined, errors: doc.errors.map((e) => ({ file, line: lineAt(e.pos[0]), message: `YAML: ${e.message.split("\n")[0]}` })) };
  const result = schema.safeParse(doc.toJS());
  if (result.success) return { value: result.data, errors: [] };
  const errors = result.error.issues.map((issue) => {
    // The line of the deepest node of the issue's path that exists (the key itself for missing fields).
    let line = 1 + lineOffset;
    for (let depth = issue.path.length; depth > 0; depth--) {
      const path = issue.path.slice(0, depth) as (string | number)[];
      const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
      if (node?.range) {
        line = lineAt(node.range[0]);
        break;
      }
    }
    if (issue.code === "unrecognized_keys" && isMap(doc.contents)) {
      const key = doc.contents.items.find((pair) => issue.keys.includes(String((pair.key as { value?: unknown })?.value)));
      const range = (key?.key as { range?: [number, number, number] } | undefined)?.range;
      if (range) line = lineAt(range[0]);
    }
    const field = issue.path.length ? `${issue.path.join(".")}: ` : "";
    const message = issue.code === "invalid_type" && issue.input === undefined ? `missing field ${issue.path.join(".")}` : `${field}${issue.message}`;
    return { file, line, message };
  });
  return { value: undefined, errors };
}

/** Splits a module file into its frontmatter (YAML between two `---` lines) and body. */
export function splitFrontmatter(source: string): { yaml: string; body: string } | null {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(source);
  if (!match) return null;
  return { yaml: match[1], body: source.slice(match[0].length) };
}

export function parseModuleFrontmatter(source: string, file: string, expectedId: string) {
  const parts = splitFrontmatter(source);
  if (!parts) return { value: undefined, errors: [{ file, line: 1, message: "the module must start with YAML frontmatter between two --- lines" }] };
  const parsed = parseYaml(parts.yaml, moduleFrontmatterSchema, file, 1);
  if (parsed.value && parsed.value.id !== expectedId) {
    const line = parts.yaml.split("\n").findIndex((l) => l.startsWith("id:")) + 2;
    return { value: undefined, errors: [{ file, line, message: `id "${parsed.value.id}" must equal the file name "${expectedId}"` }] };
  }
  return parsed;
}
