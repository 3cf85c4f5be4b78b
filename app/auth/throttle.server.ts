// Sign-in throttling per account and per client address, stored in the database so that it
// holds across app instances. The account key is the typed e-mail address, whether or not an
// account exists, so a refusal reveals nothing about existing accounts.
import { and, eq, gt, inArray, lt, sql } from "drizzle-orm";
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

/**
 * Reserves one attempt before the password is checked, so that parallel attempts cannot all
 * pass the limit check before any of them is recorded: under a transaction-scoped advisory lock
 * per key (taken in a fixed order: account, then address), it counts the failures in the window,
 * and when under both limits records this attempt as a failure at once. Returns the reserved
 * rows, or null when throttled (nothing recorded, no password checked).
 * settleAttempt() turns the reservation into a success when the password was right.
 */
export async function reserveAttempt(
  db: Queryable,
  keys: { account: string; address: string },
  limits: ThrottleLimits,
  now = new Date(),
): Promise<number[] | null> {
  return db.transaction(async (tx) => {
    // Raw SQL: an advisory lock, which the query builder has no form for.
    for (const key of [keys.account, keys.address]) await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
    if (await isThrottled(tx, keys, limits, now)) return null;
    const rows = await tx
      .insert(loginAttempts)
      .values([
        { key: keys.account, succeeded: false, attemptedAt: now },
        { key: keys.address, succeeded: false, attemptedAt: now },
      ])
      .returning({ id: loginAttempts.id });
    return rows.map((r) => r.id);
  });
}

/** The outcome of a reserved attempt: a success clears the account's earlier failures. */
export async function settleAttempt(db: Queryable, keys: { account: string; address: string }, reserved: number[], succeeded: boolean) {
  if (!succeeded) return;
  await db.transaction(async (tx) => {
    await tx.update(loginAttempts).set({ succeeded: true }).where(inArray(loginAttempts.id, reserved));
    await tx.delete(loginAttempts).where(and(eq(loginAttempts.key, keys.account), eq(loginAttempts.succeeded, false)));
  });
}

/** Drops attempts older than a day; called from the periodic clean-up. */
export async function pruneAttempts(db: Queryable, now = new Date()) {
  await db.delete(loginAttempts).where(lt(loginAttempts.attemptedAt, new Date(now.getTime() - 86_400_000)));
}
