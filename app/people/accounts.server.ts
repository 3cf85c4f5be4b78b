// Accounts of an authority: people with their account roles, the units they lead, activation,
// and one-time links to set a password.
import crypto from "node:crypto";
import { and, eq, ilike, inArray, isNull, ne, or, sql, gt } from "drizzle-orm";
import type { Queryable } from "~/db/client.server";
import { qualified } from "~/db/qualified.server";
import { passwordTokens, people, personRoles, sessions, unitLeads, units } from "~/db/schema";
import type { AccountRole } from "~/auth/roles";
import { assignRole } from "~/people/staff.server";

export interface AccountInput {
  givenName: string;
  familyName: string;
  email: string;
  unitId: string | null;
  fte: number;
  roles: AccountRole[];
  ledUnitIds: string[];
  /** On creation only: the role description (active, of the authority), or none yet. */
  roleDescriptionId?: string | null;
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
      roles: sql<AccountRole[]>`array(select role::text from person_roles r where r.person_id = ${qualified(people.id)} order by 1)`,
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
      deactivated: sql<boolean>`${people.deactivatedAt} is not null`,
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

export type AddressProblem = "taken" | "foreignDomain";

const domainOf = (email: string) => email.slice(email.lastIndexOf("@") + 1);

/**
 * Which of `emails` authority `authorityId` may not use for a new or changed account, and why.
 * Addresses are the sign-in name and unique across the installation, but one authority must
 * never learn which addresses another has, nor take them (docs/security.md, T30):
 * - a mail domain in use by other authorities and not by this one is theirs: every address in
 *   it is refused with the same answer ("foreignDomain"), whether or not it exists;
 * - "taken" is said only about this authority's own people;
 * - in a domain used by several authorities (only by misconfiguration) an address of another
 *   authority gets "foreignDomain" too.
 * `exceptPersonId`: the account being edited (its own address is not a clash).
 */
export async function checkAddresses(db: Queryable, authorityId: string, emails: readonly string[], exceptPersonId?: string) {
  const problems = new Map<string, AddressProblem>();
  const unique = [...new Set(emails.filter(Boolean))];
  if (unique.length === 0) return problems;
  const domains = [...new Set(unique.map(domainOf))];
  const usedBy = new Map<string, Set<string>>();
  for (let i = 0; i < domains.length; i += 1000) {
    const domain = sql<string>`split_part(${people.email}, '@', 2)`;
    const rows = await db
      .selectDistinct({ domain, authorityId: people.authorityId })
      .from(people)
      .where(and(inArray(domain, domains.slice(i, i + 1000)), exceptPersonId ? ne(people.id, exceptPersonId) : undefined));
    for (const row of rows) (usedBy.get(row.domain) ?? usedBy.set(row.domain, new Set()).get(row.domain)!).add(row.authorityId);
  }
  const owner = new Map<string, string>();
  for (let i = 0; i < unique.length; i += 5000) {
    const chunk = unique.slice(i, i + 5000);
    const rows = await db
      .select({ email: people.email, authorityId: people.authorityId })
      .from(people)
      .where(and(inArray(people.email, chunk), exceptPersonId ? sql`${people.id} <> ${exceptPersonId}` : undefined));
    for (const row of rows) owner.set(row.email, row.authorityId);
  }
  for (const email of unique) {
    const users = usedBy.get(domainOf(email));
    if (users && users.size > 0 && !users.has(authorityId)) problems.set(email, "foreignDomain");
    else if (owner.has(email)) problems.set(email, owner.get(email) === authorityId ? "taken" : "foreignDomain");
  }
  return problems;
}

async function assertEmailFree(db: Queryable, authorityId: string, email: string, personId?: string) {
  const problem = (await checkAddresses(db, authorityId, [email], personId)).get(email);
  if (problem === "taken") throw new AccountError("email", "validation.emailTaken");
  if (problem === "foreignDomain") throw new AccountError("email", "validation.emailDomainForeign");
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
  await assertEmailFree(db, authorityId, email);
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
  if (input.roleDescriptionId && !(await assignRole(db, authorityId, person.id, { roleDescriptionId: input.roleDescriptionId, fte: input.fte })))
    throw new AccountError("roleDescriptionId", "validation.invalidChoice");
  await writeGrants(db, person.id, input);
  return person.id;
}

export async function updateAccount(db: Queryable, authorityId: string, personId: string, input: AccountInput) {
  const email = input.email.trim().toLowerCase();
  await assertEmailFree(db, authorityId, email, personId);
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

/**
 * An admin deactivates or reactivates an account. Deactivating ends every session and every
 * outstanding set-password link of the person at once, and marks the account as deactivated
 * (not merely "not yet onboarded"), so that no link can activate it again.
 */
export async function setActive(db: Queryable, authorityId: string, personId: string, active: boolean) {
  const now = new Date();
  const updated = await db
    .update(people)
    .set({ active, deactivatedAt: active ? null : now, updatedAt: now })
    .where(and(eq(people.id, personId), eq(people.authorityId, authorityId)))
    .returning({ id: people.id });
  if (updated.length === 0) return false;
  if (!active) {
    await db.delete(sessions).where(eq(sessions.userId, personId));
    await db.delete(passwordTokens).where(eq(passwordTokens.personId, personId));
  }
  return true;
}

/** A new password chosen by the person: every outstanding set-password link of theirs ends. */
export async function changePassword(db: Queryable, personId: string, passwordHash: string, now = new Date()) {
  await db.update(people).set({ passwordHash, updatedAt: now }).where(eq(people.id, personId));
  await db.delete(passwordTokens).where(eq(passwordTokens.personId, personId));
}

const TOKEN_DAYS = 7;
export const hashToken = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

/**
 * Creates a one-time set-password token; only its hash is stored. Returns the token. An account
 * an admin deactivated gets none (AccountError): it must be reactivated first.
 */
export async function createPasswordToken(db: Queryable, personId: string, now = new Date()) {
  const [person] = await db.select({ deactivatedAt: people.deactivatedAt }).from(people).where(eq(people.id, personId));
  if (!person || person.deactivatedAt) throw new AccountError("form", "admin.linkDeactivated");
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
    .where(
      and(eq(passwordTokens.tokenHash, hashToken(token)), isNull(passwordTokens.usedAt), gt(passwordTokens.expiresAt, now), isNull(people.deactivatedAt)),
    );
  return row ?? null;
}

/**
 * Sets the password from a token, activates the account and ends all its sessions and all its
 * other links (the deletion is the claim: a token works once). Returns the person id, or null
 * when the token is not valid or the account was deactivated by an admin.
 */
export async function usePasswordToken(db: Queryable, token: string, passwordHash: string, now = new Date()) {
  const [claimed] = await db
    .delete(passwordTokens)
    .where(and(eq(passwordTokens.tokenHash, hashToken(token)), isNull(passwordTokens.usedAt), gt(passwordTokens.expiresAt, now)))
    .returning({ personId: passwordTokens.personId });
  if (!claimed) return null;
  const activated = await db
    .update(people)
    .set({ passwordHash, active: true, updatedAt: now })
    .where(and(eq(people.id, claimed.personId), isNull(people.deactivatedAt)))
    .returning({ id: people.id });
  await db.delete(passwordTokens).where(eq(passwordTokens.personId, claimed.personId));
  if (activated.length === 0) return null;
  await db.delete(sessions).where(eq(sessions.userId, claimed.personId));
  return claimed.personId;
}

/** Stores a person's chosen UI language. */
export async function setPersonLocale(db: Queryable, personId: string, locale: string) {
  await db.update(people).set({ locale }).where(eq(people.id, personId));
}
