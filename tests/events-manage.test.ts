// Managing workshops: the create form's schema and the domain behind it (times across the
// summer-time change, bad input per field, who may create), moving and cancelling with in-app
// notices and mails carrying the updated calendar file, the lead's approval of registrations,
// and anonymous feedback shown only as aggregates from the minimum group size on.
import { and, eq, inArray, sql } from "drizzle-orm";
import { parseWithZod } from "@conform-to/zod/v4";
import { expect, it } from "vitest";
import type { Actor } from "~/auth/permissions";
import type { Queryable } from "~/db/client.server";
import { auditLog, eventFeedback, eventRegistrations, eventSessions, evidence, notifications, outbox } from "~/db/schema";
import { eventSchema, formFieldName, moveSchema, parseEuros } from "~/events/event-schema";
import { cancelEvent, cancelRegistration, createEvent, decideRegistration, EventFormError, moveEvent, recordAttendance, registerForEvent, type Attendance, type EventInput } from "~/events/events.server";
import { feedbackState, feedbackSummary, giveFeedback } from "~/events/feedback.server";
import { eventDetail } from "~/events/views.server";
import { exportTable } from "~/reports/export.server";
import { workshopHours } from "~/reports/workshop-hours.server";
import { translator } from "~/i18n/i18n";
import { getSettings, saveSettings } from "~/org/settings.server";
import { getLucia } from "~/auth/lucia.server";
import { action as eventAction, loader as eventLoader } from "~/routes/events.$eventId";
import { describeEachDb } from "./support/db";
import { createAuthority, createPerson, createUnit } from "./support/fixtures";

const now = new Date("2027-03-01T09:00:00Z");
const sid = "7d3f1c2e-4b5a-4c6d-8e9f-0a1b2c3d4e5f";

function viewerOf(person: { id: string; authorityId: string }, roles: Actor["roles"] = ["employee"], ledUnitIds: string[] = []): Actor {
  return { id: person.id, authorityId: person.authorityId, roles, ledUnitIds };
}

/** What the create form posts (conform's names), as the browser sends it. */
function posted(overrides: Record<string, string | string[]> = {}) {
  const form = new FormData();
  const fields: Record<string, string | string[]> = {
    submissionId: sid,
    title: "Deeskalation am Schalter",
    description: "Ein Tag mit der Polizei",
    trainerPersonId: "",
    trainerName: "Petra Kühn",
    trainerOrganisation: "Polizeipräsidium",
    place: "Raum 101",
    onlineUrl: "",
    capacity: "10",
    deadlineDate: "2027-03-20",
    deadlineTime: "12:00",
    cost: "1.200,50",
    validMonths: "24",
    unitId: "",
    "sessions[0].date": "2027-03-27",
    "sessions[0].start": "09:00",
    "sessions[0].end": "16:00",
    "sessions[1].date": "2027-03-28",
    "sessions[1].start": "09:00",
    "sessions[1].end": "12:30",
    "sessions[2].date": "",
    "sessions[2].start": "",
    "sessions[2].end": "",
    "competences[0].competenceId": "c.de-escalation",
    "competences[0].level": "3",
    "competences[1].competenceId": "",
    "competences[1].level": "2",
    ...overrides,
  };
  for (const [k, v] of Object.entries(fields)) for (const value of Array.isArray(v) ? v : [v]) form.append(k, value);
  return form;
}

/** The form as the route parses it (conform turns "a[0].b" names into nested values). */
async function parseCreate(form: FormData) {
  return { s: parseWithZod(form, { schema: eventSchema }) };
}

async function refusal(work: Promise<unknown>) {
  const error = await work.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(EventFormError);
  return { field: formFieldName((error as EventFormError).field), key: (error as EventFormError).messageKey };
}

async function world(db: Queryable) {
  const authority = await createAuthority(db);
  const unit = await createUnit(db, authority.id, "Aufenthalt 1");
  const other = await createUnit(db, authority.id, "Einbürgerung");
  const hr = viewerOf(await createPerson(db, { authorityId: authority.id, roles: ["hr"], withPassword: false }), ["hr"]);
  const leadPerson = await createPerson(db, { authorityId: authority.id, unitId: unit.id, roles: ["employee", "lead"], leads: [unit.id], withPassword: false });
  const lead = viewerOf(leadPerson, ["employee", "lead"], [unit.id]);
  const otherLeadPerson = await createPerson(db, { authorityId: authority.id, unitId: other.id, roles: ["employee", "lead"], leads: [other.id], withPassword: false });
  const otherLead = viewerOf(otherLeadPerson, ["employee", "lead"], [other.id]);
  const anna = await createPerson(db, { authorityId: authority.id, unitId: unit.id, givenName: "Anna", withPassword: false });
  return { authority, unit, other, hr, lead, otherLead, anna };
}

