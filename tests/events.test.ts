// Workshops: capacity that holds under 50 parallel registrations, the waiting list moving up,
// refusals (deadline, cancelled event, attendance for someone not registered, times the
// summer-time change skips), attendance evidence and its audited correction, the calendar file.
import { and, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import type { Actor } from "~/auth/permissions";
import { levelsOf } from "~/competences/assignments.server";
import type { Queryable } from "~/db/client.server";
import { auditLog, eventRegistrations, evidence, notifications } from "~/db/schema";
import {
  calendarFile,
  cancelEvent,
  cancelRegistration,
  createEvent,
  EventFormError,
  moveEvent,
  recordAttendance,
  registerForEvent,
} from "~/events/events.server";
import { eventDetail } from "~/events/views.server";
import { signInSheet } from "~/events/sign-in-sheet.server";
import { PDFDocument } from "pdf-lib";
import { describeEachDb } from "./support/db";
import { createAuthority, createPerson, createUnit, eventInput } from "./support/fixtures";

const now = new Date("2027-03-01T09:00:00Z");

function viewerOf(person: { id: string; authorityId: string }, roles: Actor["roles"] = ["employee"], ledUnitIds: string[] = []): Actor {
  return { id: person.id, authorityId: person.authorityId, roles, ledUnitIds };
}

async function world(db: Queryable) {
  const authority = await createAuthority(db);
  const unit = await createUnit(db, authority.id, "Aufenthalt 1");
  const hr = viewerOf(await createPerson(db, { authorityId: authority.id, roles: ["hr"], withPassword: false }), ["hr"]);
  const anna = await createPerson(db, { authorityId: authority.id, unitId: unit.id, givenName: "Anna", withPassword: false });
  return { authority, unit, hr, anna };
}

async function refusal(work: Promise<unknown>) {
  const error = await work.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(EventFormError);
  return { field: (error as EventFormError).field, key: (error as EventFormError).messageKey };
}

describeEachDb("workshops", ({ database }) => {
  it("50 parallel registrations for 10 places seat exactly 10 and put 40 on the waiting list", async () => {
    const { db } = database();
    const { authority, hr } = await world(db);
    const eventId = await createEvent(db, hr, eventInput({ capacity: 10 }), now);
    const crowd = await Promise.all(Array.from({ length: 50 }, () => createPerson(db, { authorityId: authority.id, withPassword: false })));
    const outcomes = await Promise.all(crowd.map((p) => db.transaction((tx) => registerForEvent(tx, viewerOf(p), eventId, p.id, now))));
    expect(outcomes.filter((o) => o === "registered")).toHaveLength(10);
    expect(outcomes.filter((o) => o === "waitlisted")).toHaveLength(40);
    const rows = await db.select().from(eventRegistrations).where(and(eq(eventRegistrations.eventId, eventId), eq(eventRegistrations.status, "registered")));
    expect(rows).toHaveLength(10);
  });

  it("when a registered person cancels, the first on the waiting list moves up and is told", async () => {
    const { db } = database();
    const { authority, hr, anna } = await world(db);
    const eventId = await createEvent(db, hr, eventInput({ capacity: 1 }), now);
    const ben = await createPerson(db, { authorityId: authority.id, withPassword: false });
    const cem = await createPerson(db, { authorityId: authority.id, withPassword: false });
    expect(await registerForEvent(db, viewerOf(anna), eventId, anna.id, now)).toBe("registered");
    expect(await registerForEvent(db, viewerOf(ben), eventId, ben.id, new Date(now.getTime() + 1000))).toBe("waitlisted");
    expect(await registerForEvent(db, viewerOf(cem), eventId, cem.id, new Date(now.getTime() + 2000))).toBe("waitlisted");
    const { promoted } = await db.transaction((tx) => cancelRegistration(tx, viewerOf(anna), eventId, anna.id, now));
    expect(promoted).toBe(ben.id);
    const [benRow] = await db.select().from(eventRegistrations).where(and(eq(eventRegistrations.eventId, eventId), eq(eventRegistrations.personId, ben.id)));
    expect(benRow.status).toBe("registered");
    const told = await db.select().from(notifications).where(eq(notifications.personId, ben.id));
    expect(told.map((n) => n.kind)).toEqual(["event.promoted"]);
  });

  it("refuses registration after the deadline, for a cancelled event, and twice for the same person", async () => {
    const { db } = database();
    const { hr, anna } = await world(db);
    const eventId = await createEvent(db, hr, eventInput(), now);
    expect(await refusal(registerForEvent(db, viewerOf(anna), eventId, anna.id, new Date("2027-03-20T11:01:00Z")))).toEqual({ field: "event", key: "events.errors.deadlinePassed" });
    await registerForEvent(db, viewerOf(anna), eventId, anna.id, now);
    expect(await refusal(registerForEvent(db, viewerOf(anna), eventId, anna.id, now))).toEqual({ field: "event", key: "events.errors.alreadyRegistered" });
    expect(await cancelEvent(db, hr, eventId, now)).toBe(1);
    const told = await db.select().from(notifications).where(eq(notifications.personId, anna.id));
    expect(told.map((n) => n.kind)).toEqual(["event.cancelled"]);
    const other = await createEvent(db, hr, eventInput(), now);
    await cancelEvent(db, hr, other, now);
    expect(await refusal(registerForEvent(db, viewerOf(anna), other, anna.id, now))).toEqual({ field: "event", key: "events.errors.cancelled" });
  });

  it("refuses session times the summer-time change skips or repeats, and links other than http(s), with the field", async () => {
    const { db } = database();
    const { hr } = await world(db);
    expect(await refusal(createEvent(db, hr, eventInput({ sessions: [{ date: "2027-03-28", start: "02:30", end: "05:00" }] }), now))).toEqual({ field: "sessions.0.start", key: "events.errors.skipped" });
    expect(await refusal(createEvent(db, hr, eventInput({ sessions: [{ date: "2027-10-31", start: "01:00", end: "02:30" }] }), now))).toEqual({ field: "sessions.0.end", key: "events.errors.ambiguous" });
    expect(await refusal(createEvent(db, hr, eventInput({ sessions: [{ date: "2027-02-30", start: "09:00", end: "10:00" }] }), now))).toEqual({ field: "sessions.0.date", key: "events.errors.date" });
    expect(await refusal(createEvent(db, hr, eventInput({ onlineUrl: "javascript:alert(1)" }), now))).toEqual({ field: "onlineUrl", key: "events.errors.url" });
    expect(await refusal(createEvent(db, hr, eventInput({ competences: [{ competenceId: "c.de-escalation", level: 4 }] }), now))).toEqual({ field: "competences", key: "events.errors.level" });
  });

  it("an employee cannot create events; a lead only for a unit they lead", async () => {
    const { db } = database();
    const { unit, anna } = await world(db);
    await expect(createEvent(db, viewerOf(anna), eventInput(), now)).rejects.toMatchObject({ status: 403 });
    const lead = viewerOf(anna, ["employee", "lead"], [unit.id]);
    await expect(createEvent(db, lead, eventInput(), now)).rejects.toMatchObject({ status: 403 });
    expect(await createEvent(db, lead, eventInput({ unitId: unit.id }), now)).toMatch(/[0-9a-f-]{36}/);
  });

  it("full attendance writes attendance evidence at the event's level (3); a correction revokes it, audited", async () => {
    const { db } = database();
    const { authority, hr, anna } = await world(db);
    const eventId = await createEvent(db, hr, eventInput(), now);
    await registerForEvent(db, viewerOf(anna), eventId, anna.id, now);
    const after = new Date("2027-03-26T09:00:00Z");
    const stranger = await createPerson(db, { authorityId: authority.id, withPassword: false });
    expect(await refusal(recordAttendance(db, hr, eventId, [{ personId: stranger.id, attendance: "full" }], after))).toEqual({ field: "attendance", key: "events.errors.notRegisteredPerson" });
    await expect(recordAttendance(db, viewerOf(anna), eventId, [{ personId: anna.id, attendance: "full" }], after)).rejects.toMatchObject({ status: 403 });

    expect(await db.transaction((tx) => recordAttendance(tx, hr, eventId, [{ personId: anna.id, attendance: "full" }], after))).toEqual({ evidence: 1 });
    const [written] = await db.select().from(evidence).where(eq(evidence.personId, anna.id));
    expect(written).toMatchObject({ source: "attendance", competenceId: "c.de-escalation", level: 3, validUntil: new Date("2029-03-25T15:00:00Z") });
    expect((await levelsOf(db, authority.id, [anna.id], after)).get(anna.id)?.["c.de-escalation"]).toBe(3);

    await db.transaction((tx) => recordAttendance(tx, hr, eventId, [{ personId: anna.id, attendance: "partial" }], after));
    expect((await levelsOf(db, authority.id, [anna.id], after)).get(anna.id)?.["c.de-escalation"] ?? 0).toBe(0);
    const actions = (await db.select().from(auditLog).where(eq(auditLog.subjectPersonId, anna.id))).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["evidence.attendance", "event.attendance", "evidence.revoke", "event.attendance.correct"]));
  });

  it("the calendar file keeps its UID, raises SEQUENCE when the event moves and says CANCEL when it is cancelled", async () => {
    const { db } = database();
    const { hr, anna } = await world(db);
    const eventId = await createEvent(db, hr, eventInput(), now);
    await registerForEvent(db, viewerOf(anna), eventId, anna.id, now);
    const first = calendarFile({ id: eventId, title: "T", description: "", place: "Raum", onlineUrl: null, status: "scheduled", sequence: 0, sessions: [{ startsAt: new Date("2027-03-25T08:00:00Z"), endsAt: new Date("2027-03-25T15:00:00Z") }] }, false, "horizont.test", now);
    expect(first).toContain(`UID:${eventId}-1@horizont.test`);
    expect(first).toContain("SEQUENCE:0");
    expect(first).toContain("METHOD:REQUEST");
    expect(await moveEvent(db, hr, eventId, [{ date: "2027-03-26", start: "09:00", end: "16:00" }], now)).toBe(1);
    const told = await db.select().from(notifications).where(eq(notifications.personId, anna.id));
    expect(told.map((n) => n.kind)).toEqual(["event.moved"]);
    const cancelled = calendarFile({ id: eventId, title: "T", description: "", place: "Raum", onlineUrl: null, status: "cancelled", sequence: 2, sessions: [{ startsAt: new Date("2027-03-26T08:00:00Z"), endsAt: new Date("2027-03-26T15:00:00Z") }] }, true, "horizont.test", now);
    expect(cancelled).toContain(`UID:${eventId}-1@horizont.test`);
    expect(cancelled).toContain("SEQUENCE:2");
    expect(cancelled).toContain("METHOD:CANCEL");
    expect(cancelled).toContain("STATUS:CANCELLED");
  });

  it("prints the sign-in sheet for the registered people, names outside Helvetica's letters included", async () => {
    const { db } = database();
    const { authority, hr } = await world(db);
    const eventId = await createEvent(db, hr, eventInput({ sessions: [{ date: "2027-03-25", start: "09:00", end: "12:00" }, { date: "2027-03-26", start: "09:00", end: "12:00" }] }), now);
    for (const [givenName, familyName] of [["Lea", "Yılmaz"], ["Dragan", "Jovanović"]]) {
      const p = await createPerson(db, { authorityId: authority.id, givenName, familyName, withPassword: false });
      await registerForEvent(db, viewerOf(p), eventId, p.id, now);
    }
    const detail = await eventDetail(db, hr, eventId, now);
    expect(detail.participants.map((p) => p.name).sort()).toEqual(["Dragan Jovanović", "Lea Yılmaz"]);
    const pdf = await PDFDocument.load(await signInSheet(detail, "Ausländerbehörde Teststadt"));
    expect(pdf.getPageCount()).toBe(1);
    expect(pdf.getTitle()).toBe("Teilnehmerliste – Deeskalation am Schalter");
  });
});
