// Everything Horizont holds about one person (Art. 15 DSGVO), found from the database itself:
// every table with a foreign key to people is walked. A reference that deletes its rows with the
// person (ON DELETE CASCADE) is the person's own record and always exported, so a table added
// later is included without editing this file. A reference that keeps its rows and empties the
// reference (ON DELETE SET NULL) may point at records about other people (a note the person
// wrote about a colleague), so it is exported only once `setNullReferences` says how; until then
// tests/personal-data.test.ts fails. Places that hold the person's e-mail address or id as text
// (`textReferences`) are read too. Secrets (password and token hashes, session ids, the link in a
// set-password mail) are left out.
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Queryable } from "~/db/client.server";
import { credentialKinds } from "~/mail/outbox.server";

export interface PersonalDataSection {
  table: string;
  column: string;
  /** The columns whose value identified the row as the person's (the reference, or e.g. a mail's address). */
  matchedOn: string[];
  /** Key of the section's heading under personalData.tables (de/en). */
  label: string;
  /** "about": records about the person; "by": what the person did or recorded. */
  relation: "about" | "by";
  /** The rows are deleted with the person (Art. 17); otherwise they stay with the reference emptied. */
  deletedWithPerson: boolean;
  rows: Record<string, unknown>[];
}

export interface PersonalData {
  exportedAt: string;
  person: Record<string, unknown>;
  sections: PersonalDataSection[];
}

type Row = Record<string, unknown>;

/** How one reference is exported, or why it is not. */
export type Coverage =
  | {
      relation: "about" | "by";
      /** Heading key under personalData.tables; the table name when absent. */
      label?: string;
      /** Columns that are not the person's data (the authority's content, other people's data). */
      omit?: string[];
      /** A text column that also identifies the person's rows by their e-mail address. */
      orAddressColumn?: string;
      transform?: (row: Row) => Row;
    }
  | { leftOut: string };

/** Credential mails (set-password links): the export names the mail but never carries the link. */
const withoutCredential = (row: Row): Row => {
  const attachments = Array.isArray(row.attachments) ? (row.attachments as { filename?: unknown; contentType?: unknown }[]) : [];
  const listed = { ...row, attachments: attachments.map((a) => ({ filename: a.filename, contentType: a.contentType })) };
  return (credentialKinds as readonly string[]).includes(String(row.kind)) ? { ...listed, text_body: null, html_body: null, attachments: [] } : listed;
};

const moduleContent = ["source", "compiled_code", "compiled_key"];

/**
 * Every ON DELETE SET NULL reference to people, "table.column": exported as "about" or "by", or
 * deliberately left out with the reason.
 */
export const setNullReferences: Record<string, Coverage> = {
  "audit_log.subject_person_id": { relation: "about" },
  "audit_log.actor_id": { relation: "by" },
  // Mails to the person, also those sent before the address was linked to the account.
  "outbox.person_id": { relation: "about", orAddressColumn: "to_address", transform: withoutCredential },
  // Who created the workshop is a colleague's data.
  "events.trainer_person_id": { relation: "about", label: "events_trainer", omit: ["created_by"] },
  "events.created_by": { relation: "by", label: "events_created", omit: ["trainer_person_id"] },
  "authored_modules.draft_updated_by": { relation: "by", omit: ["draft_source"] },
  "authored_courses.created_by": { relation: "by" },
  "authored_module_versions.submitted_by": { relation: "by", label: "authored_module_versions_submitted", omit: moduleContent },
  "authored_module_versions.reviewed_by": { relation: "by", label: "authored_module_versions_reviewed", omit: moduleContent },
  "role_description_versions.actor_id": { relation: "by", omit: ["snapshot"] },
  "legal_changes.recorded_by": { relation: "by", label: "legal_changes_recorded" },
  "legal_changes.resolved_by": { relation: "by", label: "legal_changes_resolved" },
  "evidence.recorded_by": { leftOut: "evidence the person recorded about colleagues is the colleagues' data (Art. 15(4)); their own evidence is exported by person_id" },
  "assignments.assigned_by": { leftOut: "learning the person assigned to others is the others' data; the assignment appears in the audit log of the person's actions" },
  "event_registrations.registered_by": { leftOut: "registrations the person made for others are the others' data; their own registrations are exported by person_id" },
  "event_registrations.attendance_by": { leftOut: "attendance the person recorded for others is the others' data" },
  "badge_credentials.revoked_by": { leftOut: "credentials the person revoked belong to others; the revocation appears in the audit log of the person's actions" },
  "import_batches.created_by": { leftOut: "a staff list the person uploaded holds other people's names and addresses; the import appears in the audit log of the person's actions" },
};

/**
 * Columns that hold a person's e-mail address or id as text (no foreign key), "table.column":
 * read with the `match` condition, or left out with the reason. tests/personal-data.test.ts walks
 * the schema for address and id columns and fails on one missing here (outbox.to_address is read
 * with outbox.person_id).
 */
