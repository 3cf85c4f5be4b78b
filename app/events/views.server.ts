// What the workshop pages show: the list of upcoming events ("for you" first) and one event
// with the viewer's registration, and for HR or the trainer the list of registered people.
import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import { forbidden, hasPermission, leads, notFound, type Actor } from "~/auth/access.server";
import type { Queryable } from "~/db/client.server";
import { eventCompetences, eventRegistrations, events, eventSessions, people, roleDescriptions, units } from "~/db/schema";
import { berlinDate, berlinWallClock } from "~/dates/calendar";
import { getSettings } from "~/org/settings.server";
import { firstSessions, openForRegistration } from "./certifying.server";
import { attendanceRefusal } from "./events.server";
import { catalogForAuthority } from "~/courses/authority-catalog.server";

export interface EventSummary {
  id: string;
  title: string;
  status: "scheduled" | "cancelled";
  place: string | null;
  online: boolean;
  startsAt: string;
  endsAt: string;
  sessions: number;
  capacity: number;
  seatsTaken: number;
  waiting: number;
  deadline: string;
  forYou: boolean;
  mine: "registered" | "waitlisted" | "pending" | null;
}

async function audienceOf(db: Queryable, viewer: Actor) {
  const [me] = await db.select({ unitId: people.unitId, roleId: people.roleDescriptionId }).from(people).where(eq(people.id, viewer.id));
  return { unitId: me?.unitId ?? null, roleId: me?.roleId ?? null };
}

function isForYou(event: { audienceRoleIds: string[]; audienceUnitIds: string[] }, me: { unitId: string | null; roleId: string | null }) {
  if (!event.audienceRoleIds.length && !event.audienceUnitIds.length) return false;
  return (!!me.roleId && event.audienceRoleIds.includes(me.roleId)) || (!!me.unitId && event.audienceUnitIds.includes(me.unitId));
}

/** Upcoming events of the authority (not yet ended), those meant for the viewer first, then by date. */
export async function upcomingEvents(db: Queryable, viewer: Actor, now: Date): Promise<EventSummary[]> {
  const me = await audienceOf(db, viewer);
  const rows = await db
    .select({
      event: events,
      startsAt: sql<string>`min(${eventSessions.startsAt})`,
      endsAt: sql<string>`max(${eventSessions.endsAt})`,
      sessions: sql<number>`count(*)::int`,
    })
    .from(events)
    .innerJoin(eventSessions, eq(eventSessions.eventId, events.id))
    .where(eq(events.authorityId, viewer.authorityId))
    .groupBy(events.id)
    .having(sql`max(${eventSessions.endsAt}) >= ${now.toISOString()}`);
  const ids = rows.map((r) => r.event.id);
  const regs = ids.length
    ? await db
        .select({ eventId: eventRegistrations.eventId, personId: eventRegistrations.personId, status: eventRegistrations.status })
        .from(eventRegistrations)
        .where(and(inArray(eventRegistrations.eventId, ids), ne(eventRegistrations.status, "cancelled")))
    : [];
  const list = rows.map((r) => {
    const mine = regs.find((x) => x.eventId === r.event.id && x.personId === viewer.id);
    return {
      id: r.event.id,
      title: r.event.title,
      status: r.event.status,
      place: r.event.place,
      online: !!r.event.onlineUrl,
      startsAt: new Date(r.startsAt).toISOString(),
      endsAt: new Date(r.endsAt).toISOString(),
      sessions: r.sessions,
      capacity: r.event.capacity,
      seatsTaken: regs.filter((x) => x.eventId === r.event.id && x.status === "registered").length,
      waiting: regs.filter((x) => x.eventId === r.event.id && x.status === "waitlisted").length,
      deadline: r.event.registrationDeadline.toISOString(),
      forYou: isForYou(r.event, me),
      mine: mine ? (mine.status as "registered" | "waitlisted" | "pending") : null,
    };
  });
  // Cancelled events stay visible only to those registered (so they see the cancellation).
  return list
    .filter((e) => e.status === "scheduled" || e.mine)
    .sort((a, b) => Number(b.forYou) - Number(a.forYou) || a.startsAt.localeCompare(b.startsAt));
}

