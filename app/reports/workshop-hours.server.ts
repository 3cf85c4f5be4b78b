// Workshop hours and cost per unit or role for HR's coverage report, beside the training demand:
// planned (seats taken in workshops that have not ended) and held (attended, fully or partly,
// in workshops that ended in the twelve months before the reading). A person's hours are the
// event's session hours; the event's cost is split evenly over the seats counted for it.
// The small-group rule of the coverage report applies (~/privacy/suppression): people of a unit × role
// group below the minimum size are left out of every figure, the total included.
import { and, eq, inArray, or, sql } from "drizzle-orm";
import type { Queryable } from "~/db/client.server";
import { eventRegistrations, events, eventSessions, people, roleDescriptions, units } from "~/db/schema";
import { getSettings } from "~/org/settings.server";
import type { CoverageBy } from "./coverage.server";
import { smallestCountedAtom } from "~/privacy/suppression";

export interface WorkshopHours {
  key: string;
  name: string;
  plannedHours: number;
  plannedCostCents: number;
  heldHours: number;
  heldCostCents: number;
  /** Nobody of the group is counted (all its unit × role groups are too small). */
  suppressed: boolean;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export async function workshopHours(db: Queryable, authorityId: string, options: { by: CoverageBy; at: Date }): Promise<{ minGroupSize: number; groups: WorkshopHours[]; total: WorkshopHours }> {
  const { minGroupSize } = await getSettings(db, authorityId);
  const smallest = smallestCountedAtom(minGroupSize);
  const at = options.at.toISOString();
  // Per event: its hours (all sessions) and when it ends.
  const ev = db.$with("ev").as(
    db
      .select({
        id: events.id,
        costCents: events.costCents,
        hours: sql<number>`sum(extract(epoch from (${eventSessions.endsAt} - ${eventSessions.startsAt}))) / 3600.0`.mapWith(Number).as("hours"),
        endsAt: sql<Date>`max(${eventSessions.endsAt})`.mapWith(eventSessions.endsAt).as("ends_at"),
      })
      .from(events)
      .innerJoin(eventSessions, eq(eventSessions.eventId, events.id))
      .where(and(eq(events.authorityId, authorityId), eq(events.status, "scheduled")))
      .groupBy(events.id),
  );
  // Each counted seat, with its event's seats counted (the window runs after the filter).
  const rows = await db
    .with(ev)
    .select({
      eventId: eventRegistrations.eventId,
      unitId: people.unitId,
      roleId: people.roleDescriptionId,
      phase: sql<"planned" | "held">`case when ${ev.endsAt} > ${at}::timestamptz then 'planned' else 'held' end`,
      hours: ev.hours,
      costCents: ev.costCents,
      seats: sql<number>`count(*) over (partition by ${eventRegistrations.eventId})`.mapWith(Number),
    })
    .from(eventRegistrations)
    .innerJoin(ev, eq(ev.id, eventRegistrations.eventId))
    .innerJoin(people, eq(people.id, eventRegistrations.personId))
    .where(
      and(
        eq(eventRegistrations.status, "registered"),
        eq(people.active, true),
        or(
          sql`${ev.endsAt} > ${at}::timestamptz`,
          and(sql`${ev.endsAt} > ${at}::timestamptz - interval '12 months'`, inArray(eventRegistrations.attendance, ["full", "partial"])),
        ),
      ),
    );
  const atoms = await db
    .select({ unitId: people.unitId, roleId: people.roleDescriptionId, n: sql<number>`count(*)::int` })
    .from(people)
    .where(and(eq(people.authorityId, authorityId), eq(people.active, true)))
    .groupBy(people.unitId, people.roleDescriptionId);
  const atomSize = new Map(atoms.map((a) => [`${a.unitId ?? ""}|${a.roleId ?? ""}`, a.n]));
  const names = new Map<string, string>();
  if (options.by === "unit") for (const u of await db.select({ id: units.id, name: units.name }).from(units).where(eq(units.authorityId, authorityId))) names.set(u.id, u.name);
  else for (const r of await db.select({ id: roleDescriptions.id, title: roleDescriptions.title }).from(roleDescriptions).where(eq(roleDescriptions.authorityId, authorityId))) names.set(r.id, r.title);
  // Every group that has people, so a group without workshops shows zeros, and a group whose people are all uncounted is named only.
  const groups = new Map<string, WorkshopHours & { counted: number }>();
  const group = (key: string) => {
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, name: names.get(key) ?? key, plannedHours: 0, plannedCostCents: 0, heldHours: 0, heldCostCents: 0, suppressed: false, counted: 0 }));
    return g;
  };
  for (const a of atoms) {
    const key = (options.by === "unit" ? a.unitId : a.roleId) ?? "none";
    const g = group(key);
    if (a.n >= smallest) g.counted += a.n;
  }
  const total: WorkshopHours = { key: "all", name: "", plannedHours: 0, plannedCostCents: 0, heldHours: 0, heldCostCents: 0, suppressed: false };
  for (const r of rows) {
    if ((atomSize.get(`${r.unitId ?? ""}|${r.roleId ?? ""}`) ?? 0) < smallest) continue;
    const g = group((options.by === "unit" ? r.unitId : r.roleId) ?? "none");
    const hours = r.hours;
    const cost = r.costCents / r.seats;
    for (const target of [g, total]) {
      if (r.phase === "planned") {
        target.plannedHours += hours;
        target.plannedCostCents += cost;
      } else {
        target.heldHours += hours;
        target.heldCostCents += cost;
      }
    }
  }
  const finish = (g: WorkshopHours): WorkshopHours => ({ ...g, plannedHours: round1(g.plannedHours), heldHours: round1(g.heldHours), plannedCostCents: Math.round(g.plannedCostCents), heldCostCents: Math.round(g.heldCostCents) });
  const collator = new Intl.Collator("de");
  return {
    minGroupSize,
    groups: [...groups.values()]
      .map(({ counted, ...g }) => finish({ ...g, suppressed: counted === 0 }))
      .sort((a, b) => collator.compare(a.name, b.name)),
    total: finish(total),
  };
}
