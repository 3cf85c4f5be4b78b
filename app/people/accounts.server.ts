// Accounts of an authority: people with their account roles, the units they lead, activation,
// and one-time links to set a password.
import crypto from "node:crypto";
import { and, eq, ilike, inArray, isNull, or, sql, gt } from "drizzle-orm";
import type { Queryable } from "~/db/client.server";
import { passwordTokens, people, personRoles, sessions, unitLeads, units } from "~/db/schema";
import type { AccountRole } from "~/auth/roles";

export interface AccountInput {
  givenName: string;
  familyName: string;
  email: string;
  unitId: string | null;
  fte: number;
  roles: AccountRole[];
  ledUnitIds: string[];
}

export class AccountError extends Error {
  constructor(
    readonly field: keyof AccountInput | "form",
    readonly messageKey: string,
  ) {
    super(messageKey);
  }
}

export async function listAccounts(db: Queryable, authorityId: string, query?: string) {
  const q = query?.trim();
  const rows = await db
    .select({
      id: people.id,
      givenName: people.givenName,
      familyName: people.familyName,
      email: people.email,
      active: people.active,
      hasPassword: sql<boolean>`${people.passwordHash} is not null`,
      unitName: units.name,
      roles: sql<AccountRole[]>`array(select role::text from person_roles r where r.person_id = ${people.id} order by 1)`,
    })
    .from(people)
    .leftJoin(units, eq(units.id, people.unitId))
    .where(
      and(
        eq(people.authorityId, authorityId),
        q
          ? or(
              ilike(sql`${people.givenName} || ' ' || ${people.familyName}`, `%${escapeLike(q)}%`),
              ilike(people.email, `%${escapeLike(q)}%`),
            )
          : undefined,
      ),
    )
    ;
  const collator = new Intl.Collator("de");
  return rows.sort((a, b) => collator.compare(a.familyName, b.familyName) || collator.compare(a.givenName, b.givenName));
}

