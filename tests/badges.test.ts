// Open Badges 3.0: credentials signed with eddsa-rdfc-2022 verify with the same Digital Bazaar
// libraries (contexts offline), and fail when tampered with, revoked, or naming a foreign
// context or key; a rotated key still verifies what it signed. A corrected attendance revokes the
// event's credential; attended again, the person gets a new one that verifies.
import crypto from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import * as vc from "@digitalbazaar/vc";
import { DataIntegrityProof } from "@digitalbazaar/data-integrity";
import { cryptosuite } from "@digitalbazaar/eddsa-rdfc-2022-cryptosuite";
import { checkStatus } from "@digitalbazaar/vc-bitstring-status-list";
import { and, eq } from "drizzle-orm";
import { decryptSecret } from "~/auth/secrets.server";
import { getLucia } from "~/auth/lucia.server";
import type { Actor } from "~/auth/permissions";
import {
  credentialByCode,
  credentialsOf,
  issueCourseCredential,
  issueEventCredential,
  issuerDocument,
  loaderFor,
  revokeCredential,
  rotateSigningKey,
  statusListCredential,
  verifyCredentialDocument,
} from "~/badges/credentials.server";
import { getCourse } from "~/courses/catalog.server";
import { auditLog, badgeCredentials, badgeKeys, moduleProgress } from "~/db/schema";
import { createEvent, recordAttendance, registerForEvent } from "~/events/events.server";
import { action as settingsAction, loader as settingsLoader } from "~/routes/admin.settings";
import type { Queryable } from "~/db/client.server";
import { resetEnvForTests } from "~/env.server";
import { describeEachDb } from "./support/db";
import { createAuthority, createPerson, eventInput } from "./support/fixtures";

const origin = "https://horizont.test";
const courseId = "aufenthalt-und-netzwerk";
const originalKey = process.env.SECRETS_KEY;
beforeAll(() => {
  process.env.SECRETS_KEY = crypto.randomBytes(32).toString("base64");
  resetEnvForTests();
});
afterAll(() => {
  process.env.SECRETS_KEY = originalKey;
  resetEnvForTests();
});

async function completeCourse(db: Queryable, authorityId: string, personId: string) {
  const at = new Date("2026-03-02T10:00:00Z");
  await db.insert(moduleProgress).values(
    getCourse(courseId)!.modules.map((m) => ({ authorityId, personId, courseId, moduleId: m.id, firstOpenedOn: "2026-03-01", passedAt: at })),
  );
}