/**
 * Workshops a lead may assign to members of a unit (the team page's assignment form): scheduled,
 * registration still open, first date ahead, and open to everyone or meant for that unit (among
 * others). By first date; `full` when new registrations go on the waiting list.
 */
export async function assignableWorkshops(db: Queryable, authorityId: string, unitId: string, now: Date) {
  const s = firstSessions(db);
  const rows = await db
    .select({
      eventId: events.id,
      title: events.title,
      firstStart: s.firstStart,
      full: sql<boolean>`${db.$count(eventRegistrations, and(eq(eventRegistrations.eventId, events.id), eq(eventRegistrations.status, "registered")))} >= ${events.capacity}`.mapWith(Boolean),
    })
    .from(events)
    .innerJoin(s, eq(s.eventId, events.id))
    .where(
      and(
        openForRegistration(s, authorityId, now),
        sql`(cardinality(${events.audienceUnitIds}) = 0 or ${unitId}::uuid = any(${events.audienceUnitIds}) or cardinality(${events.audienceRoleIds}) > 0)`,
      ),
    )
    .orderBy(s.firstStart, events.title);
  return rows.map((r) => ({ eventId: r.eventId, title: r.title, firstDay: berlinDate(r.firstStart), full: r.full }));
}

export interface EventDetail {
  id: string;
  title: string;
  description: string;
  status: "scheduled" | "cancelled";
  trainer: string;
  place: string | null;
  onlineUrl: string | null;
  capacity: number;
  seatsTaken: number;
  waiting: number;
  deadline: string;
  costCents: number;
  validMonths: number | null;
  sequence: number;
  sessions: { startsAt: string; endsAt: string }[];
  competences: { competenceId: string; level: number }[];
  mine: { status: "registered" | "waitlisted" | "cancelled" | "pending"; attendance: string | null; evidenceWritten: boolean } | null;
  /** The module whose quiz must be passed after the start before attendance counts (null: none). */
  postQuiz: { href: string; title: string } | null;
  canManage: boolean;
  canTakeAttendance: boolean;
  started: boolean;
  deadlinePassed: boolean;
  /**
   * Registered people (HR and the trainer only). `recordedBy`: the viewer may not record this
   * person's attendance ("self": someone else must; "lead": HR must, individual profiles being
   * off, and the lead is not sent what was recorded).
   */
  participants: {
    personId: string;
    name: string;
    unit: string | null;
    status: "registered" | "waitlisted" | "pending";
    attendance: string | null;
    recordedBy: "self" | "lead" | null;
  }[];
  /** Pending registrations of members of the units the viewer leads (leads only). */
  approvals: { personId: string; name: string }[];
  ended: boolean;
  /** Members of the units the viewer leads who are not registered yet (leads only). */
  members: { id: string; name: string }[];
}

