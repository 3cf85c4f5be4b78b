// Open Badges 3.0 credentials (W3C VC data model 2.0, Data Integrity proof eddsa-rdfc-2022)
// for completed courses and attended events. The issuer is the authority, published at
// <origin>/badges/issuers/<authorityId> with its keys at <origin>/badges/keys/<keyId> and its
// revocation list at <origin>/badges/status/<authorityId>. See docs/decisions/013-open-badges-and-xapi.md.
import crypto from "node:crypto";
import { and, asc, desc, eq, isNull, lte, sql } from "drizzle-orm";
import { audit } from "~/audit/audit.server";
import { decryptSecret, encryptSecret } from "~/auth/secrets.server";
import { competenceById, framework } from "~/competences/framework";
import { issueCertificate, newCertificateCode } from "~/courses/certificates.server";
import type { Queryable } from "~/db/client.server";
import { authorities, badgeCredentials, badgeKeys, eventCompetences, eventRegistrations, events, eventSessions, people } from "~/db/schema";
import { voidStatements } from "~/xapi/statements.server";
import { causedByUnknownDocument, contextUrls, documentLoader, type DocumentLoader } from "./documents.server";

/** Bits in a status list: 16 KB uncompressed, the size the Bitstring Status List spec recommends as the minimum. */
export const statusListLength = 131_072;

export const badgeUrls = (origin: string) => ({
  issuer: (authorityId: string) => `${origin}/badges/issuers/${authorityId}`,
  key: (keyId: string) => `${origin}/badges/keys/${keyId}`,
  status: (authorityId: string) => `${origin}/badges/status/${authorityId}`,
});

/**
 * The credential libraries (vc, Data Integrity, the eddsa-rdfc-2022 suite with jsonld and the
 * RDF canonicaliser, multikeys, status lists): loaded with the first credential signed or
 * checked, not at start-up, so that a server that never issues a badge does not carry them
 * (issue 15, server memory).
 */
let libraries: ReturnType<typeof loadLibraries> | undefined;
async function loadLibraries() {
  const [vc, { DataIntegrityProof }, { cryptosuite }, Ed25519Multikey, statusList] = await Promise.all([
    import("@digitalbazaar/vc"),
    import("@digitalbazaar/data-integrity"),
    import("@digitalbazaar/eddsa-rdfc-2022-cryptosuite"),
    import("@digitalbazaar/ed25519-multikey"),
    import("@digitalbazaar/vc-bitstring-status-list"),
  ]);
  return { vc, DataIntegrityProof, eddsaRdfc2022: cryptosuite, Ed25519Multikey, statusList };
}
const credentialLibraries = () => (libraries ??= loadLibraries());

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// ---------------------------------------------------------------------------------------------
// Keys

/** The authority's signing key: created on first use (two first uses at once create one). */
async function signingKey(db: Queryable, authorityId: string) {
  for (let i = 0; i < 2; i++) {
    const [row] = await db
      .select()
      .from(badgeKeys)
      .where(and(eq(badgeKeys.authorityId, authorityId), isNull(badgeKeys.retiredAt)));
    if (row) return row;
    const id = crypto.randomUUID();
    const { Ed25519Multikey } = await credentialLibraries();
    const pair = await Ed25519Multikey.generate();
    const exported = await pair.export({ publicKey: true, secretKey: true });
    await db
      .insert(badgeKeys)
      .values({ id, authorityId, publicKeyMultibase: exported.publicKeyMultibase, secretKeyEncrypted: encryptSecret(exported.secretKeyMultibase, `badge-key:${id}`) })
      .onConflictDoNothing();
  }
  throw new Error("No signing key could be created");
}

/** Retires the signing key (audited); the next credential gets a new key, old ones still verify. */
export async function rotateSigningKey(db: Queryable, input: { authorityId: string; actorId: string; now: Date }) {
  const retired = await db
    .update(badgeKeys)
    .set({ retiredAt: input.now })
    .where(and(eq(badgeKeys.authorityId, input.authorityId), isNull(badgeKeys.retiredAt)))
    .returning({ id: badgeKeys.id });
  // No key yet (no credential issued so far): nothing to rotate, nothing to record.
  if (retired.length)
    await audit(db, { authorityId: input.authorityId, actorId: input.actorId, action: "badge.key.rotate", details: { retired: retired.map((r) => r.id) } });
  return retired.length;
}