export const textReferences: Record<string, Coverage & { match?: (p: { id: string; email: string }) => SQL }> = {
  "people.email": { leftOut: "the person's own row, exported as their details" },
  "login_attempts.key": { relation: "about", match: (p) => sql`t.key = ${`email:${p.email.toLowerCase()}`}` },
  "import_batches.person_ids": {
    relation: "about",
    // The file name and times of the list that created the person; the list held others too,
    // and who uploaded it is a colleague's data.
    omit: ["content", "person_ids", "created_by"],
    match: (p) => sql`t.person_ids @> ${JSON.stringify([p.id])}::jsonb`,
  },
  "oidc_providers.email_claim": { leftOut: "the name of the directory's e-mail claim, not an address" },
};

/** Columns that are secrets or credentials, never exported (also not to the person: a session id is a bearer token). */
const secretColumn = (table: string, column: string) => /hash|secret|token/.test(column) || (table === "sessions" && column === "id");

/** Every (table, column) that references people.id, with whether deleting the person deletes the row. */
export async function personReferences(db: Queryable): Promise<{ table: string; column: string; cascade: boolean }[]> {
  // Raw SQL: the catalog (pg_constraint) is not in our drizzle schema.
  const rows = rowsOf<{ tbl: string; col: string; del: string }>(
    await db.execute(sql`
      select c.conrelid::regclass::text as tbl, a.attname as col, c.confdeltype::text as del
      from pg_constraint c
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
      where c.contype = 'f' and c.confrelid = 'people'::regclass and c.conrelid <> 'people'::regclass
      order by 1, 2`),
  );
  return rows.map((r) => ({ table: r.tbl.replaceAll('"', ""), column: r.col, cascade: r.del === "c" }));
}

/** How a reference is handled: cascading ones are the person's records; others as listed (unlisted: not exported). */
export function coverageOf(ref: { table: string; column: string; cascade: boolean }): Coverage | undefined {
  return ref.cascade ? { relation: "about" } : setNullReferences[`${ref.table}.${ref.column}`];
}

const strip = (table: string, row: Row, omit: string[] = []) =>
  Object.fromEntries(Object.entries(row).filter(([column]) => !secretColumn(table, column) && !omit.includes(column)));
const parsed = (value: unknown): Row => (typeof value === "string" ? JSON.parse(value) : (value as Row));

async function readRows(db: Queryable, table: string, where: SQL, coverage: Extract<Coverage, { relation: string }>) {
  // Raw SQL: a table named at run time, each row as the database's own JSON (to_jsonb).
  const rows = rowsOf<{ row: unknown }>(await db.execute(sql`select to_jsonb(t) as row from ${sql.identifier(table)} t where ${where}`));
  return rows.map((r) => {
    const row = strip(table, parsed(r.row), coverage.omit);
    return coverage.transform ? coverage.transform(row) : row;
  });
}

/** The person's data as plain JSON values (dates as ISO text), or null when there is no such person. */
export async function personalDataOf(db: Queryable, personId: string, now = new Date()): Promise<PersonalData | null> {
  // Raw SQL: the person as to_jsonb, the same JSON shape as every other section's rows.
  const [person] = rowsOf<{ row: unknown }>(await db.execute(sql`select to_jsonb(p) as row from people p where p.id = ${personId}`));
  if (!person) return null;
  const own = parsed(person.row);
  const email = String(own.email);
  const sections: PersonalDataSection[] = [];
  for (const ref of await personReferences(db)) {
    const coverage = coverageOf(ref);
    if (!coverage || "leftOut" in coverage) continue;
    const byReference = sql`${sql.identifier(ref.column)} = ${personId}`;
    const where = coverage.orAddressColumn ? sql`(t.${byReference} or lower(t.${sql.identifier(coverage.orAddressColumn)}) = lower(${email}))` : sql`t.${byReference}`;
    sections.push({
      table: ref.table,
      column: ref.column,
      matchedOn: coverage.orAddressColumn ? [ref.column, coverage.orAddressColumn] : [ref.column],
      label: coverage.label ?? ref.table,
      relation: coverage.relation,
      deletedWithPerson: ref.cascade,
      rows: await readRows(db, ref.table, where, coverage),
    });
  }
  for (const [key, coverage] of Object.entries(textReferences)) {
    if ("leftOut" in coverage || !coverage.match) continue;
    const [table, column] = key.split(".") as [string, string];
    sections.push({
      table,
      column,
      matchedOn: [column],
      label: coverage.label ?? table,
      relation: coverage.relation,
      // The erasure replaces the address or id in the text; the row stays.
      deletedWithPerson: false,
      rows: await readRows(db, table, coverage.match({ id: personId, email }), coverage),
    });
  }
  return { exportedAt: now.toISOString(), person: strip("people", own), sections };
}
