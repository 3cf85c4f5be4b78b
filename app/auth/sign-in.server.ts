// Sign-in: throttle check, password verification, attempt recording. Returns the person id.
import { and, eq } from "drizzle-orm";
import type { Queryable } from "~/db/client.server";
import { people } from "~/db/schema";
import { verifyPassword } from "./password.server";
import { accountKey, addressKey, isThrottled, recordAttempt, type ThrottleLimits } from "./throttle.server";

export type SignInResult = { ok: true; personId: string } | { ok: false; reason: "invalid" | "throttled" };

export async function signIn(
  db: Queryable,
  input: { email: string; password: string; address: string },
  limits: ThrottleLimits,
): Promise<SignInResult> {
  const keys = { account: accountKey(input.email), address: addressKey(input.address) };
  if (await isThrottled(db, keys, limits)) return { ok: false, reason: "throttled" };
  const [person] = await db
    .select({ id: people.id, passwordHash: people.passwordHash })
    .from(people)
    .where(and(eq(people.email, input.email.trim().toLowerCase()), eq(people.active, true)));
  const valid = await verifyPassword(person?.passwordHash ?? null, input.password);
  await recordAttempt(db, keys, valid);
  return valid && person ? { ok: true, personId: person.id } : { ok: false, reason: "invalid" };
}
