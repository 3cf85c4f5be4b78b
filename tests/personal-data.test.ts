// Art. 15 DSGVO: a person's data export holds everything about them, nothing about anyone else,
// and no secrets. A schema walk makes sure that every table referring to a person is exported or
// deliberately left out (with the reason in app/people/personal-data.server.ts).
import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { audit } from "~/audit/audit.server";
import { saveReflection } from "~/courses/reflections.server";
import { rowsOf, type Queryable } from "~/db/client.server";
import {
  authoredModules,
  badgeCredentials,
  eventRegistrations,
  events,
  evidence,
  importBatches,
  legalChanges,
  loginAttempts,
  outbox,
  sessions,
  xapiStatements,
} from "~/db/schema";
import de from "~/i18n/locales/de";
import en from "~/i18n/locales/en";
import { personalDataOf, personReferences, setNullReferences, textReferences } from "~/people/personal-data.server";
import { describeEachDb } from "./support/db";
import { createAuthority, createPerson, createUnit } from "./support/fixtures";

/** Why a "table.column" is not exported, or undefined when it is meant to be. */
const leftOutReason = (key: string) => {
  const coverage = setNullReferences[key] ?? textReferences[key];
  return coverage && "leftOut" in coverage ? coverage.leftOut : undefined;
};

/** Columns (not references to people) that by their name hold an e-mail address or a person's id as text. */
async function addressAndIdColumns(db: Queryable) {
  return rowsOf<{ tbl: string; col: string }>(
    await db.execute(sql`
      select c.table_name as tbl, c.column_name as col from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
      where c.table_schema = 'public'
        and (c.column_name ~ '(^|_)(e_?mail|mailto|address(es)?|recipients?|person_ids?|user_ids?|people_ids?)(_|$)'
             -- sign-in attempts are keyed by the typed address ("email:…")
             or c.column_name = 'key')
      order by 1, 2`),
  );
}

/** Every column of every table (cast to text) that contains `needle`. */
async function columnsHolding(db: Queryable, needle: string) {
  const columns = rowsOf<{ tbl: string; col: string }>(
    await db.execute(sql`
      select c.table_name as tbl, c.column_name as col from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
      where c.table_schema = 'public' and c.data_type in ('text', 'character varying', 'json', 'jsonb', 'uuid', 'ARRAY')`),
  );
  const found: string[] = [];
  for (const { tbl, col } of columns) {
    const [row] = rowsOf<{ n: number }>(
      await db.execute(sql`select count(*)::int as n from ${sql.identifier(tbl)} where strpos(lower(${sql.identifier(col)}::text), lower(${needle})) > 0`),
    );
    if (row.n > 0) found.push(`${tbl}.${col}`);
  }
  return found;
}

const now = new Date("2026-06-01T10:00:00Z");

