// Demo workshops: one held last month with attendance (evidence through the domain functions),
// a series that has begun and still takes registrations, an upcoming full one with a waiting
// list, and one open to all. Dates follow ctx.now, so the story holds on any day.
import type { Actor } from "~/auth/permissions";
import type { Queryable } from "~/db/client.server";
import { eventCompetences, eventRegistrations, events, eventSessions } from "~/db/schema";
import { recordAttendance, registerForEvent } from "~/events/events.server";
import { berlinInstant } from "~/events/times";
import { demoEmail, demoPeople } from "./demo-data";
import type { SeedContext } from "./demo.server";
import { berlinDate } from "~/dates/calendar";

const DAY = 86_400_000;

/** A Berlin wall-clock time `days` from now (moved by an hour if the clocks skip it). */
function at(now: Date, days: number, time: string): Date {
  const date = berlinDate(new Date(now.getTime() + days * DAY));
  const found = berlinInstant(date, time);
  return found.ok ? found.at : new Date(`${date}T${time}:00Z`);
}

interface DemoEvent {
  title: string;
  description: string;
  trainerName?: string;
  trainerOrganisation?: string;
  trainerEmail?: string;
  place?: string;
  onlineUrl?: string;
  capacity: number;
  costCents: number;
  validMonths: number | null;
  audienceUnits?: string[];
  sessions: [number, string, string][];
  deadlineDays: number;
  competences: [string, number][];
  registered: string[];
  attended?: [string, "full" | "partial" | "absent"][];
}

const mail = (givenName: string, familyName: string) => demoEmail(demoPeople.find((p) => p.givenName === givenName && p.familyName === familyName)!);

