// Sign-in, throttling, sessions and password changes against a real database.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getLucia } from "~/auth/lucia.server";
import { loadViewer } from "~/auth/access.server";
import { hashPassword } from "~/auth/password.server";
import { signIn } from "~/auth/sign-in.server";
import { loginAttempts, sessions } from "~/db/schema";
import { getEnv } from "~/env.server";
import { passwordTokens, people } from "~/db/schema";
import { AccountError, changePassword, createPasswordToken, findPasswordToken, setActive, usePasswordToken } from "~/people/accounts.server";
import { dbKinds, describeEachDb } from "./support/db";
import { createAuthority, createPerson, createUnit, testPassword } from "./support/fixtures";

const limits = { perAccount: 3, perAddress: 10, windowMinutes: 15 };

describeEachDb("signing in", ({ database }) => {
  it("lets a person in with the right password and keeps them out with a wrong one", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const person = await createPerson(db, { authorityId: authority.id, email: "sara.klein@test.example" });
    expect(await signIn(db, { email: "Sara.Klein@test.example ", password: testPassword, address: "10.0.0.1" }, limits)).toEqual({ ok: true, personId: person.id });
    expect(await signIn(db, { email: "sara.klein@test.example", password: "wrong password!", address: "10.0.0.1" }, limits)).toEqual({ ok: false, reason: "invalid" });
  });

  it("throttles an account after repeated failures, also for the right password, without revealing whether it exists", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    await createPerson(db, { authorityId: authority.id, email: "tom.berg@test.example" });
    for (let i = 0; i < 3; i++) {
      expect((await signIn(db, { email: "tom.berg@test.example", password: "nope-nope-nope", address: "10.0.0.2" }, limits)).ok).toBe(false);
    }
    expect(await signIn(db, { email: "tom.berg@test.example", password: testPassword, address: "10.0.0.3" }, limits)).toEqual({ ok: false, reason: "throttled" });
    // The same number of failures for an address that has no account gives the same answer.
    for (let i = 0; i < 3; i++) await signIn(db, { email: "nobody@test.example", password: "x", address: "10.0.0.4" }, limits);
    expect(await signIn(db, { email: "nobody@test.example", password: "x", address: "10.0.0.5" }, limits)).toEqual({ ok: false, reason: "throttled" });
  });

  it("checks exactly as many passwords as the limit allows when 100 wrong ones arrive at once", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const person = await createPerson(db, { authorityId: authority.id });
    const five = { perAccount: 5, perAddress: 1000, windowMinutes: 15 };
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => signIn(db, { email: person.email, password: `wrong guess ${i}`, address: `10.7.${i}.1` }, five)),
    );
    // Every checked password leaves one attempt row for the account; a throttled one none.
    const checked = await db.select().from(loginAttempts).where(eq(loginAttempts.key, `email:${person.email}`));
    expect(checked).toHaveLength(5);
    expect(results.filter((r) => !r.ok && r.reason === "invalid")).toHaveLength(5);
    expect(results.filter((r) => !r.ok && r.reason === "throttled")).toHaveLength(95);
    // And the right password afterwards is not checked either.
    expect(await signIn(db, { email: person.email, password: testPassword, address: "10.7.200.1" }, five)).toEqual({ ok: false, reason: "throttled" });
  }, 120_000);

  it("throttles a client address that tries many accounts", async () => {
    const db = database().db;
    for (let i = 0; i < 10; i++) await signIn(db, { email: `guess${i}@test.example`, password: "x", address: "10.9.9.9" }, limits);
    expect(await signIn(db, { email: "fresh@test.example", password: "x", address: "10.9.9.9" }, limits)).toEqual({ ok: false, reason: "throttled" });
    expect(await signIn(db, { email: "fresh@test.example", password: "x", address: "10.9.9.8" }, limits)).toEqual({ ok: false, reason: "invalid" });
  });

  it("does not let a deactivated person in, and ends their sessions", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const person = await createPerson(db, { authorityId: authority.id });
    const session = await getLucia(db).createSession(person.id, {});
    expect(await loadViewer(session.id, db)).not.toBeNull();
    await setActive(db, authority.id, person.id, false);
    expect(await loadViewer(session.id, db)).toBeNull();
    expect((await signIn(db, { email: person.email, password: testPassword, address: "10.0.0.6" }, limits)).ok).toBe(false);
  });
});