describeEachDb("personal data export", ({ database }) => {
  it("gives Anna her own records, including what her lead recorded about her, and nothing of a colleague's", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const unit = await createUnit(db, authority.id, "Aufenthalt 1");
    const lead = await createPerson(db, { authorityId: authority.id, unitId: unit.id, roles: ["employee", "lead"], leads: [unit.id] });
    const anna = await createPerson(db, { authorityId: authority.id, unitId: unit.id, givenName: "Anna", familyName: "Schmidt" });
    const ben = await createPerson(db, { authorityId: authority.id, unitId: unit.id, givenName: "Ben", familyName: "Krüger" });
    const reflection = (personId: string, body: string) =>
      saveReflection(db, { authorityId: authority.id, personId, courseId: "kommunikation-beratung", moduleId: "aktiv-zuhoeren", promptId: "eigene-erfahrung", body, now });
    await reflection(anna.id, "Annas eigene Gedanken zum Zuhören");
    await reflection(ben.id, "Bens private Notiz");
    await db.insert(evidence).values([
      { authorityId: authority.id, personId: anna.id, competenceId: "c.active-listening", level: 2, source: "observed", recordedBy: lead.id, note: "Gespräch am Schalter begleitet", achievedAt: now },
      { authorityId: authority.id, personId: ben.id, competenceId: "c.active-listening", level: 1, source: "observed", recordedBy: lead.id, note: "Bens Beobachtung", achievedAt: now },
    ]);
    await audit(db, { authorityId: authority.id, actorId: lead.id, action: "profile.view", subjectPersonId: anna.id });
    await audit(db, { authorityId: authority.id, actorId: anna.id, action: "self.assess", subjectPersonId: anna.id });
    await db.insert(sessions).values({ id: "secret-session-id-of-anna", userId: anna.id, expiresAt: new Date(now.getTime() + 86_400_000) });

    const data = await personalDataOf(db, anna.id, now);
    const text = JSON.stringify(data);
    const rowsOf = (table: string) => data!.sections.filter((s) => s.table === table && s.relation === "about").flatMap((s) => s.rows);

    expect(data!.person).toMatchObject({ id: anna.id, email: anna.email, given_name: "Anna" });
    expect(rowsOf("reflection_notes").map((r) => r.body)).toEqual(["Annas eigene Gedanken zum Zuhören"]);
    expect(rowsOf("evidence").map((r) => r.note)).toEqual(["Gespräch am Schalter begleitet"]);
    expect(rowsOf("audit_log").map((r) => r.action).sort()).toEqual(["profile.view", "self.assess"]);
    expect(rowsOf("person_roles").map((r) => r.role)).toEqual(["employee"]);
    expect(rowsOf("sessions")).toHaveLength(1);
    // Nothing of Ben's, and no secrets.
    expect(text).not.toContain("Bens private Notiz");
    expect(text).not.toContain("Bens Beobachtung");
    expect(text).not.toContain(ben.id);
    expect(text).not.toContain("secret-session-id-of-anna");
    expect(text).not.toMatch(/password_hash|\$argon2/);
  });

  it("gives the lead their own actions from the audit log, but not the notes they wrote about others", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const unit = await createUnit(db, authority.id);
    const lead = await createPerson(db, { authorityId: authority.id, unitId: unit.id, roles: ["employee", "lead"], leads: [unit.id] });
    const member = await createPerson(db, { authorityId: authority.id, unitId: unit.id });
    await db.insert(evidence).values({ authorityId: authority.id, personId: member.id, competenceId: "s.empathy", level: 2, source: "observed", recordedBy: lead.id, note: "Notiz über das Teammitglied", achievedAt: now });
    await audit(db, { authorityId: authority.id, actorId: lead.id, action: "evidence.observe", subjectPersonId: member.id });
    const data = await personalDataOf(db, lead.id, now);
    const byLead = data!.sections.filter((s) => s.relation === "by").flatMap((s) => s.rows);
    expect(byLead.map((r) => r.action)).toEqual(["evidence.observe"]);
    expect(JSON.stringify(data)).not.toContain("Notiz über das Teammitglied");
    expect(await personalDataOf(db, "00000000-0000-0000-0000-000000000000", now)).toBeNull();
  });

  it("exports every reference to a person or names why not: a schema walk, so a new table cannot be forgotten", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const anna = await createPerson(db, { authorityId: authority.id });
    const data = (await personalDataOf(db, anna.id, now))!;
    const exported = new Set(data.sections.flatMap((s) => s.matchedOn.map((c) => `${s.table}.${c}`)));
    const problems: string[] = [];
    const check = (key: string) => {
      const reason = leftOutReason(key);
      if (!exported.has(key) && !reason) problems.push(`${key}: neither exported nor listed as left out`);
      if (exported.has(key) && reason) problems.push(`${key}: exported and listed as left out`);
      if (reason !== undefined && reason.length < 20) problems.push(`${key}: left out without a reason`);
    };
    // 1. Every foreign key to people.id (cascading ones are exported by themselves).
    const refs = await personReferences(db);
    expect(refs.length).toBeGreaterThan(30);
    for (const ref of refs) check(`${ref.table}.${ref.column}`);
    // Listed SET NULL references still exist (a stale entry would hide a renamed column).
    const setNull = new Set(refs.filter((r) => !r.cascade).map((r) => `${r.table}.${r.column}`));
    for (const key of Object.keys(setNullReferences)) if (!setNull.has(key)) problems.push(`${key}: listed, but no SET NULL reference to people`);
    // 2. Every column that holds an e-mail address or a person's id as text.
    const fk = new Set(refs.map((r) => `${r.table}.${r.column}`));
    const textColumns = (await addressAndIdColumns(db)).map((c) => `${c.tbl}.${c.col}`).filter((key) => !fk.has(key));
    expect(textColumns).toEqual(expect.arrayContaining(["outbox.to_address", "login_attempts.key", "import_batches.person_ids", "people.email"]));
    for (const key of textColumns) check(key);
    for (const key of Object.keys(textReferences)) if (!textColumns.includes(key)) problems.push(`${key}: listed, but the walk does not find it`);
    expect(problems).toEqual([]);
    // Every section has a heading in both languages.
    const labels = [...new Set(data.sections.map((s) => s.label))];
    const missing = labels.filter((l) => !(l in de.personalData.tables) || !(l in en.personalData.tables));
    expect(missing).toEqual([]);
  });

  it("includes the mails to the person, their workshops, credentials, xAPI statements, sign-in attempts and the list that created them, and never a set-password link", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const unit = await createUnit(db, authority.id);
    const anna = await createPerson(db, { authorityId: authority.id, unitId: unit.id, roles: ["employee", "editor"], givenName: "Anna", familyName: "Auskunft" });
    const ben = await createPerson(db, { authorityId: authority.id, unitId: unit.id, givenName: "Ben", familyName: "Dritter" });
    const mail = (personId: string | null, to: string, kind: string, subject: string, textBody: string) => ({
      authorityId: authority.id,
      personId,
      kind,
      dedupeKey: `${kind}:${crypto.randomUUID()}`,
      toAddress: to,
      toName: "",
      subject,
      textBody,
      htmlBody: `<p>${textBody}</p>`,
      attachments: [{ filename: "termin.ics", contentType: "text/calendar", content: "QkVHSU46VkNBTEVOREFS" }],
    });
    const link = "https://horizont.example/set-password?token=GEHEIMER-LINK-0123456789";
    await db.insert(outbox).values([
      mail(anna.id, anna.email, "assignment.created", "Neue Lernaufgabe für Sie", "Bitte bearbeiten Sie das Modul bis Freitag."),
      // A mail whose row lost the reference but still carries her address.
      mail(null, anna.email.toUpperCase(), "event.moved", "Veranstaltung verschoben", "Der Termin ist jetzt am Dienstag."),
      mail(anna.id, anna.email, "account.welcome", "Willkommen bei Horizont", `Ihr Link: ${link}`),
      mail(ben.id, ben.email, "assignment.created", "Bens Aufgabe", "Nur für Ben."),
    ]);
    const [workshop] = await db
      .insert(events)
      .values({ authorityId: authority.id, title: "Deeskalation am Schalter", capacity: 12, registrationDeadline: new Date("2026-07-01T10:00:00Z"), trainerPersonId: anna.id, createdBy: ben.id })
      .returning();
    const [other] = await db
      .insert(events)
      .values({ authorityId: authority.id, title: "Dolmetschen im Gespräch", capacity: 12, registrationDeadline: new Date("2026-07-01T10:00:00Z"), createdBy: anna.id })
      .returning();
    await db.insert(eventRegistrations).values([
      { authorityId: authority.id, eventId: other.id, personId: anna.id, status: "pending", registeredBy: anna.id },
      { authorityId: authority.id, eventId: workshop.id, personId: ben.id, status: "registered", registeredBy: anna.id },
    ]);
    await db.insert(badgeCredentials).values({ authorityId: authority.id, personId: anna.id, achievement: `event:${workshop.id}`, code: "ZERT-ANNA-1", statusIndex: 4711, credential: { name: "Deeskalation" } });
    await db.insert(xapiStatements).values({ id: crypto.randomUUID(), authorityId: authority.id, personId: anna.id, dedupeKey: `attempt:${crypto.randomUUID()}:passed`, statement: { actor: { mbox: `mailto:${anna.email}` }, verb: { id: "http://adlnet.gov/expapi/verbs/passed" } } });
    await db.insert(loginAttempts).values([
      { key: `email:${anna.email}`, succeeded: false },
      { key: `email:${ben.email}`, succeeded: false },
    ]);
    await db.insert(importBatches).values({ authorityId: authority.id, createdBy: ben.id, fileName: "personal-juni.csv", content: "", committedAt: now, personIds: [anna.id, ben.id] });
    await db.insert(authoredModules).values({ authorityId: authority.id, courseId: "eigene", moduleId: "schalter", draftSource: "# Annas Entwurf", draftUpdatedBy: anna.id });
    await db.insert(legalChanges).values({ authorityId: authority.id, norm: "§ 81 Abs. 4 AufenthG", normKey: "aufenthg|81|4", effectiveOn: "2026-09-01", note: "Fiktionswirkung geändert", recordedBy: anna.id });

    const data = (await personalDataOf(db, anna.id, now))!;
    const text = JSON.stringify(data);
    const rows = (label: string) => data.sections.filter((s) => s.label === label).flatMap((s) => s.rows);

    expect(rows("outbox").map((r) => r.subject).sort()).toEqual(["Neue Lernaufgabe für Sie", "Veranstaltung verschoben", "Willkommen bei Horizont"]);
    expect(text).toContain("Bitte bearbeiten Sie das Modul bis Freitag.");
    expect(rows("outbox").find((r) => r.kind === "assignment.created")!.attachments).toEqual([{ filename: "termin.ics", contentType: "text/calendar" }]);
    expect(rows("event_registrations").map((r) => r.status)).toEqual(["pending"]);
    expect(rows("events_trainer").map((r) => r.title)).toEqual(["Deeskalation am Schalter"]);
    expect(rows("events_created").map((r) => r.title)).toEqual(["Dolmetschen im Gespräch"]);
    expect(rows("badge_credentials").map((r) => r.code)).toEqual(["ZERT-ANNA-1"]);
    expect(rows("xapi_statements")).toHaveLength(1);
    expect(rows("login_attempts").map((r) => r.key)).toEqual([`email:${anna.email}`]);
    expect(rows("import_batches").map((r) => r.file_name)).toEqual(["personal-juni.csv"]);
    expect(rows("authored_modules").map((r) => r.module_id)).toEqual(["schalter"]);
    expect(rows("legal_changes_recorded").map((r) => r.note)).toEqual(["Fiktionswirkung geändert"]);
    // Nothing of Ben's (his mail, his registration she made, the list's other id), no set-password link.
    expect(text).not.toContain("Nur für Ben.");
    expect(text).not.toContain(ben.id);
    expect(text).not.toContain(ben.email);
    expect(text).not.toContain("GEHEIMER-LINK");

    // Every place in the database that holds her id or address is exported or deliberately left out.
    const exportedTables = new Set(data.sections.filter((s) => s.rows.length > 0).map((s) => s.table));
    for (const needle of [anna.id, anna.email]) {
      const unexplained = (await columnsHolding(db, needle)).filter((key) => {
        const table = key.split(".")[0]!;
        return table !== "people" && !exportedTables.has(table) && !leftOutReason(key);
      });
      expect(unexplained, needle).toEqual([]);
    }
  });
});