export async function seedEventsDemo(tx: Queryable, ctx: SeedContext) {
  const hrId = ctx.personIds.get("hr@musterstadt.example")!;
  const hr: Actor = { id: hrId, authorityId: ctx.authorityId, roles: ["employee", "hr"], ledUnitIds: [] };
  const list: DemoEvent[] = [
    {
      title: "Interkulturelle Kommunikation am Schalter",
      description: "Ein Tag mit Fallbeispielen aus Beratung und Antragsannahme: Erwartungen, Missverständnisse, klare Sprache.",
      trainerName: "Dr. Miriam Okafor",
      trainerOrganisation: "Migrationsberatung des Caritasverbands",
      place: "Rathaus, Raum 2.14",
      capacity: 12,
      costCents: 95_000,
      validMonths: 36,
      sessions: [[-30, "09:00", "16:00"]],
      deadlineDays: -40,
      competences: [["s.ambiguity", 2], ["c.explaining-decisions", 2]],
      registered: [mail("Mehmet", "Demir"), mail("Katarzyna", "Nowak"), mail("Daniel", "Fischer"), mail("Ioana", "Popescu"), mail("Laura", "Koch")],
      attended: [[mail("Mehmet", "Demir"), "full"], [mail("Katarzyna", "Nowak"), "full"], [mail("Daniel", "Fischer"), "partial"], [mail("Ioana", "Popescu"), "full"], [mail("Laura", "Koch"), "absent"]],
    },
    {
      title: "Netzwerk vor Ort: Beratungsstellen kennenlernen",
      description: "Eine Reihe in drei Teilen mit der örtlichen Migrationsberatung. Der Einstieg ist noch bis kurz vor dem zweiten Termin möglich.",
      trainerName: "Jana Lorenz",
      trainerOrganisation: "Jugendmigrationsdienst Musterstadt",
      place: "Migrationsberatung, Bahnhofstraße 12",
      capacity: 15,
      costCents: 0,
      validMonths: 24,
      audienceUnits: ["aufenthalt1", "aufenthalt2"],
      sessions: [[-2, "13:00", "16:00"], [5, "13:00", "16:00"], [12, "13:00", "16:00"]],
      deadlineDays: 4,
      competences: [["k.support-network", 3]],
      registered: [mail("Tobias", "Becker"), mail("Olga", "Petrenko"), mail("Felix", "Braun")],
    },
    {
      title: "Deeskalation im Publikumsverkehr",
      description: "Training mit der Polizei: Warnsignale erkennen, Abstand halten, Gespräche beruhigen.",
      trainerName: "Kriminalhauptkommissar Jörg Brandt",
      trainerOrganisation: "Polizeipräsidium Musterstadt",
      place: "Schulungszentrum, Saal B",
      capacity: 4,
      costCents: 180_000,
      validMonths: 24,
      sessions: [[21, "09:00", "16:30"]],
      deadlineDays: 14,
      competences: [["c.de-escalation", 3]],
      registered: [mail("Lukas", "Hoffmann"), mail("Amina", "Haddad"), mail("Samira", "El-Amrani"), mail("Michael", "Wolf"), mail("Sven", "Krüger"), mail("Yusuf", "Kaya")],
    },
    {
      title: "Leichte Sprache in Bescheiden (online)",
      description: "Zwei Vormittage online: Bescheide und Schreiben verständlich formulieren.",
      trainerName: "Ruth Albers",
      trainerOrganisation: "Büro für Leichte Sprache",
      onlineUrl: "https://konferenz.musterstadt.example/leichte-sprache",
      capacity: 25,
      costCents: 60_000,
      validMonths: null,
      sessions: [[35, "09:00", "12:00"], [42, "09:00", "12:00"]],
      deadlineDays: 30,
      competences: [["c.plain-language", 2]],
      registered: [mail("Marie", "Wagner"), mail("Sophie", "Keller")],
    },
  ];
  for (const [index, e] of list.entries()) {
    const [row] = await tx
      .insert(events)
      .values({
        authorityId: ctx.authorityId,
        title: e.title,
        description: e.description,
        trainerName: e.trainerName ?? null,
        trainerOrganisation: e.trainerOrganisation ?? null,
        place: e.place ?? null,
        onlineUrl: e.onlineUrl ?? null,
        capacity: e.capacity,
        registrationDeadline: at(ctx.now, e.deadlineDays, "23:59"),
        audienceUnitIds: (e.audienceUnits ?? []).map((u) => ctx.unitIds.get(u)!),
        costCents: e.costCents,
        validMonths: e.validMonths,
        createdBy: hrId,
        createdAt: new Date(ctx.now.getTime() - (60 - index) * DAY),
      })
      .returning({ id: events.id });
    await tx.insert(eventSessions).values(e.sessions.map(([days, from, to]) => ({ eventId: row.id, startsAt: at(ctx.now, days, from), endsAt: at(ctx.now, days, to) })));
    await tx.insert(eventCompetences).values(e.competences.map(([competenceId, level]) => ({ eventId: row.id, competenceId, level })));
    // Registrations in order (a second apart), so the waiting list has a clear order.
    const registeredAt = Math.min(e.deadlineDays, e.sessions[0][0], 0) - 7;
    for (const [i, email] of e.registered.entries()) {
      const personId = ctx.personIds.get(email)!;
      const when = new Date(ctx.now.getTime() + registeredAt * DAY + i * 1000);
      if (when.getTime() <= ctx.now.getTime() && at(ctx.now, e.deadlineDays, "23:59") > ctx.now) {
        await registerForEvent(tx, { id: personId, authorityId: ctx.authorityId, roles: ["employee"], ledUnitIds: [] }, row.id, personId, when);
      } else {
        // Past events: written directly (the domain refuses registrations after the deadline).
        await tx.insert(eventRegistrations).values({ authorityId: ctx.authorityId, eventId: row.id, personId, status: i < e.capacity ? "registered" : "waitlisted", registeredBy: personId, createdAt: when });
      }
    }
    if (e.attended)
      await recordAttendance(tx, hr, row.id, e.attended.map(([email, attendance]) => ({ personId: ctx.personIds.get(email)!, attendance })), ctx.now);
  }
}
