// Per-authority settings: which functions that could serve performance monitoring are switched
// on (to match the local service agreement), report suppression and retention.
import * as z from "zod";

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
  /**
   * Months after HR deactivated a person who left until their personal data is erased (Art. 17
   * DSGVO); 0: at the next hourly clean-up. Coverage snapshots (counts only) are kept.
   */
  leaverRetentionMonths: z.number().int().min(0).max(120).default(6),
  /** Minutes a learner waits after a failed quiz attempt before the next one (0: no wait). */
  retakeWaitMinutes: z.number().int().min(0).max(10_080).default(0),
  /** A person's own workshop registration waits for their lead's approval. */
  leadApprovesRegistrations: z.boolean().default(false),
});

export type AuthoritySettings = z.infer<typeof authoritySettingsSchema>;

export function parseSettings(raw: unknown): AuthoritySettings {
  const parsed = authoritySettingsSchema.safeParse(raw ?? {});
  // Stored settings were validated when written; fall back to defaults if the schema moved on.
  return parsed.success ? parsed.data : authoritySettingsSchema.parse({});
}