describeEachDb("Open Badges 3.0 credentials", ({ database }) => {
  it("issues a signed OpenBadgeCredential once, that verifies with the library, and fails when tampered with", async () => {
    const db = database().db;
    const authority = await createAuthority(db, "Ausländerbehörde Badgestadt");
    const anna = await createPerson(db, { authorityId: authority.id, givenName: "Anna", familyName: "Beispiel" });
    expect(await issueCourseCredential(db, { origin, authorityId: authority.id, personId: anna.id, courseId, now: new Date() })).toBeNull();
    await completeCourse(db, authority.id, anna.id);
    const issued = await db.transaction((tx) => issueCourseCredential(tx, { origin, authorityId: authority.id, personId: anna.id, courseId, now: new Date() }));
    const credential = issued!.credential as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(credential.type).toEqual(["VerifiableCredential", "OpenBadgeCredential"]);
    expect(credential["@context"]).toEqual(["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]);
    expect(credential.proof).toMatchObject({ type: "DataIntegrityProof", cryptosuite: "eddsa-rdfc-2022", proofPurpose: "assertionMethod" });
    expect(credential.issuer).toMatchObject({ id: `${origin}/badges/issuers/${authority.id}`, name: "Ausländerbehörde Badgestadt" });
    // The key is stored encrypted: the secret half is not in the row in the clear.
    const [key] = await db.select().from(badgeKeys).where(eq(badgeKeys.authorityId, authority.id));
    expect(key.secretKeyEncrypted.startsWith("v1:")).toBe(true);
    // (Compared with the secret itself: a pattern for "some base58 run" also matches ciphertext
    // by chance, in about one run in twenty-five.)
    const secret = decryptSecret(key.secretKeyEncrypted, `badge-key:${key.id}`);
    expect(secret).toMatch(/^z[1-9A-HJ-NP-Za-km-z]{40,}$/);
    expect(key.secretKeyEncrypted).not.toContain(secret);
    expect(key.secretKeyEncrypted).not.toContain(secret.slice(1, 21));

    // The same document the second time.
    const again = await issueCourseCredential(db, { origin, authorityId: authority.id, personId: anna.id, courseId, now: new Date() });
    expect(again!.credential).toEqual(credential);

    // The library itself, with the offline loader, accepts it.
    const direct = await vc.verifyCredential({ credential, suite: new DataIntegrityProof({ cryptosuite }), documentLoader: loaderFor(db, origin), checkStatus });
    expect(direct.verified).toBe(true);

    const outcome = await verifyCredentialDocument(db, origin, JSON.stringify(credential));
    expect(outcome).toMatchObject({ ok: true, name: "Anna Beispiel", achievement: "Aufenthalt, Handlungsspielraum und Netzwerk", issuer: "Ausländerbehörde Badgestadt" });

    const tampered = structuredClone(credential);
    tampered.credentialSubject.identifier[0].identityHash = "Mallory Beispiel";
    expect(await verifyCredentialDocument(db, origin, tampered)).toEqual({ ok: false, reason: "signature" });
    const otherCourse = structuredClone(credential);
    otherCourse.credentialSubject.achievement.name = "Ein anderer Kurs";
    expect(await verifyCredentialDocument(db, origin, otherCourse)).toEqual({ ok: false, reason: "signature" });
    const brokenProof = structuredClone(credential);
    brokenProof.proof.proofValue = `${brokenProof.proof.proofValue.slice(0, -4)}AAAA`;
    expect(await verifyCredentialDocument(db, origin, brokenProof)).toEqual({ ok: false, reason: "signature" });
    const foreignContext = structuredClone(credential);
    foreignContext["@context"].push("https://evil.example/context.json");
    expect(await verifyCredentialDocument(db, origin, foreignContext)).toEqual({ ok: false, reason: "context" });
    const foreignKey = structuredClone(credential);
    foreignKey.proof.verificationMethod = "https://evil.example/badges/keys/x";
    expect((await verifyCredentialDocument(db, origin, foreignKey)).ok).toBe(false);
    expect(await verifyCredentialDocument(db, origin, "{not json")).toEqual({ ok: false, reason: "format" });
    expect(await verifyCredentialDocument(db, origin, { hello: "world" })).toEqual({ ok: false, reason: "format" });
  });

  it("a revoked credential fails through the published status list; HR's revocation is audited", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const hr = await createPerson(db, { authorityId: authority.id, roles: ["hr"] });
    const ben = await createPerson(db, { authorityId: authority.id });
    const carla = await createPerson(db, { authorityId: authority.id });
    await completeCourse(db, authority.id, ben.id);
    await completeCourse(db, authority.id, carla.id);
    const benCredential = (await issueCourseCredential(db, { origin, authorityId: authority.id, personId: ben.id, courseId, now: new Date() }))!;
    const carlaCredential = (await issueCourseCredential(db, { origin, authorityId: authority.id, personId: carla.id, courseId, now: new Date() }))!;
    // Another authority's HR cannot revoke it.
    const other = await createAuthority(db);
    const otherHr = await createPerson(db, { authorityId: other.id, roles: ["hr"] });
    expect(await revokeCredential(db, { authorityId: other.id, actorId: otherHr.id, credentialId: benCredential.id, now: new Date() })).toBe(false);
    expect(await db.transaction((tx) => revokeCredential(tx, { authorityId: authority.id, actorId: hr.id, credentialId: benCredential.id, now: new Date() }))).toBe(true);
    expect(await revokeCredential(db, { authorityId: authority.id, actorId: hr.id, credentialId: benCredential.id, now: new Date() })).toBe(false);

    expect(await verifyCredentialDocument(db, origin, benCredential.credential)).toEqual({ ok: false, reason: "revoked" });
    expect((await verifyCredentialDocument(db, origin, carlaCredential.credential)).ok).toBe(true);
    const list = (await statusListCredential(db, origin, authority.id))!;
    expect(list.type).toEqual(["VerifiableCredential", "BitstringStatusListCredential"]);
    const listCheck = await vc.verifyCredential({ credential: list, suite: new DataIntegrityProof({ cryptosuite }), documentLoader: loaderFor(db, origin) });
    expect(listCheck.verified).toBe(true);
    const audited = await db.select().from(auditLog).where(eq(auditLog.action, "badge.revoke"));
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ actorId: hr.id, subjectPersonId: ben.id });

    // Ben downloads again: a new document (the revoked one is never handed out again) with the
    // course certificate's code, and /certificates/<code> now shows the valid one.
    const renewed = (await issueCourseCredential(db, { origin, authorityId: authority.id, personId: ben.id, courseId, now: new Date() }))!;
    expect(renewed.issued).toBe(true);
    expect(renewed.credential.id).not.toBe(benCredential.credential.id);
    expect((await verifyCredentialDocument(db, origin, renewed.credential)).ok).toBe(true);
    expect(await verifyCredentialDocument(db, origin, benCredential.credential)).toEqual({ ok: false, reason: "revoked" });
    const code = (renewed.credential.credentialSubject as { achievement: { humanCode: string } }).achievement.humanCode;
    expect((await credentialByCode(db, code))!.credential.id).toBe(renewed.credential.id);
    expect((await credentialsOf(db, authority.id, ben.id)).map((c) => Boolean(c.revokedAt))).toEqual([true, false]);
  });

  it("after a key rotation old credentials still verify against the old key and new ones use the new key", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const hr = await createPerson(db, { authorityId: authority.id, roles: ["hr"] });
    const dana = await createPerson(db, { authorityId: authority.id });
    const emil = await createPerson(db, { authorityId: authority.id });
    await completeCourse(db, authority.id, dana.id);
    await completeCourse(db, authority.id, emil.id);
    const before = (await issueCourseCredential(db, { origin, authorityId: authority.id, personId: dana.id, courseId, now: new Date() }))!;
    expect(await rotateSigningKey(db, { authorityId: authority.id, actorId: hr.id, now: new Date() })).toBe(1);
    const after = (await issueCourseCredential(db, { origin, authorityId: authority.id, personId: emil.id, courseId, now: new Date() }))!;
    const vm = (c: Record<string, unknown>) => (c.proof as { verificationMethod: string }).verificationMethod;
    expect(vm(after.credential)).not.toBe(vm(before.credential));
    expect((await issuerDocument(db, origin, authority.id))!.assertionMethod).toEqual([vm(before.credential), vm(after.credential)]);
    expect((await verifyCredentialDocument(db, origin, before.credential)).ok).toBe(true);
    expect((await verifyCredentialDocument(db, origin, after.credential)).ok).toBe(true);
    // A signature by the new key under the old key's name fails.
    const swapped = structuredClone(after.credential) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    swapped.proof.verificationMethod = vm(before.credential);
    expect(await verifyCredentialDocument(db, origin, swapped)).toEqual({ ok: false, reason: "signature" });
  });

  it("a corrected attendance revokes the event credential; attended in full again, a new one verifies", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const hrPerson = await createPerson(db, { authorityId: authority.id, roles: ["hr"], withPassword: false });
    const hr: Actor = { id: hrPerson.id, authorityId: authority.id, roles: ["hr"], ledUnitIds: [] };
    const fritz = await createPerson(db, { authorityId: authority.id, givenName: "Fritz", familyName: "Muster", withPassword: false });
    // The workshop was ten days ago (the status list answers for the real present).
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000);
    const date = (offset: number) => day(offset).toISOString().slice(0, 10);
    const eventId = await createEvent(
      db,
      hr,
      eventInput({ costCents: 0, deadlineDate: date(-12), sessions: [{ date: date(-10), start: "09:00", end: "16:00" }] }),
      day(-20),
    );
    const fritzActor: Actor = { id: fritz.id, authorityId: authority.id, roles: ["employee"], ledUnitIds: [] };
    expect(await registerForEvent(db, fritzActor, eventId, fritz.id, day(-19))).toBe("registered");
    const issue = () => db.transaction((tx) => issueEventCredential(tx, { origin, authorityId: authority.id, personId: fritz.id, eventId, now: new Date() }));
    await db.transaction((tx) => recordAttendance(tx, hr, eventId, [{ personId: fritz.id, attendance: "full" }], day(-9)));
    const first = (await issue())!;
    expect(first.issued).toBe(true);
    expect(await verifyCredentialDocument(db, origin, first.credential)).toMatchObject({ ok: true, name: "Fritz Muster", achievement: "Deeskalation am Schalter" });

    // Correction: only partly there. The credential is revoked at once, and none is issued.
    await db.transaction((tx) => recordAttendance(tx, hr, eventId, [{ personId: fritz.id, attendance: "partial" }], day(-8)));
    expect(await verifyCredentialDocument(db, origin, first.credential)).toEqual({ ok: false, reason: "revoked" });
    expect(await issue()).toBeNull();
    const code = (c: Record<string, unknown>) => (c.credentialSubject as { achievement: { humanCode: string } }).achievement.humanCode;
    expect((await credentialByCode(db, code(first.credential)))!.revokedAt).not.toBeNull();
    const revocations = await db.select().from(auditLog).where(and(eq(auditLog.action, "badge.revoke"), eq(auditLog.subjectPersonId, fritz.id)));
    expect(revocations).toHaveLength(1);
    expect(revocations[0]).toMatchObject({ actorId: hr.id, subjectPersonId: fritz.id, details: { reason: "attendance.corrected" } });

    // Confirmed in full again: a new credential that verifies; the first stays revoked.
    await db.transaction((tx) => recordAttendance(tx, hr, eventId, [{ personId: fritz.id, attendance: "full" }], day(-7)));
    const second = (await issue())!;
    expect(second.issued).toBe(true);
    expect(second.credential.id).not.toBe(first.credential.id);
    expect(await verifyCredentialDocument(db, origin, second.credential)).toMatchObject({ ok: true, name: "Fritz Muster" });
    expect(await verifyCredentialDocument(db, origin, first.credential)).toEqual({ ok: false, reason: "revoked" });
    // The next download hands out the same new document.
    expect((await issue())!.credential).toEqual(second.credential);
    const rows = await db.select().from(badgeCredentials).where(eq(badgeCredentials.personId, fritz.id));
    expect(rows.map((r) => r.revokedAt === null).sort()).toEqual([false, true]);
  });

  it("an admin changes the signing key on the settings page: asked first, audited, once per submitted form; old credentials still verify", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const admin = await createPerson(db, { authorityId: authority.id, roles: ["admin"] });
    const hr = await createPerson(db, { authorityId: authority.id, roles: ["hr"] });
    const gerd = await createPerson(db, { authorityId: authority.id });
    const hanna = await createPerson(db, { authorityId: authority.id });
    await completeCourse(db, authority.id, gerd.id);
    await completeCourse(db, authority.id, hanna.id);
    const old = (await issueCourseCredential(db, { origin, authorityId: authority.id, personId: gerd.id, courseId, now: new Date() }))!;
    const args = (request: Request) => ({ request, params: {}, context: { cspNonce: "", requestId: "test", clientAddress: "127.0.0.1" } });
    const cookieOf = async (personId: string) => getLucia().createSessionCookie((await getLucia().createSession(personId, {})).id).serialize();
    const adminCookie = await cookieOf(admin.id);
    const submit = async (cookie: string, fields: Record<string, string>) => {
      const result = await settingsAction(
        args(new Request("http://localhost/admin/settings", { method: "POST", headers: { Cookie: cookie, Origin: "http://localhost", "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields) })),
      ).catch((e: unknown) => e);
      return result as Response;
    };
    const active = async () => (await db.select().from(badgeKeys).where(eq(badgeKeys.authorityId, authority.id))).filter((k) => !k.retiredAt).map((k) => k.id);
    const [firstKey] = await active();
    const page = async () => (await settingsLoader(args(new Request("http://localhost/admin/settings", { headers: { Cookie: adminCookie } })))).signingKey;
    expect(await page()).toMatchObject({ available: true, retired: 0 });
    expect((await page()).activeSince).not.toBeNull();

    // HR may not; without the tick the question opens and nothing changes.
    expect((await submit(await cookieOf(hr.id), { intent: "rotateKey", submissionId: crypto.randomUUID(), confirm: "on" })).status).toBe(403);
    const submissionId = crypto.randomUUID();
    const unasked = await submit(adminCookie, { intent: "rotateKey", submissionId });
    expect(unasked.headers.get("Location")).toBe("/admin/settings?confirm=rotateKey#signing-key");
    expect(await active()).toEqual([firstKey]);

    const rotated = await submit(adminCookie, { intent: "rotateKey", submissionId, confirm: "on" });
    expect(rotated.headers.get("Location")).toBe("/admin/settings?key=rotated#signing-key");
    expect(await active()).toEqual([]);
    // The next credential creates a new key; the same form sent again does not retire it.
    const next = (await issueCourseCredential(db, { origin, authorityId: authority.id, personId: hanna.id, courseId, now: new Date() }))!;
    const [secondKey] = await active();
    expect(secondKey).not.toBe(firstKey);
    expect((await submit(adminCookie, { intent: "rotateKey", submissionId, confirm: "on" })).headers.get("Location")).toBe("/admin/settings?key=rotated#signing-key");
    expect(await active()).toEqual([secondKey]);
    expect(await page()).toMatchObject({ retired: 1 });
    // A broken form is refused.
    expect((await submit(adminCookie, { intent: "rotateKey", submissionId: "nicht-uuid", confirm: "on" })).status).toBe(400);

    const audited = await db.select().from(auditLog).where(and(eq(auditLog.action, "badge.key.rotate"), eq(auditLog.authorityId, authority.id)));
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ actorId: admin.id, details: { retired: [firstKey] } });
    expect((await verifyCredentialDocument(db, origin, old.credential)).ok).toBe(true);
    expect((await verifyCredentialDocument(db, origin, next.credential)).ok).toBe(true);
  });
});