/** Since when the authority's current signing key signs, and how many keys it ever had (for the settings page). */
export async function signingKeyStatus(db: Queryable, authorityId: string) {
  const keys = await db
    .select({ createdAt: badgeKeys.createdAt, retiredAt: badgeKeys.retiredAt })
    .from(badgeKeys)
    .where(eq(badgeKeys.authorityId, authorityId))
    .orderBy(asc(badgeKeys.createdAt));
  return { activeSince: keys.find((k) => !k.retiredAt)?.createdAt ?? null, retired: keys.filter((k) => k.retiredAt).length };
}

async function signerFor(db: Queryable, origin: string, authorityId: string) {
  const key = await signingKey(db, authorityId);
  const urls = badgeUrls(origin);
  const { Ed25519Multikey } = await credentialLibraries();
  const pair = await Ed25519Multikey.from({
    id: urls.key(key.id),
    controller: urls.issuer(authorityId),
    publicKeyMultibase: key.publicKeyMultibase,
    secretKeyMultibase: decryptSecret(key.secretKeyEncrypted, `badge-key:${key.id}`),
  });
  return pair.signer();
}

// ---------------------------------------------------------------------------------------------
// Published documents (also what the local document loader resolves)

/** The issuer's controller document: which keys may sign for it (retired ones included). */
export async function issuerDocument(db: Queryable, origin: string, authorityId: string) {
  if (!uuidPattern.test(authorityId)) return null;
  const [authority] = await db.select({ name: authorities.name }).from(authorities).where(eq(authorities.id, authorityId));
  if (!authority) return null;
  const keys = await db.select({ id: badgeKeys.id }).from(badgeKeys).where(eq(badgeKeys.authorityId, authorityId)).orderBy(asc(badgeKeys.createdAt));
  const urls = badgeUrls(origin);
  return {
    "@context": [contextUrls.did, contextUrls.multikey],
    id: urls.issuer(authorityId),
    assertionMethod: keys.map((k) => urls.key(k.id)),
  };
}

export async function keyDocument(db: Queryable, origin: string, keyId: string) {
  if (!uuidPattern.test(keyId)) return null;
  const [key] = await db.select().from(badgeKeys).where(eq(badgeKeys.id, keyId));
  if (!key) return null;
  const urls = badgeUrls(origin);
  return {
    "@context": contextUrls.multikey,
    id: urls.key(key.id),
    type: "Multikey",
    controller: urls.issuer(key.authorityId),
    publicKeyMultibase: key.publicKeyMultibase,
  };
}

/** The authority's revocation list as a signed BitstringStatusListCredential (null: unknown authority). */
export async function statusListCredential(db: Queryable, origin: string, authorityId: string, now = new Date()) {
  if (!uuidPattern.test(authorityId)) return null;
  const [authority] = await db.select({ id: authorities.id }).from(authorities).where(eq(authorities.id, authorityId));
  if (!authority) return null;
  const { vc, DataIntegrityProof, eddsaRdfc2022, statusList } = await credentialLibraries();
  const list = await statusList.createList({ length: statusListLength });
  const revoked = await db
    .select({ index: badgeCredentials.statusIndex })
    .from(badgeCredentials)
    .where(and(eq(badgeCredentials.authorityId, authorityId), lte(badgeCredentials.revokedAt, now)));
  for (const r of revoked) list.setStatus(r.index, true);
  const urls = badgeUrls(origin);
  const unsigned = await statusList.createCredential({ id: urls.status(authorityId), list, statusPurpose: "revocation" });
  const credential = { ...unsigned, issuer: urls.issuer(authorityId), validFrom: now.toISOString() };
  const suite = new DataIntegrityProof({ signer: await signerFor(db, origin, authorityId), cryptosuite: eddsaRdfc2022, date: now });
  return vc.issue({ credential, suite, documentLoader: loaderFor(db, origin) });
}

/** The document loader: repo contexts plus this instance's issuer, key and status documents. */
export function loaderFor(db: Queryable, origin: string): DocumentLoader {
  return documentLoader(origin, async (path) => {
    const [, , kind, id, ...rest] = path.split("/");
    if (rest.length || !id) return null;
    if (kind === "issuers") return issuerDocument(db, origin, id);
    if (kind === "keys") return keyDocument(db, origin, id);
    if (kind === "status") return statusListCredential(db, origin, id);
    return null;
  });
}

// ---------------------------------------------------------------------------------------------
// Issuing

