// Sign-in throttling per account and per client address, stored in the database so that it
// holds across app instances. The account key is the typed e-mail address, whether or not an
// account exists, so a refusal reveals nothing about existing accounts.
import { and, eq, gt, lt, sql } from "drizzle-orm";
import type { Queryable } from "~/db/client.server";
import { loginAttempts } from "~/db/schema";

export interface ThrottleLimits {
  perAccount: number;
  perAddress: number;
  windowMinutes: number;
}

export const accountKey = (email: string) => `email:${email.trim().toLowerCase()}`;
export const addressKey = (address: string) => `ip:${address}`;

/** True when either key has reached its limit of failures within the window. */
export async function isThrottled(
  db: Queryable,
  keys: { account: string; address: string },
  limits: ThrottleLimits,
  now = new Date(),
): Promise<boolean> {
  const since = new Date(now.getTime() - limits.windowMinutes * 60_000);
  const [row] = await db
    .select({
      account: sql<number>`count(*) filter (where ${loginAttempts.key} = ${keys.account})`.mapWith(Number),
      address: sql<number>`count(*) filter (where ${loginAttempts.key} = ${keys.address})`.mapWith(Number),
    })
    .from(loginAttempts)
    .where(
      and(
        sql`${loginAttempts.key} in (${keys.account}, ${keys.address})`,
        eq(loginAttempts.succeeded, false),
        gt(loginAttempts.attemptedAt, since),
      ),
    );
  return (row?.account ?? 0) >= limits.perAccount || (row?.address ?? 0) >= limits.perAddress;
}

export async function recordAttempt(
  db: Queryable,
  keys: { account: string; address: string },
  succeeded: boolean,
) {
  await db.insert(loginAttempts).values([
    { key: keys.account, succeeded },
    { key: keys.address, succeeded },
  ]);
  if (succeeded) {
    // A successful sign-in clears the account's earlier failures (not the address's).
    await db
      .delete(loginAttempts)
      .where(and(eq(loginAttempts.key, keys.account), eq(loginAttempts.succeeded, false)));
  }
}

/** Drops attempts older than a day; called from the periodic clean-up. */
export async function pruneAttempts(db: Queryable, now = new Date()) {
  await db.delete(loginAttempts).where(lt(loginAttempts.attemptedAt, new Date(now.getTime() - 86_400_000)));
}
