// Sign-in, and the current-password check before a password change: one throttle for both
// (throttle check, password verification, attempt recording under the same keys).
import { and, eq } from "drizzle-orm";
import * as z from "zod";
import type { Queryable } from "~/db/client.server";
import { people } from "~/db/schema";
import { verifyPassword } from "./password.server";
import { accountKey, addressKey, reserveAttempt, settleAttempt, type ThrottleLimits } from "./throttle.server";

/**
 * The sign-in form. Only the server validates it: the sign-in page is the first one anyone
 * loads and ships no zod (see the JavaScript budget in tests/client-bundle.test.ts).
 */
export const signInForm = z.object({
  email: z.email({ error: (issue) => (issue.input === undefined ? "validation.required" : "validation.emailInvalid") }).max(254, "validation.emailInvalid"),
  password: z.string({ error: "validation.required" }).max(200, "validation.passwordTooLong"),
  redirectTo: z.string().optional(),
});

export type SignInResult = { ok: true; personId: string } | { ok: false; reason: "invalid" | "throttled" };

export async function signIn(
  db: Queryable,
  input: { email: string; password: string; address: string },
  limits: ThrottleLimits,
): Promise<SignInResult> {
  const keys = { account: accountKey(input.email), address: addressKey(input.address) };
  const reserved = await reserveAttempt(db, keys, limits);
  if (!reserved) return { ok: false, reason: "throttled" };
  const [person] = await db
    .select({ id: people.id, passwordHash: people.passwordHash })
    .from(people)
    .where(and(eq(people.email, input.email.trim().toLowerCase()), eq(people.active, true)));
  const valid = await verifyPassword(person?.passwordHash ?? null, input.password);
  await settleAttempt(db, keys, reserved, valid && !!person);
  return valid && person ? { ok: true, personId: person.id } : { ok: false, reason: "invalid" };
}

/**
 * Checks a signed-in person's current password (before a password change). Failures count
 * against the same account and address limits as failed sign-ins, so a stolen session cannot
 * be used to guess the password faster than the sign-in form allows.
 */
export async function verifyCurrentPassword(
  db: Queryable,
  input: { personId: string; email: string; password: string; address: string },
  limits: ThrottleLimits,
): Promise<"ok" | "invalid" | "throttled"> {
  const keys = { account: accountKey(input.email), address: addressKey(input.address) };
  const reserved = await reserveAttempt(db, keys, limits);
  if (!reserved) return "throttled";
  const [person] = await db.select({ passwordHash: people.passwordHash }).from(people).where(eq(people.id, input.personId));
  const valid = await verifyPassword(person?.passwordHash ?? null, input.password);
  await settleAttempt(db, keys, reserved, valid);
  return valid ? "ok" : "invalid";
}

/** The throttle limits from the environment. */
export function throttleLimits(env: { LOGIN_MAX_FAILURES_PER_ACCOUNT: number; LOGIN_MAX_FAILURES_PER_ADDRESS: number; LOGIN_WINDOW_MINUTES: number }): ThrottleLimits {
  return { perAccount: env.LOGIN_MAX_FAILURES_PER_ACCOUNT, perAddress: env.LOGIN_MAX_FAILURES_PER_ADDRESS, windowMinutes: env.LOGIN_WINDOW_MINUTES };
}