describeEachDb("sessions and roles", ({ database }) => {
  it("knows the person's authority, roles and the units they lead", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const unit = await createUnit(db, authority.id, "Aufenthalt 3");
    const lead = await createPerson(db, { authorityId: authority.id, unitId: unit.id, roles: ["employee", "lead"], leads: [unit.id] });
    const session = await getLucia(db).createSession(lead.id, {});
    const viewer = await loadViewer(session.id, db);
    expect(viewer).toMatchObject({ id: lead.id, authorityId: authority.id, roles: ["employee", "lead"], ledUnitIds: [unit.id] });
  });

  it("rejects an unknown or invalidated session id", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const person = await createPerson(db, { authorityId: authority.id });
    const lucia = getLucia(db);
    const session = await lucia.createSession(person.id, {});
    await lucia.invalidateSession(session.id);
    expect(await loadViewer(session.id, db)).toBeNull();
    expect(await loadViewer("not-a-session", db)).toBeNull();
  });

  it("deletes an expired session and extends one past half its lifetime, as lucia does", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const person = await createPerson(db, { authorityId: authority.id });
    const lucia = getLucia(db);
    const expired = await lucia.createSession(person.id, {});
    await db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.id, expired.id));
    expect(await loadViewer(expired.id, db)).toBeNull();
    expect(await db.select().from(sessions).where(eq(sessions.id, expired.id))).toHaveLength(0);
    const old = await lucia.createSession(person.id, {});
    await db.update(sessions).set({ expiresAt: new Date(Date.now() + 60 * 60 * 1000) }).where(eq(sessions.id, old.id));
    expect(await loadViewer(old.id, db)).not.toBeNull();
    const [row] = await db.select().from(sessions).where(eq(sessions.id, old.id));
    expect(row.expiresAt.getTime()).toBeGreaterThan(Date.now() + 11 * 60 * 60 * 1000);
  });
});

describeEachDb("set-password links", ({ database }) => {
  it("work once, activate the account and end its sessions", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const person = await createPerson(db, { authorityId: authority.id, withPassword: false, active: false });
    const token = await createPasswordToken(db, person.id);
    expect(await findPasswordToken(db, token)).toMatchObject({ personId: person.id, email: person.email });
    const hash = await hashPassword("a brand new password");
    expect(await usePasswordToken(db, token, hash)).toBe(person.id);
    expect(await usePasswordToken(db, token, hash)).toBeNull();
    expect((await signIn(db, { email: person.email, password: "a brand new password", address: "10.1.1.1" }, limits)).ok).toBe(true);
  });

  it("expire after seven days", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const person = await createPerson(db, { authorityId: authority.id, withPassword: false });
    const token = await createPasswordToken(db, person.id, new Date("2026-01-01T00:00:00Z"));
    expect(await findPasswordToken(db, token, new Date("2026-01-07T23:00:00Z"))).not.toBeNull();
    expect(await findPasswordToken(db, token, new Date("2026-01-08T01:00:00Z"))).toBeNull();
  });
});

