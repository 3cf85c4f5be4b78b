// Sign-in, throttling, sessions and password changes against a real database.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getLucia } from "~/auth/lucia.server";
import { loadViewer } from "~/auth/access.server";
import { hashPassword } from "~/auth/password.server";
import { signIn } from "~/auth/sign-in.server";
import { sessions } from "~/db/schema";
import { createPasswordToken, findPasswordToken, setActive, usePasswordToken } from "~/people/accounts.server";
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

describe("the test databases", () => {
  // Guards against a CI run that silently tests on PGlite only.
  it.runIf(!!process.env.CI)("include the PostgreSQL server in CI", () => {
    expect(dbKinds).toContain("postgres");
  });

});
