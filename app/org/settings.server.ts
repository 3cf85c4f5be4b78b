// Reading and writing an authority's settings.
import { eq } from "drizzle-orm";
import type { Queryable } from "~/db/client.server";
import { authorities } from "~/db/schema";
import { parseSettings, type AuthoritySettings } from "./settings";

export async function getSettings(db: Queryable, authorityId: string): Promise<AuthoritySettings> {
  const [row] = await db.select({ settings: authorities.settings }).from(authorities).where(eq(authorities.id, authorityId));
  return parseSettings(row?.settings);
}

export async function saveSettings(db: Queryable, authorityId: string, settings: AuthoritySettings) {
  await db.update(authorities).set({ settings }).where(eq(authorities.id, authorityId));
}
