// The account form's schema, shared by the create and edit routes (server) and the form (browser).
import * as z from "zod";
import { accountRoles } from "~/auth/roles";
import { isPlainName } from "~/shell/text";

const name = z
  .string({ error: "validation.required" })
  .trim()
  .min(1, "validation.required")
  .max(100, 'validation.tooLong|{"max":100}')
  .refine(isPlainName, "validation.nameCharacters");

export const accountSchema = z.object({
  submissionId: z.uuid({ error: "validation.required" }),
  givenName: name,
  familyName: name,
  email: z.email({ error: (issue) => (issue.input === undefined ? "validation.required" : "validation.emailInvalid") }).max(254, "validation.emailInvalid"),
  unitId: z.uuid({ error: "validation.invalidChoice" }).optional(),
  // Decimal comma or point: "0,5" and "0.5" are both a half post.
  fte: z
    .string({ error: "validation.required" })
    .transform((s) => Number(s.replace(",", ".")))
    .pipe(z.number({ error: "validation.fteRange" }).min(0.05, "validation.fteRange").max(1, "validation.fteRange")),
  roles: z.array(z.enum(accountRoles, { error: "validation.invalidChoice" }), { error: "validation.roleRequired" }).min(1, "validation.roleRequired"),
  ledUnitIds: z.array(z.uuid({ error: "validation.invalidChoice" })).default([]),
  /** Only on creation; later HR assigns roles on /hr/people. Empty: none yet. */
  roleDescriptionId: z.uuid({ error: "validation.invalidChoice" }).optional(),
});

export type AccountForm = z.infer<typeof accountSchema>;