export async function eventDetail(db: Queryable, viewer: Actor, eventId: string, now: Date): Promise<EventDetail> {
  if (!/^[0-9a-f-]{36}$/i.test(eventId)) throw notFound();
  const [event] = await db.select().from(events).where(and(eq(events.id, eventId), eq(events.authorityId, viewer.authorityId)));
  if (!event) throw notFound();
  const sessions = await db.select().from(eventSessions).where(eq(eventSessions.eventId, eventId)).orderBy(asc(eventSessions.startsAt));
  const competences = await db.select({ competenceId: eventCompetences.competenceId, level: eventCompetences.level }).from(eventCompetences).where(eq(eventCompetences.eventId, eventId));
  const regs = await db
    .select({ personId: eventRegistrations.personId, status: eventRegistrations.status, attendance: eventRegistrations.attendance, createdAt: eventRegistrations.createdAt, givenName: people.givenName, familyName: people.familyName, unit: units.name, unitId: people.unitId })
    .from(eventRegistrations)
    .innerJoin(people, eq(people.id, eventRegistrations.personId))
    .leftJoin(units, eq(units.id, people.unitId))
    .where(and(eq(eventRegistrations.eventId, eventId), ne(eventRegistrations.status, "cancelled")))
    .orderBy(asc(people.familyName), asc(people.givenName));
  const [mine] = await db
    .select({ status: eventRegistrations.status, attendance: eventRegistrations.attendance, evidenceWritten: sql<boolean>`cardinality(${eventRegistrations.evidenceIds}) > 0` })
    .from(eventRegistrations)
    .where(and(eq(eventRegistrations.eventId, eventId), eq(eventRegistrations.personId, viewer.id)))
    .orderBy(sql`${eventRegistrations.status} = 'cancelled'`, sql`${eventRegistrations.createdAt} desc`)
    .limit(1);
  const isHr = hasPermission(viewer, "write:event:any");
  const canManage = isHr || (leads(viewer, event.unitId) && hasPermission(viewer, "write:event:team"));
  const canTakeAttendance = isHr || event.trainerPersonId === viewer.id;
  const { leadsSeeIndividualProfiles } = await getSettings(db, viewer.authorityId);
  let trainer = [event.trainerName, event.trainerOrganisation].filter(Boolean).join(", ");
  if (event.trainerPersonId) {
    const [t] = await db.select({ g: people.givenName, f: people.familyName }).from(people).where(eq(people.id, event.trainerPersonId));
    if (t) trainer = `${t.g} ${t.f}`;
  }
  const registeredIds = new Set(regs.map((r) => r.personId));
  const members =
    viewer.roles.includes("lead") && viewer.ledUnitIds.length && event.status === "scheduled"
      ? (
          await db
            .select({ id: people.id, givenName: people.givenName, familyName: people.familyName })
            .from(people)
            .where(and(eq(people.authorityId, viewer.authorityId), eq(people.active, true), inArray(people.unitId, viewer.ledUnitIds)))
            .orderBy(asc(people.familyName), asc(people.givenName))
        )
          .filter((p) => !registeredIds.has(p.id) && p.id !== viewer.id)
          .map((p) => ({ id: p.id, name: `${p.givenName} ${p.familyName}` }))
      : [];
  return {
    id: event.id,
    title: event.title,
    description: event.description,
    status: event.status,
    trainer,
    place: event.place,
    onlineUrl: event.onlineUrl,
    capacity: event.capacity,
    seatsTaken: regs.filter((r) => r.status === "registered").length,
    waiting: regs.filter((r) => r.status === "waitlisted").length,
    deadline: event.registrationDeadline.toISOString(),
    costCents: event.costCents,
    validMonths: event.validMonths,
    sequence: event.sequence,
    sessions: sessions.map((s) => ({ startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString() })),
    competences,
    mine: mine ? { ...mine, evidenceWritten: Boolean(mine.evidenceWritten) } : null,
    postQuiz:
      event.postQuizCourseId && event.postQuizModuleId
        ? {
            href: `/courses/${event.postQuizCourseId}/${event.postQuizModuleId}`,
            title: (await catalogForAuthority(db, viewer.authorityId)).module(event.postQuizCourseId, event.postQuizModuleId)?.title ?? event.postQuizModuleId,
          }
        : null,
    canManage,
    canTakeAttendance,
    started: !!sessions[0] && sessions[0].startsAt <= now,
    deadlinePassed: event.registrationDeadline < now,
    participants:
      canManage || canTakeAttendance
        ? regs.map((r) => {
            const recordedBy = attendanceRefusal(viewer, { id: r.personId, unitId: r.unitId }, leadsSeeIndividualProfiles);
            return {
              personId: r.personId,
              name: `${r.givenName} ${r.familyName}`,
              unit: r.unit,
              status: r.status as "registered" | "waitlisted" | "pending",
              attendance: recordedBy === "lead" ? null : r.attendance,
              recordedBy,
            };
          })
        : [],
    approvals: viewer.roles.includes("lead")
      ? regs
          .filter((r) => r.status === "pending" && r.unitId && viewer.ledUnitIds.includes(r.unitId) && r.personId !== viewer.id)
          .map((r) => ({ personId: r.personId, name: `${r.givenName} ${r.familyName}` }))
      : [],
    ended: sessions.length > 0 && sessions[sessions.length - 1].endsAt <= now,
    members,
  };
}