async function inputFrom(overrides: Record<string, string | string[]> = {}): Promise<EventInput> {
  const { s } = await parseCreate(posted(overrides));
  if (s.status !== "success") throw new Error(JSON.stringify(s.error));
  const { submissionId: _, ...input } = s.value;
  return input;
}

describeEachDb("managing workshops", ({ database }) => {
  it("the create form reads German amounts, skips spare rows and names the field of each bad input", async () => {
    expect(parseEuros("1.200,50 €")).toBe(120050);
    expect(parseEuros("80")).toBe(8000);
    expect(parseEuros("12,3,4")).toBeNull();
    const input = await inputFrom();
    expect(input.costCents).toBe(120050);
    expect(input.sessions).toHaveLength(2);
    expect(input.competences).toEqual([{ competenceId: "c.de-escalation", level: 3 }]);
    const bad = await parseCreate(posted({ capacity: "0", cost: "viel", "sessions[1].end": "", "competences[0].level": "4", title: " " }));
    expect(bad.s.status).toBe("error");
    const errors = (bad.s.status === "error" ? bad.s.error : null) ?? {};
    expect(errors.capacity).toEqual(["events.errors.capacity"]);
    expect(errors.cost).toEqual(["events.errors.cost"]);
    expect(errors["sessions[1].end"]).toEqual(["events.errors.time"]);
    expect(errors["competences[0].level"]).toEqual(["events.errors.level"]);
    expect(errors.title).toEqual(["validation.required"]);
    const none = await parseCreate(posted({ "sessions[0].date": "", "sessions[0].start": "", "sessions[0].end": "", "sessions[1].date": "", "sessions[1].start": "", "sessions[1].end": "" }));
    expect(none.s.status === "error" ? none.s.error?.["sessions[0].date"] : null).toEqual(["events.errors.noSession"]);
    const moved = parseWithZod(posted({ "sessions[0].date": "27.03.2027" }), { schema: moveSchema });
    expect(moved.status).toBe("success");
  });

  it("stores times across the summer-time change as the Berlin wall clock names them, and refuses the skipped hour on its field", async () => {
    const { db } = database();
    const { hr } = await world(db);
    const eventId = await db.transaction(async (tx) => createEvent(tx, hr, await inputFrom(), now));
    const sessions = await db.select().from(eventSessions).where(eq(eventSessions.eventId, eventId)).orderBy(eventSessions.startsAt);
    // 27 March 2027 is still winter time (UTC+1); 28 March is summer time (UTC+2).
    expect(sessions.map((s) => s.startsAt.toISOString())).toEqual(["2027-03-27T08:00:00.000Z", "2027-03-28T07:00:00.000Z"]);
    expect(sessions[1].endsAt.toISOString()).toBe("2027-03-28T10:30:00.000Z");
    expect(await refusal(createEvent(db, hr, await inputFrom({ "sessions[1].start": "02:30" }), now))).toEqual({ field: "sessions[1].start", key: "events.errors.skipped" });
    expect(await refusal(createEvent(db, hr, await inputFrom({ "sessions[0].date": "2027-02-30" }), now))).toEqual({ field: "sessions[0].date", key: "events.errors.date" });
    expect(await refusal(createEvent(db, hr, await inputFrom({ deadlineDate: "2027-03-29" }), now))).toEqual({ field: "deadlineDate", key: "events.errors.deadlineAfterStart" });
    expect(await refusal(createEvent(db, hr, await inputFrom({ trainerName: "" }), now))).toEqual({ field: "trainerName", key: "events.errors.trainer" });
    expect(await refusal(createEvent(db, hr, await inputFrom({ place: "", onlineUrl: "javascript:alert(1)" }), now))).toEqual({ field: "onlineUrl", key: "events.errors.url" });
  });

  it("only HR, or a lead for a unit they lead, creates an event; foreign units and roles are refused", async () => {
    const { db } = database();
    const { hr, lead, unit, other, anna } = await world(db);
    const stranger = await createAuthority(db, "Andere Behörde");
    const strangerUnit = await createUnit(db, stranger.id, "Fremd");
    const employee = viewerOf(anna);
    await expect(createEvent(db, employee, await inputFrom(), now)).rejects.toMatchObject({ status: 403 });
    await expect(createEvent(db, lead, await inputFrom(), now)).rejects.toMatchObject({ status: 403 }); // whole authority: HR only
    await expect(createEvent(db, lead, await inputFrom({ unitId: other.id }), now)).rejects.toMatchObject({ status: 403 });
    const own = await createEvent(db, lead, await inputFrom({ unitId: unit.id }), now);
    expect(own).toMatch(/^[0-9a-f-]{36}$/);
    expect(await refusal(createEvent(db, hr, await inputFrom({ audienceUnitIds: [strangerUnit.id] }), now))).toEqual({ field: "audienceUnitIds", key: "validation.invalidChoice" });
    expect(await refusal(createEvent(db, hr, await inputFrom({ unitId: strangerUnit.id }), now))).toEqual({ field: "unitId", key: "validation.invalidChoice" });
    expect(await refusal(createEvent(db, hr, await inputFrom({ trainerPersonId: crypto.randomUUID() }), now))).toEqual({
      field: "trainerPersonId",
      key: "validation.invalidChoice",
    });
  });

  it("moving tells everyone registered in the app and by mail with the calendar file under the same UID and a higher SEQUENCE; cancelling sends METHOD:CANCEL", async () => {
    const { db } = database();
    const { hr, anna, lead, otherLead } = await world(db);
    const eventId = await createEvent(db, hr, await inputFrom(), now);
    await db.transaction((tx) => registerForEvent(tx, viewerOf(anna), eventId, anna.id, now));
    await expect(moveEvent(db, otherLead, eventId, [{ date: "2027-04-01", start: "09:00", end: "12:00" }], now)).rejects.toMatchObject({ status: 403 });
    await expect(moveEvent(db, lead, eventId, [{ date: "2027-04-01", start: "09:00", end: "12:00" }], now)).rejects.toMatchObject({ status: 403 });
    expect(await refusal(moveEvent(db, hr, eventId, [{ date: "2027-02-01", start: "09:00", end: "12:00" }], now))).toEqual({ field: "sessions[0].date", key: "events.errors.inPast" });
    expect(await refusal(moveEvent(db, hr, eventId, [{ date: "2027-03-15", start: "09:00", end: "12:00" }], now))).toEqual({ field: "sessions[0].date", key: "events.errors.beforeDeadline" });
    expect(await refusal(moveEvent(db, hr, eventId, [{ date: "2027-10-31", start: "02:30", end: "04:00" }], now))).toEqual({ field: "sessions[0].start", key: "events.errors.ambiguous" });
    expect(await db.transaction((tx) => moveEvent(tx, hr, eventId, [{ date: "2027-04-01", start: "09:00", end: "12:00" }], now))).toBe(1);
    const told = await db.select().from(notifications).where(and(eq(notifications.personId, anna.id), eq(notifications.kind, "event.moved")));
    expect(told).toHaveLength(1);
    const [moved] = await db.select().from(outbox).where(and(eq(outbox.personId, anna.id), eq(outbox.kind, "event.moved")));
    expect(moved.subject).toBe("Neuer Termin: Deeskalation am Schalter");
    expect(moved.textBody).toContain("1. April 2027, 09:00–12:00 Uhr");
    const ics = moved.attachments[0].content;
    expect(ics).toContain(`UID:${eventId}-1@`);
    expect(ics).toContain("SEQUENCE:1");
    expect(ics).toContain("DTSTART:20270401T070000Z");
    await db.transaction((tx) => cancelEvent(tx, hr, eventId, now));
    const [cancelled] = await db.select().from(outbox).where(and(eq(outbox.personId, anna.id), eq(outbox.kind, "event.cancelled")));
    expect(cancelled.attachments[0].content).toContain("METHOD:CANCEL");
    expect(cancelled.attachments[0].content).toContain("SEQUENCE:2");
    // The same change again adds no second mail.
    expect(await cancelEvent(db, hr, eventId, now)).toBe(0);
    expect(await db.select().from(outbox).where(eq(outbox.personId, anna.id))).toHaveLength(2);
  });

  it("where the authority wants it, a registration waits for the person's own lead, holds no seat, and is approved or refused by that lead only", async () => {
    const { db } = database();
    const { authority, hr, lead, otherLead, anna, unit } = await world(db);
    await saveSettings(db, authority.id, { ...(await getSettings(db, authority.id)), leadApprovesRegistrations: true });
    const ben = await createPerson(db, { authorityId: authority.id, unitId: unit.id, givenName: "Ben", withPassword: false });
    const cara = await createPerson(db, { authorityId: authority.id, unitId: unit.id, givenName: "Cara", withPassword: false });
    const eventId = await createEvent(db, hr, await inputFrom({ capacity: "1" }), now);
    expect(await db.transaction((tx) => registerForEvent(tx, viewerOf(anna), eventId, anna.id, now))).toBe("pending");
    expect(await db.transaction((tx) => registerForEvent(tx, viewerOf(ben), eventId, ben.id, now))).toBe("pending");
    // The lead is told of each request; the other team's lead is not.
    expect((await db.select().from(notifications).where(eq(notifications.personId, lead.id))).map((n) => n.kind)).toEqual(["event.pending", "event.pending"]);
    expect(await db.select().from(notifications).where(eq(notifications.personId, otherLead.id))).toEqual([]);
    // The lead registering a member has approved already; the pending ones hold no seat.
    expect(await db.transaction((tx) => registerForEvent(tx, lead, eventId, cara.id, now))).toBe("registered");
    await expect(decideRegistration(db, otherLead, eventId, anna.id, "approve", now)).rejects.toMatchObject({ status: 403 });
    await expect(decideRegistration(db, hr, eventId, anna.id, "approve", now)).rejects.toMatchObject({ status: 403 });
    await expect(decideRegistration(db, viewerOf(anna), eventId, anna.id, "approve", now)).rejects.toMatchObject({ status: 403 });
    expect(await db.transaction((tx) => decideRegistration(tx, lead, eventId, anna.id, "approve", now))).toBe("waitlisted");
    expect(await refusal(decideRegistration(db, lead, eventId, anna.id, "approve", now))).toEqual({ field: "event", key: "events.errors.notPending" });
    expect(await db.transaction((tx) => decideRegistration(tx, lead, eventId, ben.id, "refuse", now))).toBe("refused");
    const rows = await db.select().from(eventRegistrations).where(eq(eventRegistrations.eventId, eventId));
    expect(Object.fromEntries(rows.map((r) => [r.personId, r.status]))).toEqual({ [anna.id]: "waitlisted", [ben.id]: "cancelled", [cara.id]: "registered" });
    const kinds = (await db.select().from(notifications).where(eq(notifications.personId, ben.id))).map((n) => n.kind);
    expect(kinds).toEqual(["event.refused"]);
    expect((await db.select().from(outbox).where(eq(outbox.personId, anna.id))).map((m) => m.kind)).toEqual(["event.approved"]);
    // The lead's own registration (nobody else leads their unit) needs no approval.
    expect(await db.transaction((tx) => registerForEvent(tx, lead, eventId, lead.id, now))).toBe("waitlisted");
    // A pending registration can be withdrawn by the person.
    const dana = await createPerson(db, { authorityId: authority.id, unitId: unit.id, withPassword: false });
    await registerForEvent(db, viewerOf(dana), eventId, dana.id, now);
    await db.transaction((tx) => cancelRegistration(tx, viewerOf(dana), eventId, dana.id, now));
    expect((await db.select().from(eventRegistrations).where(eq(eventRegistrations.personId, dana.id)))[0].status).toBe("cancelled");
  });

  it("a lead decides the pending registrations in one form, a choice per person: approved take a seat, declined are cancelled, one left open keeps waiting; sent twice it applies once; no choice or a forged one is refused", async () => {
    const { db } = database();
    const { authority, hr, lead, unit } = await world(db);
    await saveSettings(db, authority.id, { ...(await getSettings(db, authority.id)), leadApprovesRegistrations: true });
    const [ben, cara, dora] = await Promise.all(["Ben", "Cara", "Dora"].map((givenName) => createPerson(db, { authorityId: authority.id, unitId: unit.id, givenName, withPassword: false })));
    const eventId = await createEvent(db, hr, await inputFrom({ capacity: "5" }), now);
    for (const p of [ben, cara, dora]) expect(await db.transaction((tx) => registerForEvent(tx, viewerOf(p), eventId, p.id, now))).toBe("pending");
    const cookieOf = async (personId: string) => getLucia().createSessionCookie((await getLucia().createSession(personId, {})).id).serialize();
    const leadCookie = await cookieOf(lead.id);
    const url = `http://localhost/events/${eventId}`;
    const args = (request: Request) => ({ request, params: { eventId }, context: { cspNonce: "", requestId: "test", clientAddress: "127.0.0.1" } });
    const submit = async (cookie: string, fields: [string, string][]) =>
      (await eventAction(args(new Request(url, { method: "POST", headers: { Cookie: cookie, Origin: "http://localhost", "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields) }))).catch((e: unknown) => e)) as Response;
    const statuses = async () => Object.fromEntries((await db.select().from(eventRegistrations).where(eq(eventRegistrations.eventId, eventId))).map((r) => [r.personId, r.status]));
    const decisionsAudited = async () => (await db.select().from(auditLog).where(and(eq(auditLog.authorityId, authority.id), sql`${auditLog.action} like 'event.registration.%'`))).length;

    // The page offers the lead one radio group per pending member.
    const page = await eventLoader(args(new Request(url, { headers: { Cookie: leadCookie } })));
    expect(page.event.approvals.map((a) => a.name).sort()).toEqual([ben, cara, dora].map((p) => `${p.givenName} ${p.familyName}`).sort());

    const submissionId = crypto.randomUUID();
    const form: [string, string][] = [["intent", "decide"], ["submissionId", submissionId], [`decision:${ben.id}`, "approve"], [`decision:${cara.id}`, "refuse"]];
    const first = await submit(leadCookie, form);
    expect(first.status).toBe(302);
    expect(first.headers.get("Location")).toBe(`/events/${eventId}?notice=decided`);
    expect(await statuses()).toEqual({ [ben.id]: "registered", [cara.id]: "cancelled", [dora.id]: "pending" });
    // The same form again (a double submit) changes nothing and leads to the same page.
    expect((await submit(leadCookie, form)).headers.get("Location")).toBe(`/events/${eventId}?notice=decided`);
    expect(await decisionsAudited()).toBe(2);

    // No choice at all, a value that is no choice, a name without a person id: 400, nothing changes.
    const refused = async (fields: [string, string][]) => {
      const answer = (await submit(leadCookie, [["intent", "decide"], ["submissionId", crypto.randomUUID()], ...fields])) as unknown as { init: { status: number }; data: { error: string } };
      return { status: answer.init.status, error: answer.data.error };
    };
    expect(await refused([])).toEqual({ status: 400, error: "events.errors.noDecision" });
    expect(await refused([[`decision:${dora.id}`, "maybe"]])).toEqual({ status: 400, error: "validation.invalidChoice" });
    expect(await refused([["decision:not-a-person", "approve"]])).toEqual({ status: 400, error: "validation.invalidChoice" });
    // HR does not decide for the lead.
    expect((await submit(await cookieOf(hr.id), [["intent", "decide"], ["submissionId", crypto.randomUUID()], [`decision:${dora.id}`, "approve"]])).status).toBe(403);
    expect(await statuses()).toEqual({ [ben.id]: "registered", [cara.id]: "cancelled", [dora.id]: "pending" });
    expect(await decisionsAudited()).toBe(2);
  });

  it("no one records their own attendance (it would be evidence about oneself): refused with a field error, nothing written, the row not offered; another HR person or the trainer records it", async () => {
    const { db } = database();
    const { authority, hr, lead, anna } = await world(db);
    const hr2 = viewerOf(await createPerson(db, { authorityId: authority.id, roles: ["hr"], withPassword: false }), ["hr"]);
    const trainer = await createPerson(db, { authorityId: authority.id, givenName: "Tom", withPassword: false });
    const eventId = await createEvent(db, hr, await inputFrom({ trainerPersonId: trainer.id, trainerName: "", trainerOrganisation: "" }), now);
    for (const p of [hr, viewerOf(trainer), viewerOf(anna)]) await registerForEvent(db, p, eventId, p.id, now);
    const after = new Date("2027-03-29T10:00:00Z");
    const evidenceOf = async (ids: string[]) => (await db.select({ n: sql<number>`count(*)::int` }).from(evidence).where(inArray(evidence.personId, ids)))[0].n;
    const recorded = async () => Object.fromEntries((await db.select().from(eventRegistrations).where(eq(eventRegistrations.eventId, eventId))).map((r) => [r.personId, r.attendance]));
    const audits = async () => (await db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(eq(auditLog.authorityId, authority.id)))[0].n;
    const auditsBefore = await audits();

    // HR for themselves, alone or beside someone else; the trainer for themselves: refused, nothing written.
    const cases: [Actor, { personId: string; attendance: Attendance }[]][] = [
      [hr, [{ personId: hr.id, attendance: "full" }]],
      [hr, [{ personId: anna.id, attendance: "full" }, { personId: hr.id, attendance: "full" }]],
      [hr, [{ personId: hr.id, attendance: "absent" }]],
      [viewerOf(trainer), [{ personId: trainer.id, attendance: "full" }]],
    ];
    for (const [viewer, entries] of cases)
      expect(await refusal(db.transaction((tx) => recordAttendance(tx, viewer, eventId, entries, after)))).toEqual({ field: "attendance", key: "events.errors.attendanceSelf" });
    expect(await evidenceOf([hr.id, trainer.id, anna.id])).toBe(0);
    expect(await recorded()).toEqual({ [hr.id]: null, [trainer.id]: null, [anna.id]: null });
    expect(await audits()).toBe(auditsBefore);
    // The message, in both languages.
    expect(translator("de")("events.errors.attendanceSelf")).toContain("Ihre eigene Teilnahme können Sie nicht erfassen");
    expect(translator("en")("events.errors.attendanceSelf")).toContain("You cannot record your own attendance");

    // The attendance form offers no choice for one's own row and says who records it.
    const rows = (viewer: Actor) => eventDetail(db, viewer, eventId, after).then((d) => Object.fromEntries(d.participants.map((p) => [p.personId, p.recordedBy])));
    expect(await rows(hr)).toEqual({ [hr.id]: "self", [trainer.id]: null, [anna.id]: null });
    expect(await rows(viewerOf(trainer))).toEqual({ [hr.id]: null, [trainer.id]: "self", [anna.id]: null });
    expect(translator("de")("events.attendance.recordedBy.self")).toContain("erfasst eine andere Person");

    // Another HR person records HR's and the trainer's attendance; the trainer records HR's.
    expect(await db.transaction((tx) => recordAttendance(tx, hr2, eventId, [{ personId: hr.id, attendance: "full" }], after))).toEqual({ evidence: 1 });
    expect(await db.transaction((tx) => recordAttendance(tx, viewerOf(trainer), eventId, [{ personId: hr.id, attendance: "partial" }, { personId: anna.id, attendance: "full" }], after))).toEqual({ evidence: 1 });
    expect(await db.transaction((tx) => recordAttendance(tx, hr, eventId, [{ personId: trainer.id, attendance: "full" }], after))).toEqual({ evidence: 1 });
    expect(await recorded()).toEqual({ [hr.id]: "partial", [trainer.id]: "full", [anna.id]: "full" });
    // A lead is no trainer of this event: no attendance at all.
    await expect(recordAttendance(db, lead, eventId, [{ personId: anna.id, attendance: "absent" }], after)).rejects.toMatchObject({ status: 403 });
  });

  it("with individual profiles off, a lead who trains an event does not record the attendance of their members (HR does) and is not sent it; with the switch on they do", async () => {
    const { db } = database();
    const { authority, unit, other, hr, lead, anna } = await world(db);
    const ben = await createPerson(db, { authorityId: authority.id, unitId: unit.id, givenName: "Ben", withPassword: false });
    const olga = await createPerson(db, { authorityId: authority.id, unitId: other.id, givenName: "Olga", withPassword: false });
    const eventId = await createEvent(db, hr, await inputFrom({ trainerPersonId: lead.id, trainerName: "", trainerOrganisation: "" }), now);
    for (const p of [anna, ben, olga]) await registerForEvent(db, viewerOf(p), eventId, p.id, now);
    const after = new Date("2027-03-29T10:00:00Z");
    const evidenceOf = async (id: string) => (await db.select({ n: sql<number>`count(*)::int` }).from(evidence).where(eq(evidence.personId, id)))[0].n;
    await saveSettings(db, authority.id, { ...(await getSettings(db, authority.id)), leadsSeeIndividualProfiles: false });

    // A member alone, or beside someone of another team: refused, nothing written for either.
    for (const entries of [[{ personId: anna.id, attendance: "full" as const }], [{ personId: olga.id, attendance: "full" as const }, { personId: anna.id, attendance: "full" as const }]])
      expect(await refusal(db.transaction((tx) => recordAttendance(tx, lead, eventId, entries, after)))).toEqual({ field: "attendance", key: "events.errors.attendanceLeadMember" });
    expect([await evidenceOf(anna.id), await evidenceOf(olga.id)]).toEqual([0, 0]);
    expect(translator("de")("events.errors.attendanceLeadMember")).toContain("erfasst das Personalreferat");
    expect(translator("en")("events.errors.attendanceLeadMember")).toContain("HR records the attendance");
    // Someone of another team the lead still records.
    expect(await db.transaction((tx) => recordAttendance(tx, lead, eventId, [{ personId: olga.id, attendance: "full" }], after))).toEqual({ evidence: 1 });
    // HR records Anna; the lead's page offers no choice for members and does not say what was recorded.
    expect(await db.transaction((tx) => recordAttendance(tx, hr, eventId, [{ personId: anna.id, attendance: "full" }], after))).toEqual({ evidence: 1 });
    const seen = Object.fromEntries((await eventDetail(db, lead, eventId, after)).participants.map((p) => [p.personId, { recordedBy: p.recordedBy, attendance: p.attendance }]));
    expect(seen).toEqual({
      [anna.id]: { recordedBy: "lead", attendance: null },
      [ben.id]: { recordedBy: "lead", attendance: null },
      [olga.id]: { recordedBy: null, attendance: "full" },
    });
    expect((await eventDetail(db, hr, eventId, after)).participants.find((p) => p.personId === anna.id)).toMatchObject({ recordedBy: null, attendance: "full" });

    // Switch on: the lead records their members as before.
    await saveSettings(db, authority.id, { ...(await getSettings(db, authority.id)), leadsSeeIndividualProfiles: true });
    expect(await db.transaction((tx) => recordAttendance(tx, lead, eventId, [{ personId: ben.id, attendance: "full" }], after))).toEqual({ evidence: 1 });
    expect((await eventDetail(db, lead, eventId, after)).participants.find((p) => p.personId === ben.id)).toMatchObject({ recordedBy: null, attendance: "full" });
  });

  it("feedback: only attendees after the end, once each, stored without a person; results only from the minimum group size on and only to those who run the event", async () => {
    const { db } = database();
    const { authority, hr, anna, unit } = await world(db);
    const eventId = await createEvent(db, hr, await inputFrom({ capacity: "20" }), now);
    const people = [anna, ...(await Promise.all(Array.from({ length: 5 }, () => createPerson(db, { authorityId: authority.id, unitId: unit.id, withPassword: false }))))];
    for (const p of people) await registerForEvent(db, viewerOf(p), eventId, p.id, now);
    const during = new Date("2027-03-27T10:00:00Z");
    const after = new Date("2027-03-29T10:00:00Z");
    expect(await refusal(giveFeedback(db, viewerOf(anna), eventId, { rating: 5, usefulness: 4 }, during))).toEqual({ field: "form", key: "events.feedback.errors.notEnded" });
    await recordAttendance(db, hr, eventId, [...people.slice(0, 4).map((p) => ({ personId: p.id, attendance: "full" as const })), { personId: people[4].id, attendance: "partial" }, { personId: people[5].id, attendance: "absent" }], after);
    expect(await refusal(giveFeedback(db, viewerOf(people[5]), eventId, { rating: 1, usefulness: 1 }, after))).toEqual({ field: "form", key: "events.feedback.errors.notAttended" });
    expect(await refusal(giveFeedback(db, viewerOf(anna), eventId, { rating: 6, usefulness: 4 }, after))).toEqual({ field: "rating", key: "events.feedback.errors.scale" });
    expect(await feedbackState(db, viewerOf(anna), eventId, after)).toBe("open");
    await db.transaction((tx) => giveFeedback(tx, viewerOf(anna), eventId, { rating: 5, usefulness: 4 }, after));
    expect(await feedbackState(db, viewerOf(anna), eventId, after)).toBe("given");
    expect(await refusal(giveFeedback(db, viewerOf(anna), eventId, { rating: 1, usefulness: 1 }, after))).toEqual({ field: "form", key: "events.feedback.errors.given" });
    // Four answers under the default minimum of five: nothing but the minimum is shown.
    for (const [i, p] of people.slice(1, 4).entries()) await giveFeedback(db, viewerOf(p), eventId, { rating: 3 + (i % 2), usefulness: 2 }, after);
    expect(await feedbackSummary(db, hr, eventId)).toEqual({ shown: false, minimum: 5 });
    await expect(feedbackSummary(db, viewerOf(anna), eventId)).rejects.toMatchObject({ status: 403 });
    await giveFeedback(db, viewerOf(people[4]), eventId, { rating: 4, usefulness: 5 }, after);
    const summary = await feedbackSummary(db, hr, eventId);
    expect(summary).toMatchObject({ shown: true, answers: 5, rating: 3.8, usefulness: 3, ratingCounts: [0, 0, 2, 2, 1] });
    const stored = await db.select().from(eventFeedback).where(eq(eventFeedback.eventId, eventId));
    expect(stored).toHaveLength(5);
    expect(Object.keys(stored[0]).sort()).toEqual(["eventId", "id", "rating", "usefulness"]);
  });

  it("HR's coverage counts planned and held workshop hours and cost per unit, leaves small groups out of every figure, and exports them beside the demand", async () => {
    const { db } = database();
    const { authority, hr } = await world(db);
    const big = await createUnit(db, authority.id, "Aufenthalt 2");
    const small = await createUnit(db, authority.id, "Zentrale Dienste");
    const five = await Promise.all(Array.from({ length: 5 }, () => createPerson(db, { authorityId: authority.id, unitId: big.id, withPassword: false })));
    const two = await Promise.all(Array.from({ length: 2 }, () => createPerson(db, { authorityId: authority.id, unitId: small.id, withPassword: false })));
    // Held: 7 hours, 1,000 euro, four seats (three of the big unit, one of the small one).
    const held = await createEvent(db, hr, await inputFrom({ "sessions[1].date": "", "sessions[1].start": "", "sessions[1].end": "", cost: "1000" }), now);
    for (const p of [...five.slice(0, 3), two[0]]) await registerForEvent(db, viewerOf(p), held, p.id, now);
    const after = new Date("2027-04-15T10:00:00Z");
    await recordAttendance(db, hr, held, [...five.slice(0, 3), two[0]].map((p) => ({ personId: p.id, attendance: "full" as const })), after);
    // Planned: 3 hours, free, two seats of the big unit; a waiting-list place counts nothing.
    const planned = await createEvent(db, hr, await inputFrom({ capacity: "2", deadlineDate: "2027-04-20", "sessions[0].date": "2027-05-03", "sessions[0].start": "09:00", "sessions[0].end": "12:00", "sessions[1].date": "", "sessions[1].start": "", "sessions[1].end": "", cost: "0" }), now);
    for (const p of five.slice(0, 3)) await registerForEvent(db, viewerOf(p), planned, p.id, now);
    const report = await workshopHours(db, authority.id, { by: "unit", at: after });
    const bigRow = report.groups.find((g) => g.key === big.id)!;
    expect(bigRow).toMatchObject({ plannedHours: 6, plannedCostCents: 0, heldHours: 21, heldCostCents: 75000, suppressed: false });
    expect(report.groups.find((g) => g.key === small.id)).toMatchObject({ suppressed: true, heldHours: 0, heldCostCents: 0 });
    expect(report.total).toMatchObject({ plannedHours: 6, heldHours: 21, heldCostCents: 75000 });
    // Thirteen months later the workshop no longer counts as held.
    expect((await workshopHours(db, authority.id, { by: "unit", at: new Date("2028-05-01T00:00:00Z") })).total.heldHours).toBe(0);
    const table = await exportTable(db, authority.id, "workshops", { by: "unit", at: after, t: translator("de"), locale: "de" });
    expect(table.header).toEqual(["Organisationseinheit", "Fortbildung (Stunden)", "Geplant (Stunden)", "Geplant (Kosten, Euro)", "Durchgeführt (Stunden)", "Durchgeführt (Kosten, Euro)", "Hinweis"]);
    expect(table.rows.find((r) => r[0] === "Aufenthalt 2")!.slice(2, 6)).toEqual([6, 0, 21, 750]);
    expect(table.rows.find((r) => r[0] === "Zentrale Dienste")!.slice(1, 6)).toEqual([null, null, null, null, null]);
  });
});
