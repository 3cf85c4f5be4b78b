// Art. 17 DSGVO: a person who left is erased once the authority's retention after leaving has
// passed. Afterwards no column of any table holds their id, e-mail address or name; what they
// recorded about colleagues stays (without them); the coverage trend keeps its counts.
import { eq, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { audit } from "~/audit/audit.server";
import { saveReflection } from "~/courses/reflections.server";
import { rowsOf, type Queryable } from "~/db/client.server";
import { assignments, auditLog, coverageSnapshots, evidence, formSubmissions, importBatches, loginAttempts, people, sessions } from "~/db/schema";
import { takeMonthlySnapshots } from "~/reports/coverage.server";
import { markLeft } from "~/people/staff.server";
import { setActive } from "~/people/accounts.server";
import { personalDataOf } from "~/people/personal-data.server";
import { eraseLeavers } from "~/people/retention.server";
import { getSettings, saveSettings } from "~/org/settings.server";
import { describeEachDb } from "./support/db";
import { createAuthority, createPerson, createUnit } from "./support/fixtures";

const month = 30 * 86_400_000;

/** Every column of every table (text, JSON, uuid, arrays, …, cast to text) that contains `needle`, with the count. */
async function whereIs(db: Queryable, needle: string) {
  const columns = rowsOf<{ tbl: string; col: string }>(
    await db.execute(sql`
      select c.table_name as tbl, c.column_name as col from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
      where c.table_schema = 'public' and c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'uuid', 'ARRAY', 'USER-DEFINED')`),
  );
  expect(columns.length).toBeGreaterThan(30);
  // One statement for all columns (a statement per column made this file one of the slowest).
  const counts = columns.map(
    ({ tbl, col }) => sql`select ${`${tbl}.${col}`} as place, count(*)::int as n from ${sql.identifier(tbl)} where strpos(lower(${sql.identifier(col)}::text), lower(${needle})) > 0`,
  );
  const rows = rowsOf<{ place: string; n: number }>(await db.execute(sql.join(counts, sql` union all `)));
  return rows.filter((r) => Number(r.n) > 0).map((r) => `${r.place}: ${r.n}`);
}

describeEachDb("erasing people who left (Art. 17)", ({ database }) => {
  it("erases the person after the retention period, everywhere, and keeps colleagues' records and the trend", async () => {
    const db = database().db;
    const now = new Date();
    const authority = await createAuthority(db);
    const unit = await createUnit(db, authority.id, "Aufenthalt Nord");
    const lead = await createPerson(db, { authorityId: authority.id, unitId: unit.id, roles: ["employee", "lead"], leads: [unit.id] });
    const leaver = await createPerson(db, { authorityId: authority.id, unitId: unit.id, roles: ["employee", "lead"], givenName: "Xaveria", familyName: "Quellensteyn", email: "xaveria.quellensteyn@test.example" });
    const colleague = await createPerson(db, { authorityId: authority.id, unitId: unit.id, givenName: "Cora", familyName: "Bleibtreu" });
    // Her own records, records about her, what she did, and places that hold her id or address as text.
    await saveReflection(db, { authorityId: authority.id, personId: leaver.id, courseId: "kommunikation-beratung", moduleId: "aktiv-zuhoeren", promptId: "eigene-erfahrung", body: "Meine Notiz", now });
    await db.insert(evidence).values([
      { authorityId: authority.id, personId: leaver.id, competenceId: "c.active-listening", level: 2, source: "observed", recordedBy: lead.id, note: "beobachtet", achievedAt: now },
      { authorityId: authority.id, personId: colleague.id, competenceId: "c.active-listening", level: 1, source: "observed", recordedBy: leaver.id, note: "Coras Gespräch", achievedAt: now },
    ]);
    await db.insert(assignments).values({ authorityId: authority.id, personId: leaver.id, courseId: "kommunikation-beratung", dueOn: "2027-01-01", assignedBy: lead.id });
    await audit(db, { authorityId: authority.id, actorId: lead.id, action: "profile.view", subjectPersonId: leaver.id });
    await audit(db, { authorityId: authority.id, actorId: leaver.id, action: "evidence.observe", subjectPersonId: colleague.id });
    await db.insert(loginAttempts).values({ key: `email:${leaver.email}`, succeeded: false });
    await db.insert(importBatches).values({ authorityId: authority.id, createdBy: lead.id, fileName: "liste.csv", content: "", committedAt: now, personIds: [leaver.id, colleague.id] });
    await db.insert(formSubmissions).values({ id: crypto.randomUUID(), personId: leaver.id, result: "/profile" });
    await db.insert(sessions).values({ id: `s-${crypto.randomUUID()}`, userId: leaver.id, expiresAt: new Date(now.getTime() + 86_400_000) });
    await takeMonthlySnapshots(db, now);
    const snapshots = async () => (await db.select().from(coverageSnapshots).where(eq(coverageSnapshots.authorityId, authority.id))).map(({ createdAt: _c, ...s }) => s);
    const snapshotsBefore = await snapshots();
    expect(snapshotsBefore.length).toBeGreaterThan(0);
    expect((await getSettings(db, authority.id)).leaverRetentionMonths).toBe(6);

    // Her own export (Art. 15) lists what would be deleted ("about") and what stays without her ("by").
    const data = await personalDataOf(db, leaver.id, now);
    expect(data!.sections.filter((s) => s.relation === "about" && s.rows.length > 0).map((s) => s.table)).toEqual(
      expect.arrayContaining(["assignments", "evidence", "reflection_notes", "audit_log", "sessions", "form_submissions"]),
    );

    expect(data!.sections.find((s) => s.table === "evidence" && s.column === "person_id")!.deletedWithPerson).toBe(true);
    expect(data!.sections.filter((s) => s.table === "audit_log").every((s) => !s.deletedWithPerson)).toBe(true);

    // HR deactivates her when she leaves. Nothing happens before the retention has passed.
    expect(await markLeft(db, authority.id, lead.id, leaver.id)).toBe(true);
    expect(await eraseLeavers(db, new Date(now.getTime() + 5 * month))).toBe(0);
    expect(await db.select({ id: people.id }).from(people).where(eq(people.id, leaver.id))).toHaveLength(1);
    for (const needle of [leaver.id, leaver.email, "Quellensteyn", "Xaveria"]) expect(await whereIs(db, needle), needle).not.toEqual([]);

    expect(await eraseLeavers(db, new Date(now.getTime() + 7 * month))).toBe(1);
    for (const needle of [leaver.id, leaver.email, "Quellensteyn", "Xaveria"]) expect(await whereIs(db, needle), needle).toEqual([]);

    // Colleagues' records stay: Cora's evidence (now without its recorder), the lead, the batch's other id.
    const [cora] = await db.select({ note: evidence.note, recordedBy: evidence.recordedBy }).from(evidence).where(eq(evidence.personId, colleague.id));
    expect(cora).toEqual({ note: "Coras Gespräch", recordedBy: null });
    expect(await whereIs(db, colleague.id)).not.toEqual([]);
    expect(await db.select({ id: people.id }).from(people).where(eq(people.id, lead.id))).toHaveLength(1);
    // The trend keeps its counts; the deletion is logged without naming anyone.
    expect(await snapshots()).toEqual(snapshotsBefore);
    const entries = await db.select().from(auditLog).where(eq(auditLog.action, "person.erased"));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ authorityId: authority.id, actorId: null, subjectPersonId: null, details: { reason: "retention-after-leaving", months: 6 } });
    // Running the clean-up again changes nothing.
    expect(await eraseLeavers(db, new Date(now.getTime() + 8 * month))).toBe(0);
  });

  it("erases and logs once when two clean-ups run at the same moment (two app instances)", async () => {
    const db = database().db;
    const authority = await createAuthority(db, "Ausländerbehörde Doppelstadt");
    const leaver = await createPerson(db, { authorityId: authority.id });
    await setActive(db, authority.id, leaver.id, false);
    const later = new Date(Date.now() + 7 * month);
    const counts = await Promise.all([eraseLeavers(db, later), eraseLeavers(db, later)]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
    const entries = await db.select().from(auditLog).where(sql`${auditLog.action} = 'person.erased' and ${auditLog.authorityId} = ${authority.id}`);
    expect(entries).toHaveLength(1);
  });

  it("keeps active people and honours a retention of 0 months (the next clean-up)", async () => {
    const db = database().db;
    const now = new Date();
    const authority = await createAuthority(db, "Ausländerbehörde Nullstadt");
    await saveSettings(db, authority.id, { ...(await getSettings(db, authority.id)), leaverRetentionMonths: 0 });
    const stays = await createPerson(db, { authorityId: authority.id });
    const notOnboarded = await createPerson(db, { authorityId: authority.id, active: false });
    const leaves = await createPerson(db, { authorityId: authority.id });
    await setActive(db, authority.id, leaves.id, false);
    expect(await eraseLeavers(db, new Date(now.getTime() + 1000))).toBe(1);
    const left = (await db.select({ id: people.id }).from(people).where(eq(people.authorityId, authority.id))).map((p) => p.id).sort();
    // "Not yet onboarded" (inactive, never deactivated by HR) is not a leaver.
    expect(left).toEqual([stays.id, notOnboarded.id].sort());
  });

  it("lets HR record a leaver, but not themselves or an admin, and a repeat keeps the first date", async () => {
    const db = database().db;
    const authority = await createAuthority(db, "Ausländerbehörde Wiederholstadt");
    const hr = await createPerson(db, { authorityId: authority.id, roles: ["employee", "hr"] });
    const admin = await createPerson(db, { authorityId: authority.id, roles: ["admin"] });
    const leaver = await createPerson(db, { authorityId: authority.id });
    expect(await markLeft(db, authority.id, hr.id, hr.id)).toBe(false);
    expect(await markLeft(db, authority.id, hr.id, admin.id)).toBe(false);
    expect(await markLeft(db, authority.id, hr.id, leaver.id)).toBe(true);
    const first = (await db.select({ at: people.deactivatedAt }).from(people).where(eq(people.id, leaver.id)))[0].at;
    await new Promise((r) => setTimeout(r, 20));
    expect(await markLeft(db, authority.id, hr.id, leaver.id)).toBe(true);
    expect((await db.select({ at: people.deactivatedAt }).from(people).where(eq(people.id, leaver.id)))[0].at).toEqual(first);
    const active = await db.select({ id: people.id }).from(people).where(eq(people.active, true));
    expect(active.map((p) => p.id)).toEqual(expect.arrayContaining([hr.id, admin.id]));
  });
});