interface Achievement {
  key: string;
  code: string;
  kind: "course" | "event";
  name: string;
  description: string;
  /** Url of the achievement (stable, under the origin). */
  path: string;
  competences: { competenceId: string; level: number }[];
  achievedAt: Date;
}

function competenceLines(competences: Achievement["competences"]) {
  return competences.map(({ competenceId, level }) => {
    const name = competenceById(competenceId)?.name.de ?? competenceId;
    const levelName = framework.levels.find((l) => l.level === level)?.name.de ?? String(level);
    return `${name}: Stufe ${level} („${levelName}“)`;
  });
}

async function issueFor(db: Queryable, input: { origin: string; authorityId: string; personId: string; achievement: Achievement; now: Date }) {
  const existing = await storedCredential(db, input.personId, input.achievement.key);
  if (existing) return existing;
  const [person] = await db
    .select({ givenName: people.givenName, familyName: people.familyName, authority: authorities.name })
    .from(people)
    .innerJoin(authorities, eq(authorities.id, people.authorityId))
    .where(and(eq(people.id, input.personId), eq(people.authorityId, input.authorityId)));
  if (!person) return null;
  const a = input.achievement;
  const urls = badgeUrls(input.origin);
  const id = crypto.randomUUID();
  // A random free place in the status list, so neighbouring places say nothing about each other.
  let statusIndex = crypto.randomInt(statusListLength);
  for (let i = 0; i < 20; i++) {
    const [taken] = await db
      .select({ id: badgeCredentials.id })
      .from(badgeCredentials)
      .where(and(eq(badgeCredentials.authorityId, input.authorityId), eq(badgeCredentials.statusIndex, statusIndex)));
    if (!taken) break;
    statusIndex = crypto.randomInt(statusListLength);
  }
  const lines = competenceLines(a.competences);
  const credential = {
    "@context": [contextUrls.credentials, contextUrls.openBadges],
    id: `urn:uuid:${id}`,
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    name: a.name,
    issuer: { id: urls.issuer(input.authorityId), type: ["Profile"], name: person.authority },
    validFrom: a.achievedAt.toISOString(),
    credentialSubject: {
      type: ["AchievementSubject"],
      identifier: [{ type: "IdentityObject", identityHash: `${person.givenName} ${person.familyName}`, identityType: "name", hashed: false }],
      achievement: {
        id: `${input.origin}${a.path}`,
        type: ["Achievement"],
        achievementType: a.kind === "course" ? "Course" : "CertificateOfCompletion",
        name: a.name,
        description: a.description || a.name,
        criteria: {
          narrative:
            (a.kind === "course"
              ? "Alle Module des Kurses mit dem Abschlussquiz bestanden."
              : "An der Veranstaltung vollständig teilgenommen (Anwesenheit bestätigt).") +
            (lines.length ? `\n\nNachgewiesene Kompetenzen:\n${lines.map((l) => `- ${l}`).join("\n")}` : ""),
        },
        humanCode: a.code,
      },
    },
    credentialStatus: {
      id: `${urls.status(input.authorityId)}#${statusIndex}`,
      type: "BitstringStatusListEntry",
      statusPurpose: "revocation",
      statusListIndex: String(statusIndex),
      statusListCredential: urls.status(input.authorityId),
    },
  };
  const { vc, DataIntegrityProof, eddsaRdfc2022 } = await credentialLibraries();
  const suite = new DataIntegrityProof({ signer: await signerFor(db, input.origin, input.authorityId), cryptosuite: eddsaRdfc2022, date: input.now });
  const signed = await vc.issue({ credential, suite, documentLoader: loaderFor(db, input.origin) });
  const inserted = await db
    .insert(badgeCredentials)
    .values({ id, authorityId: input.authorityId, personId: input.personId, achievement: a.key, code: a.code, statusIndex, credential: signed, issuedAt: input.now })
    .onConflictDoNothing()
    .returning({ id: badgeCredentials.id });
  if (inserted.length === 0) return storedCredential(db, input.personId, a.key);
  return { id, credential: signed, issued: true };
}

/** The person's valid credential for an achievement; a revoked one is never handed out again. */
async function storedCredential(db: Queryable, personId: string, key: string) {
  const [row] = await db
    .select({ id: badgeCredentials.id, credential: badgeCredentials.credential })
    .from(badgeCredentials)
    .where(and(eq(badgeCredentials.personId, personId), eq(badgeCredentials.achievement, key), isNull(badgeCredentials.revokedAt)));
  return row ? { ...row, issued: false } : null;
}

