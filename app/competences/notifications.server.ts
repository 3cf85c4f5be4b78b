// In-app notifications: written in the transaction of the change they report, shown on
// "Mein Lernen" and the profile until the person marks them read. Each also queues a mail in the
// outbox in the same transaction (notifications.mailedAt is set then); nothing here sends anything.
import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import type { Queryable } from "~/db/client.server";
import { notifications, people, profileVisits } from "~/db/schema";
import { levelsOf } from "./assignments.server";
import { mailRaisedRequirements } from "./notification-mails.server";
import { grownGaps, type RaisedRequirement } from "./requirement-change";

export interface RequirementsRaised {
  roleDescriptionId: string;
  roleTitle: string;
  version: number;
  competences: RaisedRequirement[];
}

/**
 * After a role's requirements changed: tells every active holder of the role whose gap grew
 * (a new gap, or a wider one). Returns how many people were told.
 */
export async function notifyRaisedRequirements(
  db: Queryable,
  input: { authorityId: string; roleDescriptionId: string; roleTitle: string; version: number; before: Record<string, number>; after: Record<string, number>; at: Date },
): Promise<number> {
  if (!Object.entries(input.after).some(([id, level]) => level > (input.before[id] ?? 0))) return 0;
  const holders = await db
    .select({ id: people.id })
    .from(people)
    .where(and(eq(people.authorityId, input.authorityId), eq(people.roleDescriptionId, input.roleDescriptionId), eq(people.active, true)));
  if (holders.length === 0) return 0;
  const levels = await levelsOf(db, input.authorityId, holders.map((h) => h.id), input.at);
  const rows = holders.flatMap((h) => {
    const competences = grownGaps(input.before, input.after, levels.get(h.id));
    if (competences.length === 0) return [];
    const details: RequirementsRaised = { roleDescriptionId: input.roleDescriptionId, roleTitle: input.roleTitle, version: input.version, competences };
    // mailedAt: the mail is queued in this transaction (mailRaisedRequirements below).
    return [{ authorityId: input.authorityId, personId: h.id, kind: "requirements.raised", details, createdAt: input.at, mailedAt: input.at }];
  });
  for (let i = 0; i < rows.length; i += 500) {
    const inserted = await db.insert(notifications).values(rows.slice(i, i + 500)).returning({ id: notifications.id, personId: notifications.personId });
    await mailRaisedRequirements(
      db,
      inserted.map((n, j) => ({ id: n.id, authorityId: input.authorityId, personId: n.personId, details: rows[i + j].details, createdAt: input.at })),
    );
  }
  return rows.length;
}

export interface NotificationView {
  id: string;
  kind: string;
  createdAt: string;
  details: RequirementsRaised;
}

/** The person's unread notifications, newest first. */
export async function unreadNotifications(db: Queryable, authorityId: string, personId: string): Promise<NotificationView[]> {
  const rows = await db
    .select()
    .from(notifications)
    .where(and(eq(notifications.authorityId, authorityId), eq(notifications.personId, personId), isNull(notifications.readAt)))
    .orderBy(desc(notifications.createdAt))
    .limit(20);
  return rows.map((r) => ({ id: r.id, kind: r.kind, createdAt: r.createdAt.toISOString(), details: r.details as RequirementsRaised }));
}

/** Marks the person's own notifications read (others' ids are ignored). Idempotent. */
export async function markNotificationsRead(db: Queryable, authorityId: string, personId: string, ids: string[], at: Date) {
  if (ids.length === 0) return 0;
  const updated = await db
    .update(notifications)
    .set({ readAt: at })
    .where(and(eq(notifications.authorityId, authorityId), eq(notifications.personId, personId), inArray(notifications.id, ids), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return updated.length;
}

/** When the person last opened their profile (null: never), and records this visit. */
export async function recordProfileVisit(db: Queryable, personId: string, at: Date): Promise<Date | null> {
  const [row] = await db.select({ seen: profileVisits.seenAt }).from(profileVisits).where(eq(profileVisits.personId, personId));
  await db.insert(profileVisits).values({ personId, seenAt: at }).onConflictDoUpdate({ target: profileVisits.personId, set: { seenAt: at } });
  return row?.seen ?? null;
}
