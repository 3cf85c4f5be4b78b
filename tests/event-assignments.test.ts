// A lead assigns a workshop like a module (issue 12): the members are registered through the
// event's own registration (capacity and waiting list hold), the assignment is due on the first
// date, named with the workshop in "Mein Lernen" and the mail, done once attendance is confirmed
// in full; a moved event moves the due date, a cancelled one drops the open assignment. Refusals
// write nothing.
import { and, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import type { Actor } from "~/auth/permissions";
import { openAssignmentsOf } from "~/competences/assignments.server";
import { assignWorkshop } from "~/learning/assigning.server";
import { CompetenceFormError } from "~/competences/form-error";
import { myLearning } from "~/learning/my-learning.server";
import type { Queryable } from "~/db/client.server";
import { assignments, eventRegistrations, outbox, people } from "~/db/schema";
import { cancelEvent, createEvent, moveEvent, recordAttendance } from "~/events/events.server";
import { personalDataOf } from "~/people/personal-data.server";
import { queueAssignmentReminders } from "~/learning/assignment-mails.server";
import { describeEachDb } from "./support/db";
import { createAuthority, createPerson, createRoleDescription, createUnit, eventInput } from "./support/fixtures";

const now = new Date("2027-03-01T09:00:00Z");

async function world(db: Queryable) {
  const authority = await createAuthority(db);
  const unit = await createUnit(db, authority.id, "Aufenthalt 1");
  const other = await createUnit(db, authority.id, "Einbürgerung");
  const hrPerson = await createPerson(db, { authorityId: authority.id, roles: ["hr"], withPassword: false });
  const hr: Actor = { id: hrPerson.id, authorityId: authority.id, roles: ["hr"], ledUnitIds: [] };
  const leadPerson = await createPerson(db, { authorityId: authority.id, unitId: unit.id, roles: ["employee", "lead"], withPassword: false });
  const lead: Actor = { id: leadPerson.id, authorityId: authority.id, roles: ["employee", "lead"], ledUnitIds: [unit.id] };
  const anna = await createPerson(db, { authorityId: authority.id, unitId: unit.id, givenName: "Anna", withPassword: false });
  const ben = await createPerson(db, { authorityId: authority.id, unitId: unit.id, givenName: "Ben", withPassword: false });
  const stranger = await createPerson(db, { authorityId: authority.id, unitId: other.id, givenName: "Cem", withPassword: false });
  return { authority, unit, hr, lead, anna, ben, stranger };
}

async function formError(work: Promise<unknown>) {
  const error = await work.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(CompetenceFormError);
  return { field: (error as CompetenceFormError).field, key: (error as CompetenceFormError).messageKey };
}

describeEachDb("workshop assignments", ({ database }) => {
  it("registers the members (seat, then waiting list), is due on the first date, and a second submit adds nothing", async () => {
    const { db } = database();
    const w = await world(db);
    const eventId = await createEvent(db, w.hr, eventInput({ capacity: 1 }), now);
    const result = await db.transaction((tx) => assignWorkshop(tx, w.lead, { personIds: [w.anna.id, w.ben.id], target: `event:${eventId}` }, now));
    expect(result).toEqual({ created: 2, waitlisted: 1 });
    const regs = await db.select().from(eventRegistrations).where(eq(eventRegistrations.eventId, eventId));
    expect(regs.map((r) => r.status).sort()).toEqual(["registered", "waitlisted"]);
    const rows = await db.select().from(assignments).where(eq(assignments.eventId, eventId));
    expect(rows.map((r) => [r.courseId, r.moduleId, r.dueOn])).toEqual([
      [null, null, "2027-03-25"],
      [null, null, "2027-03-25"],
    ]);
    // Again (a double submit, or the lead assigning once more): nothing new, no second registration.
    expect(await db.transaction((tx) => assignWorkshop(tx, w.lead, { personIds: [w.anna.id, w.ben.id], target: `event:${eventId}` }, now))).toEqual({ created: 0, waitlisted: 0 });
    expect(await db.select().from(eventRegistrations).where(eq(eventRegistrations.eventId, eventId))).toHaveLength(2);
    // The mail names the workshop with its date and links to its page.
    const mails = await db.select().from(outbox).where(and(eq(outbox.personId, w.anna.id), eq(outbox.kind, "assignment.created")));
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe("Neue Veranstaltung für Sie: Deeskalation am Schalter am 25. März 2027");
    expect(mails[0].textBody).toContain(`/events/${eventId}`);
    // "Mein Lernen" names it with its date.
    const open = await openAssignmentsOf(db, w.authority.id, w.anna.id, now);
    expect(open).toMatchObject([{ eventId, eventTitle: "Deeskalation am Schalter", courseId: null, dueOn: "2027-03-25", overdue: false }]);
    const learning = await myLearning(db, { id: w.anna.id, authorityId: w.authority.id }, now);
    expect(learning.assigned.map((a) => [a.title, a.eventId])).toEqual([["Deeskalation am Schalter", eventId]]);
    // The reminder a week ahead names the workshop too.
    await queueAssignmentReminders(db, "2027-03-20");
    const [reminder] = await db.select().from(outbox).where(and(eq(outbox.personId, w.anna.id), eq(outbox.kind, "assignment.due-soon")));
    expect(reminder.subject).toContain("Deeskalation am Schalter");
    // Art. 15: the person's export carries the assignment with its workshop.
    const data = await personalDataOf(db, w.anna.id, now);
    const section = data!.sections.find((s) => s.table === "assignments" && s.column === "person_id");
    expect(section?.rows.map((r) => r.event_id)).toEqual([eventId]);
  });

  it("is done once attendance is confirmed in full, and open again when that is corrected", async () => {
    const { db } = database();
    const w = await world(db);
    const eventId = await createEvent(db, w.hr, eventInput(), now);
    await db.transaction((tx) => assignWorkshop(tx, w.lead, { personIds: [w.anna.id], target: `event:${eventId}` }, now));
    const after = new Date("2027-03-25T16:00:00Z");
    await db.transaction((tx) => recordAttendance(tx, w.hr, eventId, [{ personId: w.anna.id, attendance: "partial" }], after));
    expect(await openAssignmentsOf(db, w.authority.id, w.anna.id, after)).toHaveLength(1);
    await db.transaction((tx) => recordAttendance(tx, w.hr, eventId, [{ personId: w.anna.id, attendance: "full" }], after));
    expect(await openAssignmentsOf(db, w.authority.id, w.anna.id, after)).toHaveLength(0);
    const [done] = await db.select().from(assignments).where(eq(assignments.personId, w.anna.id));
    expect(done.fulfilledAt?.toISOString()).toBe(after.toISOString());
    await db.transaction((tx) => recordAttendance(tx, w.hr, eventId, [{ personId: w.anna.id, attendance: "absent" }], after));
    expect(await openAssignmentsOf(db, w.authority.id, w.anna.id, after)).toHaveLength(1);
  });

  it("a moved workshop moves the due date; a cancelled one drops the open assignment", async () => {
    const { db } = database();
    const w = await world(db);
    const eventId = await createEvent(db, w.hr, eventInput(), now);
    await db.transaction((tx) => assignWorkshop(tx, w.lead, { personIds: [w.anna.id], target: `event:${eventId}` }, now));
    await db.transaction((tx) => moveEvent(tx, w.hr, eventId, [{ date: "2027-04-08", start: "09:00", end: "12:00" }], now));
    expect((await openAssignmentsOf(db, w.authority.id, w.anna.id, now)).map((a) => a.dueOn)).toEqual(["2027-04-08"]);
    await db.transaction((tx) => cancelEvent(tx, w.hr, eventId, now));
    expect(await openAssignmentsOf(db, w.authority.id, w.anna.id, now)).toHaveLength(0);
  });

  it("refuses another authority's, a cancelled, a past or a closed workshop, and a member of another unit, writing nothing", async () => {
    const { db } = database();
    const w = await world(db);
    const elsewhere = await world(db);
    const foreign = await createEvent(db, elsewhere.hr, eventInput(), now);
    const cancelled = await createEvent(db, w.hr, eventInput(), now);
    await cancelEvent(db, w.hr, cancelled, now);
    const ok = await createEvent(db, w.hr, eventInput(), now);
    const assign = (target: string, personIds = [w.anna.id], at = now) => db.transaction((tx) => assignWorkshop(tx, w.lead, { personIds, target }, at));
    expect(await formError(assign(`event:${foreign}`))).toEqual({ field: "target", key: "validation.invalidChoice" });
    expect(await formError(assign("event:not-a-uuid"))).toEqual({ field: "target", key: "validation.invalidChoice" });
    expect(await formError(assign(`event:${cancelled}`))).toEqual({ field: "target", key: "events.errors.cancelled" });
    expect(await formError(assign(`event:${ok}`, [w.anna.id], new Date("2027-03-20T12:30:00Z")))).toEqual({ field: "target", key: "events.errors.deadlinePassed" });
    expect(await formError(assign(`event:${ok}`, [w.anna.id], new Date("2027-03-25T10:00:00Z")))).toEqual({ field: "target", key: "competences.errors.eventPast" });
    await expect(assign(`event:${ok}`, [w.anna.id, w.stranger.id])).rejects.toMatchObject({ status: 403 });
    expect(await db.select().from(assignments).where(eq(assignments.authorityId, w.authority.id))).toEqual([]);
    expect(await db.select().from(eventRegistrations).where(eq(eventRegistrations.authorityId, w.authority.id))).toEqual([]);
  });

  it("Mein Lernen names a scheduled workshop that certifies a gap, until it is assigned", async () => {
    const { db } = database();
    const w = await world(db);
    const role = await createRoleDescription(db, w.authority.id, { "c.de-escalation": 3 });
    await db.update(people).set({ roleDescriptionId: role.id }).where(eq(people.id, w.anna.id));
    const before = await myLearning(db, { id: w.anna.id, authorityId: w.authority.id }, now);
    expect(before.workshops).toEqual([]);
    const eventId = await createEvent(db, w.hr, eventInput(), now);
    const learning = await myLearning(db, { id: w.anna.id, authorityId: w.authority.id }, now);
    expect(learning.workshops).toEqual([{ eventId, title: "Deeskalation am Schalter", startsAt: "2027-03-25T08:00:00.000Z", competenceIds: ["c.de-escalation"] }]);
    await db.transaction((tx) => assignWorkshop(tx, w.lead, { personIds: [w.anna.id], target: `event:${eventId}` }, now));
    expect((await myLearning(db, { id: w.anna.id, authorityId: w.authority.id }, now)).workshops).toEqual([]);
  });

  it("the database holds exactly one target per assignment", async () => {
    const { db } = database();
    const w = await world(db);
    const eventId = await createEvent(db, w.hr, eventInput(), now);
    const base = { authorityId: w.authority.id, personId: w.anna.id, dueOn: "2027-03-25" };
    await expect(db.transaction((tx) => tx.insert(assignments).values({ ...base, courseId: "interkulturelle-grundlagen", eventId }))).rejects.toThrow();
    await expect(db.transaction((tx) => tx.insert(assignments).values({ ...base, courseId: null, eventId: null }))).rejects.toThrow();
  });
});