/** The data of a person's calendar file; null when they never registered. */
export async function calendarData(db: Queryable, viewer: Actor, eventId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(eventId)) return null;
  const [event] = await db.select().from(events).where(and(eq(events.id, eventId), eq(events.authorityId, viewer.authorityId)));
  if (!event) return null;
  const regs = await db
    .select({ status: eventRegistrations.status })
    .from(eventRegistrations)
    .where(and(eq(eventRegistrations.eventId, eventId), eq(eventRegistrations.personId, viewer.id)));
  if (!regs.length) return null;
  const sessions = await db.select().from(eventSessions).where(eq(eventSessions.eventId, eventId)).orderBy(asc(eventSessions.startsAt));
  const live = regs.some((r) => r.status !== "cancelled");
  return {
    event: { id: event.id, title: event.title, description: event.description, place: event.place, onlineUrl: event.onlineUrl, status: event.status, sequence: event.sequence, sessions },
    cancelled: event.status === "cancelled" || !live,
  };
}

/** The choices of the event form: trainers (people of the authority), roles and units for the audience, and the units the event may belong to. */
export async function eventFormOptions(db: Queryable, viewer: Actor) {
  const isHr = viewer.roles.includes("hr");
  if (!isHr && !(viewer.roles.includes("lead") && viewer.ledUnitIds.length)) throw forbidden();
  const trainers = await db
    .select({ id: people.id, givenName: people.givenName, familyName: people.familyName })
    .from(people)
    .where(and(eq(people.authorityId, viewer.authorityId), eq(people.active, true)))
    .orderBy(asc(people.familyName), asc(people.givenName));
  const roles = await db
    .select({ id: roleDescriptions.id, title: roleDescriptions.title })
    .from(roleDescriptions)
    .where(and(eq(roleDescriptions.authorityId, viewer.authorityId), eq(roleDescriptions.status, "active")))
    .orderBy(asc(roleDescriptions.title));
  const allUnits = await db.select({ id: units.id, name: units.name }).from(units).where(eq(units.authorityId, viewer.authorityId)).orderBy(asc(units.name));
  const catalog = await catalogForAuthority(db, viewer.authorityId);
  return {
    isHr,
    /** Modules whose quiz may be the event's post-quiz, by course. */
    modules: catalog.courses.map((c) => ({ course: c.title, modules: c.modules.map((m) => ({ value: `${c.id}/${m.id}`, title: m.title })) })),
    trainers: trainers.map((p) => ({ id: p.id, name: `${p.familyName}, ${p.givenName}` })),
    roles,
    units: allUnits,
    /** HR may create for the whole authority or a unit; a lead only for a unit they lead. */
    ownerUnits: isHr ? allUnits : allUnits.filter((u) => viewer.ledUnitIds.includes(u.id)),
  };
}

/** The event's dates as the move form shows them (Berlin wall clock), for those who manage it. */
export async function eventForMove(db: Queryable, viewer: Actor, eventId: string) {
  const detail = await eventDetail(db, viewer, eventId, new Date());
  if (!detail.canManage) throw forbidden();
  return {
    id: detail.id,
    title: detail.title,
    status: detail.status,
    started: detail.started,
    sessions: detail.sessions.map((s) => {
      const [date, start] = berlinWallClock(new Date(s.startsAt)).split("T");
      return { date, start, end: berlinWallClock(new Date(s.endsAt)).split("T")[1] };
    }),
  };
}