/** The credential for a completed course (issued once, the same document after); null while not completed. */
export async function issueCourseCredential(db: Queryable, input: { origin: string; authorityId: string; personId: string; courseId: string; now: Date }) {
  const certificate = await issueCertificate(db, input);
  if (!certificate) return null;
  const competences = new Map<string, number>();
  for (const m of certificate.course.modules)
    for (const c of m.competences) competences.set(c.competenceId, Math.max(competences.get(c.competenceId) ?? 0, c.level));
  return issueFor(db, {
    ...input,
    achievement: {
      key: `course:${certificate.course.id}`,
      code: certificate.code,
      kind: "course",
      name: certificate.course.title,
      description: certificate.course.summary,
      path: `/courses/${certificate.course.id}`,
      competences: [...competences].map(([competenceId, level]) => ({ competenceId, level })),
      achievedAt: certificate.completedAt,
    },
  });
}

/** The credential for full attendance of an event that certifies competences; null otherwise. */
export async function issueEventCredential(db: Queryable, input: { origin: string; authorityId: string; personId: string; eventId: string; now: Date }) {
  if (!uuidPattern.test(input.eventId)) return null;
  const [row] = await db
    .select({ title: events.title, description: events.description })
    .from(eventRegistrations)
    .innerJoin(events, eq(events.id, eventRegistrations.eventId))
    .where(
      and(
        eq(eventRegistrations.eventId, input.eventId),
        eq(eventRegistrations.personId, input.personId),
        eq(eventRegistrations.authorityId, input.authorityId),
        eq(eventRegistrations.attendance, "full"),
        eq(eventRegistrations.status, "registered"),
      ),
    );
  if (!row) return null;
  const certified = await db.select({ competenceId: eventCompetences.competenceId, level: eventCompetences.level }).from(eventCompetences).where(eq(eventCompetences.eventId, input.eventId));
  if (certified.length === 0) return null;
  const sessions = await db.select({ endsAt: eventSessions.endsAt }).from(eventSessions).where(eq(eventSessions.eventId, input.eventId)).orderBy(asc(eventSessions.endsAt));
  const key = `event:${input.eventId}`;
  const existing = await storedCredential(db, input.personId, key);
  return (
    existing ??
    issueFor(db, {
      ...input,
      achievement: {
        key,
        code: newCertificateCode(),
        kind: "event",
        name: row.title,
        description: row.description,
        path: `/events/${input.eventId}`,
        competences: certified,
        achievedAt: sessions.at(-1)?.endsAt ?? input.now,
      },
    })
  );
}

// ---------------------------------------------------------------------------------------------
// Verifying and revoking

export type VerifyOutcome =
  | { ok: true; name: string; achievement: string; issuer: string; validFrom: string; competences: string; code: string | null }
  | { ok: false; reason: "format" | "context" | "signature" | "revoked" };

/**
 * Verifies a credential with the same libraries that signed it: proof (eddsa-rdfc-2022 over the
 * canonical form, so any changed statement fails), key of this instance's issuer, then the status
 * list. Contexts and keys resolve only locally: a foreign context or key is "context".
 */
export async function verifyCredentialDocument(db: Queryable, origin: string, input: unknown, now = new Date()): Promise<VerifyOutcome> {
  let credential: unknown = input;
  if (typeof input === "string") {
    try {
      credential = JSON.parse(input);
    } catch {
      return { ok: false, reason: "format" };
    }
  }
  if (!credential || typeof credential !== "object" || Array.isArray(credential) || !("proof" in credential)) return { ok: false, reason: "format" };
  const c = credential as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const loader = loaderFor(db, origin);
  // The status list is checked by the library too (its own signature, the same issuer).
  const { vc, DataIntegrityProof, eddsaRdfc2022, statusList } = await credentialLibraries();
  const suite = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
  const result = await vc.verifyCredential({ credential: c, suite, documentLoader: loader, now, checkStatus: statusList.checkStatus });
  if (!result.verified) {
    const errors = [result.error, result.statusResult?.error, ...(result.results ?? []).map((r) => r.error)];
    return { ok: false, reason: errors.some((e) => causedByUnknownDocument(e)) ? "context" : "signature" };
  }
  // One revocation entry per credential: any set bit means revoked (a missing answer too).
  const statuses = result.statusResult?.results ?? [];
  if (statuses.length === 0 || statuses.some((r) => r.status !== false)) return { ok: false, reason: "revoked" };
  const subject = c.credentialSubject ?? {};
  const identity = Array.isArray(subject.identifier) ? subject.identifier.find((i: { identityType?: string }) => i.identityType === "name") : null;
  return {
    ok: true,
    name: String(identity?.identityHash ?? ""),
    achievement: String(subject.achievement?.name ?? c.name ?? ""),
    issuer: String(typeof c.issuer === "object" ? c.issuer.name ?? c.issuer.id : c.issuer),
    validFrom: String(c.validFrom ?? ""),
    competences: String(subject.achievement?.criteria?.narrative ?? ""),
    code: subject.achievement?.humanCode ? String(subject.achievement.humanCode) : null,
  };
}

