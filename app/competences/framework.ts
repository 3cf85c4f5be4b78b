// The competence framework (goal 10): a versioned data file validated here with zod.
import * as z from "zod";
import raw from "./framework.json";

const text = z.object({ de: z.string().min(1), en: z.string().min(1) });
export const levelNumbers = [1, 2, 3, 4] as const;
export type Level = 1 | 2 | 3 | 4;

const competenceSchema = z.object({
  id: z.string().regex(/^[ksc]\.[a-z-]+$/, "competence ids look like k.residence-paths"),
  name: text,
  description: text,
  goals: z.array(z.number().int().min(1).max(12)).min(1),
  descriptors: z.object({ "1": text, "2": text, "3": text, "4": text }),
});

export const frameworkSchema = z
  .object({
    version: z.number().int().positive(),
    levels: z
      .array(z.object({ level: z.number().int().min(1).max(4), name: text, description: text }))
      .length(4),
    dimensions: z
      .array(
        z.object({
          id: z.string().regex(/^[a-z]+$/),
          name: text,
          description: text,
          competences: z.array(competenceSchema).min(1),
        }),
      )
      .min(1),
  })
  .superRefine((framework, ctx) => {
    const seen = new Set<string>();
    for (const dimension of framework.dimensions)
      for (const competence of dimension.competences) {
        if (seen.has(competence.id))
          ctx.addIssue({ code: "custom", message: `competence id ${competence.id} appears twice` });
        seen.add(competence.id);
      }
  });

export type Framework = z.infer<typeof frameworkSchema>;
export type Competence = Framework["dimensions"][number]["competences"][number] & { dimension: string };

export const framework: Framework = frameworkSchema.parse(raw);

export const allCompetences: Competence[] = framework.dimensions.flatMap((dimension) =>
  dimension.competences.map((competence) => ({ ...competence, dimension: dimension.id })),
);

const byId = new Map(allCompetences.map((c) => [c.id, c]));
export function competenceById(id: string): Competence | undefined {
  return byId.get(id);
}

export function isCompetenceId(id: string): boolean {
  return byId.has(id);
}
