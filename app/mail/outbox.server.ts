// Writing mails into the outbox (inside the caller's transaction) and reading it for /admin/mail.
import { and, desc, eq, inArray, isNull, lt, ne, or, sql } from "drizzle-orm";
import type { Queryable } from "~/db/client.server";
import { mailOptOuts, outbox, people, type MailAttachment } from "~/db/schema";
import type { ComposedMail } from "./compose.server";
import { headerSafe, mailLocale } from "./compose.server";

/** Kinds a person may switch off on /account/mail (sent unless switched off; the others are essential). */
export const optionalKinds = ["assignment.due-soon", "assignment.overdue", "evidence.expiring", "requirements.raised"] as const;
/**
 * Kinds sent only to people who switched them on (the leads' weekly digest). Stored in the same
 * table as the opt-outs: a row with `off = false` is an opt-in.
 */
export const optInKinds = ["digest.lead-overdue"] as const;
export const choiceKinds = [...optionalKinds, ...optInKinds] as const;
export type ChoiceKind = (typeof choiceKinds)[number];

/**
 * Mails that carry a credential (the set-password link): their bodies leave the outbox the
 * moment they are sent (see pruneMailBodies and docs/privacy.md).
 */
export const credentialKinds = ["account.welcome"] as const;

export interface OutboxEntry {
  authorityId: string;
  personId: string | null;
  kind: string;
  dedupeKey: string;
  toAddress: string;
  toName: string;
  locale: string;
  mail: ComposedMail;
}

/**
 * Adds mails to the outbox. Runs in the caller's transaction, so a mail exists exactly when its
 * event was committed; a second insert with the same dedupe key adds nothing. Returns how many
 * rows were added.
 */
export async function enqueueMails(db: Queryable, entries: OutboxEntry[]): Promise<number> {
  let added = 0;
  for (let i = 0; i < entries.length; i += 200) {
    const rows = await db
      .insert(outbox)
      .values(
        entries.slice(i, i + 200).map((e) => ({
          authorityId: e.authorityId,
          personId: e.personId,
          kind: e.kind,
          dedupeKey: e.dedupeKey,
          toAddress: headerSafe(e.toAddress),
          toName: headerSafe(e.toName),
          locale: mailLocale(e.locale),
          subject: headerSafe(e.mail.subject),
          textBody: e.mail.textBody,
          htmlBody: e.mail.htmlBody,
          attachments: e.mail.attachments,
        })),
      )
      .onConflictDoNothing()
      .returning({ id: outbox.id });
    added += rows.length;
  }
  return added;
}

/** Recipients (id, address, name, language) of the given people, in one query. */
export async function recipientsOf(db: Queryable, personIds: readonly string[]) {
  if (personIds.length === 0) return new Map<string, { email: string; name: string; locale: string | null }>();
  const rows = await db
    .select({ id: people.id, email: people.email, givenName: people.givenName, familyName: people.familyName, locale: people.locale })
    .from(people)
    .where(inArray(people.id, [...personIds]));
  return new Map(rows.map((r) => [r.id, { email: r.email, name: `${r.givenName} ${r.familyName}`, locale: r.locale }]));
}

/** People (of the given ones) who switched off this kind of mail. */
export async function optedOut(db: Queryable, personIds: readonly string[], kind: string): Promise<Set<string>> {
  if (personIds.length === 0) return new Set();
  const rows = await db
    .select({ personId: mailOptOuts.personId })
    .from(mailOptOuts)
    .where(and(inArray(mailOptOuts.personId, [...personIds]), eq(mailOptOuts.kind, kind), eq(mailOptOuts.off, true)));
  return new Set(rows.map((r) => r.personId));
}

export interface OutboxRow {
  id: string;
  toAddress: string;
  toName: string;
  subject: string;
  status: "pending" | "sent" | "failed";
  tries: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  textBody: string;
}

/** The authority's latest mails for /admin/mail, newest first. */
export async function listOutbox(db: Queryable, authorityId: string, limit = 200): Promise<OutboxRow[]> {
  const rows = await db
    .select({
      id: outbox.id,
      toAddress: outbox.toAddress,
      toName: outbox.toName,
      subject: outbox.subject,
      status: outbox.status,
      tries: outbox.tries,
      lastError: outbox.lastError,
      createdAt: outbox.createdAt,
      sentAt: outbox.sentAt,
      textBody: outbox.textBody,
    })
    .from(outbox)
    .where(eq(outbox.authorityId, authorityId))
    .orderBy(desc(outbox.createdAt), desc(sql`${outbox.id}`))
    .limit(limit);
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), sentAt: r.sentAt?.toISOString() ?? null }));
}

/** Which kinds the person receives (true) or not (false): optional ones unless switched off, opt-in ones only if switched on. */
export async function mailChoicesOf(db: Queryable, personId: string): Promise<Record<ChoiceKind, boolean>> {
  const rows = await db.select({ kind: mailOptOuts.kind, off: mailOptOuts.off }).from(mailOptOuts).where(eq(mailOptOuts.personId, personId));
  const off = new Set(rows.filter((r) => r.off).map((r) => r.kind));
  const on = new Set(rows.filter((r) => !r.off).map((r) => r.kind));
  return Object.fromEntries([...optionalKinds.map((k) => [k, !off.has(k)]), ...optInKinds.map((k) => [k, on.has(k)])]) as Record<ChoiceKind, boolean>;
}

/** Saves the person's choices: every optional kind not listed in `on` is switched off, every opt-in kind listed is switched on. */
export async function saveMailChoices(db: Queryable, personId: string, on: readonly string[]) {
  await db.delete(mailOptOuts).where(eq(mailOptOuts.personId, personId));
  const rows = [
    ...optionalKinds.filter((k) => !on.includes(k)).map((kind) => ({ personId, kind, off: true })),
    ...optInKinds.filter((k) => on.includes(k)).map((kind) => ({ personId, kind, off: false })),
  ];
  if (rows.length) await db.insert(mailOptOuts).values(rows);
}

/** What the retention rule leaves of a mail's content once it is removed. */
export const removedBody = { textBody: "", htmlBody: "", attachments: [] as MailAttachment[] };

/**
 * Retention of mail content (docs/privacy.md, "Mail"): a sent mail that carries a credential
 * lost its body when it was sent (worker); here, hourly, (1) credential mails still pending
 * after `keepDays` are given up (their link has expired; status failed) and emptied, and
 * (2) every sent or failed mail older than `keepDays` is emptied (text, HTML, attachments).
 * Rows stay (recipient, subject, status, times) as the record of delivery, and their dedupe key
 * keeps reminders once. Returns how many bodies were removed.
 */
export async function pruneMailBodies(db: Queryable, keepDays: number, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - keepDays * 86_400_000);
  const expired = await db
    .update(outbox)
    .set({ status: "failed", lastError: "link expired before it could be sent", ...removedBody, lockedUntil: null })
    .where(
      and(
        eq(outbox.status, "pending"),
        inArray(outbox.kind, [...credentialKinds]),
        lt(outbox.createdAt, before),
        or(isNull(outbox.lockedUntil), lt(outbox.lockedUntil, now)),
      ),
    )
    .returning({ id: outbox.id });
  const emptied = await db
    .update(outbox)
    .set(removedBody)
    .where(
      and(
        inArray(outbox.status, ["sent", "failed"]),
        lt(outbox.createdAt, before),
        or(ne(outbox.textBody, ""), ne(outbox.htmlBody, ""), sql`${outbox.attachments} <> '[]'::jsonb`),
      ),
    )
    .returning({ id: outbox.id });
  return expired.length + emptied.length;
}