/**
 * The stored credential behind a certificate code (for /certificates/<code>): the valid one where
 * there is one (a course credential issued anew after a revocation keeps the code), else the
 * latest revoked one, which then verifies as revoked.
 */
export async function credentialByCode(db: Queryable, code: string) {
  const [row] = await db
    .select({ credential: badgeCredentials.credential, revokedAt: badgeCredentials.revokedAt })
    .from(badgeCredentials)
    .where(eq(badgeCredentials.code, code.trim().toUpperCase()))
    .orderBy(sql`${badgeCredentials.revokedAt} is not null`, desc(badgeCredentials.issuedAt))
    .limit(1);
  return row ?? null;
}

/** A person's credentials, for HR (same authority) and the person. */
export async function credentialsOf(db: Queryable, authorityId: string, personId: string) {
  const rows = await db
    .select({ id: badgeCredentials.id, achievement: badgeCredentials.achievement, code: badgeCredentials.code, credential: badgeCredentials.credential, issuedAt: badgeCredentials.issuedAt, revokedAt: badgeCredentials.revokedAt })
    .from(badgeCredentials)
    .where(and(eq(badgeCredentials.authorityId, authorityId), eq(badgeCredentials.personId, personId)))
    .orderBy(asc(badgeCredentials.issuedAt));
  return rows.map((r) => ({ id: r.id, code: r.code, name: String(r.credential.name ?? r.achievement), issuedAt: r.issuedAt, revokedAt: r.revokedAt }));
}

/**
 * Sets the status bit of the matching unrevoked credentials (the status list says so from the next
 * request on), voids their "earned" xAPI statements and audits each revocation (`badge.revoke`).
 */
async function revokeWhere(db: Queryable, input: { authorityId: string; actorId: string; now: Date; reason?: string }, where: ReturnType<typeof and>) {
  const rows = await db
    .update(badgeCredentials)
    .set({ revokedAt: input.now, revokedBy: input.actorId })
    .where(and(where, eq(badgeCredentials.authorityId, input.authorityId), isNull(badgeCredentials.revokedAt)))
    .returning({ id: badgeCredentials.id, personId: badgeCredentials.personId, code: badgeCredentials.code });
  for (const row of rows) {
    await voidStatements(db, { authorityId: input.authorityId, personId: row.personId, dedupeKey: `credential:urn:uuid:${row.id}`, now: input.now });
    await audit(db, {
      authorityId: input.authorityId,
      actorId: input.actorId,
      action: "badge.revoke",
      subjectPersonId: row.personId,
      details: { code: row.code, ...(input.reason ? { reason: input.reason } : {}) },
    });
  }
  return rows.length;
}

/** HR revokes a credential of their authority (audited); revoking twice changes nothing. */
export async function revokeCredential(db: Queryable, input: { authorityId: string; actorId: string; credentialId: string; now: Date }) {
  if (!uuidPattern.test(input.credentialId)) return false;
  return (await revokeWhere(db, input, eq(badgeCredentials.id, input.credentialId))) > 0;
}

/**
 * Revokes the person's credential for an attended event when the attendance is corrected (no
 * longer full); confirmed in full again, the next download issues a new credential.
 */
export async function revokeEventCredential(db: Queryable, input: { authorityId: string; actorId: string; personId: string; eventId: string; now: Date }) {
  return revokeWhere(
    db,
    { ...input, reason: "attendance.corrected" },
    and(eq(badgeCredentials.personId, input.personId), eq(badgeCredentials.achievement, `event:${input.eventId}`)),
  );
}