describeEachDb("set-password links and deactivation", ({ database }) => {
  const newHash = () => hashPassword("ein neues Passwort für später");
  const linksOf = async (personId: string) => (await database().db.select().from(passwordTokens).where(eq(passwordTokens.personId, personId))).length;

  it("do not bring back an account an admin deactivated, and none is issued for it", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const person = await createPerson(db, { authorityId: authority.id });
    const token = await createPasswordToken(db, person.id);
    await setActive(db, authority.id, person.id, false);
    expect(await linksOf(person.id)).toBe(0);
    expect(await findPasswordToken(db, token)).toBeNull();
    expect(await usePasswordToken(db, token, await newHash())).toBeNull();
    const [row] = await db.select({ active: people.active }).from(people).where(eq(people.id, person.id));
    expect(row.active).toBe(false);
    expect((await signIn(db, { email: person.email, password: "ein neues Passwort für später", address: "10.2.0.1" }, limits)).ok).toBe(false);
    await expect(createPasswordToken(db, person.id)).rejects.toBeInstanceOf(AccountError);
    // Reactivated by an admin, the person can get a link again.
    await setActive(db, authority.id, person.id, true);
    const again = await createPasswordToken(db, person.id);
    expect(await usePasswordToken(db, again, await newHash())).toBe(person.id);
  });

  it("still activate an account that was never onboarded (imported, no password yet)", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const person = await createPerson(db, { authorityId: authority.id, withPassword: false, active: false });
    const token = await createPasswordToken(db, person.id);
    expect(await usePasswordToken(db, token, await newHash())).toBe(person.id);
    const [row] = await db.select({ active: people.active }).from(people).where(eq(people.id, person.id));
    expect(row.active).toBe(true);
  });

  it("end together when one of them is used", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const person = await createPerson(db, { authorityId: authority.id, withPassword: false, active: false });
    const first = await createPasswordToken(db, person.id);
    const second = await createPasswordToken(db, person.id);
    expect(await usePasswordToken(db, second, await newHash())).toBe(person.id);
    expect(await findPasswordToken(db, first)).toBeNull();
    expect(await usePasswordToken(db, first, await newHash())).toBeNull();
    expect(await linksOf(person.id)).toBe(0);
  });

  it("end when the person changes the password on /account", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const person = await createPerson(db, { authorityId: authority.id });
    const token = await createPasswordToken(db, person.id);
    await changePassword(db, person.id, await newHash());
    expect(await findPasswordToken(db, token)).toBeNull();
    expect(await usePasswordToken(db, token, await hashPassword("noch ein anderes Passwort"))).toBeNull();
    expect((await signIn(db, { email: person.email, password: "ein neues Passwort für später", address: "10.2.0.2" }, limits)).ok).toBe(true);
  });
});

describeEachDb("session lifetime", ({ database }) => {
  const hours = (n: number) => n * 3_600_000;

  it("ends a session after the absolute limit however recently it was used", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const person = await createPerson(db, { authorityId: authority.id });
    const session = await getLucia(db).createSession(person.id, {});
    const maxDays = getEnv().SESSION_MAX_DAYS;
    expect(maxDays).toBe(30);
    // Used a minute ago (so its idle expiry is hours away), but signed in 30 days and a minute ago.
    await db
      .update(sessions)
      .set({ createdAt: new Date(Date.now() - maxDays * 86_400_000 - 60_000), expiresAt: new Date(Date.now() + hours(11)) })
      .where(eq(sessions.id, session.id));
    expect(await loadViewer(session.id, db)).toBeNull();
    expect(await db.select().from(sessions).where(eq(sessions.id, session.id))).toHaveLength(0);
  });

  it("never extends a session beyond its absolute limit", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const person = await createPerson(db, { authorityId: authority.id });
    const session = await getLucia(db).createSession(person.id, {});
    const createdAt = new Date(Date.now() - 30 * 86_400_000 + hours(2));
    await db.update(sessions).set({ createdAt, expiresAt: new Date(Date.now() + hours(1)) }).where(eq(sessions.id, session.id));
    expect(await loadViewer(session.id, db)).not.toBeNull();
    const [row] = await db.select().from(sessions).where(eq(sessions.id, session.id));
    expect(row.expiresAt.getTime()).toBeLessThanOrEqual(createdAt.getTime() + 30 * 86_400_000);
    expect(row.expiresAt.getTime()).toBeGreaterThan(Date.now() + hours(1.5));
  });

  it("ends a session after 12 hours without use by default", () => {
    expect(getEnv().SESSION_IDLE_HOURS).toBe(12);
  });
});

describe("the test databases", () => {
  // Guards against a CI run that silently tests on PGlite only.
  it.runIf(!!process.env.CI)("include the PostgreSQL server in CI", () => {
    expect(dbKinds).toContain("postgres");
  });

});