function escapeLike(s: string) {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function getAccount(db: Queryable, authorityId: string, personId: string) {
  const [person] = await db
    .select({
      id: people.id,
      authorityId: people.authorityId,
      givenName: people.givenName,
      familyName: people.familyName,
      email: people.email,
      unitId: people.unitId,
      fte: people.fte,
      active: people.active,
      hasPassword: sql<boolean>`${people.passwordHash} is not null`,
    })
    .from(people)
    .where(and(eq(people.id, personId), eq(people.authorityId, authorityId)));
  if (!person) return null;
  const roles = await db.select({ role: personRoles.role }).from(personRoles).where(eq(personRoles.personId, personId));
  const led = await db.select({ unitId: unitLeads.unitId }).from(unitLeads).where(eq(unitLeads.personId, personId));
  return { ...person, roles: roles.map((r) => r.role), ledUnitIds: led.map((l) => l.unitId) };
}

async function assertUnitsInAuthority(db: Queryable, authorityId: string, input: AccountInput) {
  const wanted = [...new Set([...(input.unitId ? [input.unitId] : []), ...input.ledUnitIds])];
  if (wanted.length === 0) return;
  const found = await db
    .select({ id: units.id })
    .from(units)
    .where(and(eq(units.authorityId, authorityId), inArray(units.id, wanted)));
  if (found.length !== wanted.length) {
    throw new AccountError(input.unitId && !found.some((f) => f.id === input.unitId) ? "unitId" : "ledUnitIds", "validation.invalidChoice");
  }
}

async function assertEmailFree(db: Queryable, email: string, personId?: string) {
  const [clash] = await db
    .select({ id: people.id })
    .from(people)
    .where(and(eq(people.email, email), personId ? sql`${people.id} <> ${personId}` : undefined));
  if (clash) throw new AccountError("email", "validation.emailTaken");
}

async function writeGrants(db: Queryable, personId: string, input: AccountInput) {
  await db.delete(personRoles).where(eq(personRoles.personId, personId));
  await db.insert(personRoles).values(input.roles.map((role) => ({ personId, role })));
  await db.delete(unitLeads).where(eq(unitLeads.personId, personId));
  const led = input.roles.includes("lead") ? input.ledUnitIds : [];
  if (led.length > 0) await db.insert(unitLeads).values(led.map((unitId) => ({ unitId, personId })));
}

export async function createAccount(db: Queryable, authorityId: string, input: AccountInput) {
  const email = input.email.trim().toLowerCase();
  await assertEmailFree(db, email);
  await assertUnitsInAuthority(db, authorityId, input);
  const [person] = await db
    .insert(people)
    .values({
      authorityId,
      email,
      givenName: input.givenName,
      familyName: input.familyName,
      unitId: input.unitId,
      fte: input.fte,
    })
    .returning({ id: people.id });
  await writeGrants(db, person.id, input);
  return person.id;
}

export async function updateAccount(db: Queryable, authorityId: string, personId: string, input: AccountInput) {
  const email = input.email.trim().toLowerCase();
  await assertEmailFree(db, email, personId);
  await assertUnitsInAuthority(db, authorityId, input);
  const updated = await db
    .update(people)
    .set({
      email,
      givenName: input.givenName,
      familyName: input.familyName,
      unitId: input.unitId,
      fte: input.fte,
      updatedAt: new Date(),
    })
    .where(and(eq(people.id, personId), eq(people.authorityId, authorityId)))
    .returning({ id: people.id });
  if (updated.length === 0) return false;
  await writeGrants(db, personId, input);
  return true;
}

/** Deactivating ends every session of the person at once. */
export async function setActive(db: Queryable, authorityId: string, personId: string, active: boolean) {
  const updated = await db
    .update(people)
    .set({ active, updatedAt: new Date() })
    .where(and(eq(people.id, personId), eq(people.authorityId, authorityId)))
    .returning({ id: people.id });
  if (updated.length === 0) return false;
  if (!active) await db.delete(sessions).where(eq(sessions.userId, personId));
  return true;
}

const TOKEN_DAYS = 7;
export const hashToken = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

/** Creates a one-time set-password token; only its hash is stored. Returns the token. */
export async function createPasswordToken(db: Queryable, personId: string, now = new Date()) {
  const token = crypto.randomBytes(32).toString("base64url");
  await db.insert(passwordTokens).values({
    tokenHash: hashToken(token),
    personId,
    expiresAt: new Date(now.getTime() + TOKEN_DAYS * 86_400_000),
  });
  return token;
}

export async function findPasswordToken(db: Queryable, token: string, now = new Date()) {
  const [row] = await db
    .select({ personId: passwordTokens.personId, email: people.email, active: people.active })
    .from(passwordTokens)
    .innerJoin(people, eq(people.id, passwordTokens.personId))
    .where(and(eq(passwordTokens.tokenHash, hashToken(token)), isNull(passwordTokens.usedAt), gt(passwordTokens.expiresAt, now)));
  return row ?? null;
}

/**
 * Sets the password from a token (claiming the token so it works once), activates the account
 * and ends all its sessions. Returns the person id, or null when the token is not valid.
 */
export async function usePasswordToken(db: Queryable, token: string, passwordHash: string, now = new Date()) {
  const [claimed] = await db
    .update(passwordTokens)
    .set({ usedAt: now })
    .where(and(eq(passwordTokens.tokenHash, hashToken(token)), isNull(passwordTokens.usedAt), gt(passwordTokens.expiresAt, now)))
    .returning({ personId: passwordTokens.personId });
  if (!claimed) return null;
  await db.update(people).set({ passwordHash, active: true, updatedAt: now }).where(eq(people.id, claimed.personId));
  await db.delete(sessions).where(eq(sessions.userId, claimed.personId));
  return claimed.personId;
}
