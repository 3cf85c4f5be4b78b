// Per-authority settings: which functions that could serve performance monitoring are switched
// on (to match the local service agreement), report suppression and retention.
import { z } from "zod";

export const authoritySettingsSchema = z.object({
  /** Leads may open the individual profiles of their unit's members. */
  leadsSeeIndividualProfiles: z.boolean().default(true),
  /** Leads may record observed assessments as evidence. */
  observedAssessments: z.boolean().default(true),
  /** Reports may list individual people (otherwise only unit aggregates). */
  perPersonReports: z.boolean().default(false),
  /** Aggregates over fewer people than this are suppressed. */
  minGroupSize: z.number().int().min(2).max(50).default(5),
  /** Audit log entries older than this are deleted. */
  auditRetentionMonths: z.number().int().min(1).max(120).default(24),
});

export type AuthoritySettings = z.infer<typeof authoritySettingsSchema>;

export function parseSettings(raw: unknown): AuthoritySettings {
  const parsed = authoritySettingsSchema.safeParse(raw ?? {});
  // Stored settings were validated when written; fall back to defaults if the schema moved on.
  return parsed.success ? parsed.data : authoritySettingsSchema.parse({});
}
