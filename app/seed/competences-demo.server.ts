// Demo competence data: months of varied evidence (quiz, observed, certificate, self), some of
// it expired or about to expire, and assignments (some overdue, some done). Deterministic:
// a seeded generator and ctx.now, so every machine gets the same profiles.
import { listModuleRefs } from "~/courses/catalog.server";
import { writeEvidence, type EvidenceRow } from "~/competences/evidence.server";
import type { Queryable } from "~/db/client.server";
import { assignments } from "~/db/schema";
import { demoEmail, demoPeople, demoRoles } from "./demo-data";
import type { SeedContext } from "./demo.server";
import { addMonths } from "~/dates/calendar";

/** mulberry32: small, fast, seeded. */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86_400_000;
const daysAgo = (now: Date, days: number) => new Date(now.getTime() - days * DAY);
const isoDay = (d: Date) => d.toISOString().slice(0, 10);


export async function seedCompetenceDemo(tx: Queryable, ctx: SeedContext) {
  const rand = seededRandom(20_240_610);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)];
  const modules = listModuleRefs();
  const hrId = ctx.personIds.get("hr@musterstadt.example") ?? null;
  const leadOf = new Map<string, string>();
  for (const p of demoPeople) for (const unit of p.leads ?? []) leadOf.set(unit, ctx.personIds.get(demoEmail(p))!);
  const rows: EvidenceRow[] = [];
  const assignmentRows: (typeof assignments.$inferInsert)[] = [];

  for (const person of demoPeople) {
    if (!person.role) continue;
    const email = demoEmail(person);
    const personId = ctx.personIds.get(email)!;
    const role = demoRoles.find((r) => r.key === person.role)!;
    const lead = leadOf.get(person.unit) === personId ? null : (leadOf.get(person.unit) ?? null);
    const base = { authorityId: ctx.authorityId, personId };
    for (const [competenceId, required] of Object.entries(role.requirements)) {
      // Most people are near their requirement; some above, a fair share below.
      const delta = pick([-2, -1, 0, 0, 0, 0, 1, 1]);
      let target = Math.max(0, Math.min(4, required + delta));
      // Aufenthalt 1 relies on one expert in residence law: the matrix warns about it.
      if (person.unit === "aufenthalt1" && competenceId === "k.residence-paths") target = email.startsWith("mehmet.") ? 3 : Math.min(target, 2);
      if (email === "anna.schmidt@musterstadt.example") {
        if (competenceId === "c.interpreters") target = 1;
        if (competenceId === "c.explaining-decisions") target = 2;
        if (competenceId === "k.residence-paths") target = 2;
      }
      const quizModule = (level: number) => modules.find((m) => (m.competences[competenceId] ?? 0) >= level);
      const expiresAfter = (level: number) => quizModule(level)?.expiresAfterMonths ?? null;
      // Earlier, lower steps: a level-1 quiz before the current level, where a module exists.
      if (target >= 2 && quizModule(1) && rand() < 0.5) {
        const at = daysAgo(ctx.now, 400 + Math.floor(rand() * 300));
        const months = expiresAfter(1);
        rows.push({ ...base, competenceId, level: 1, source: "quiz", achievedAt: at, validUntil: months ? addMonths(at, months) : null });
      }
      if (target > 0) {
        // "Expiring soon" for about one competence in ten: achieved ~23 months ago, valid 24.
        const soon = rand() < 0.1;
        const at = soon ? addMonths(daysAgo(ctx.now, -(10 + Math.floor(rand() * 40))), -24) : daysAgo(ctx.now, 15 + Math.floor(rand() * 500));
        const module = quizModule(target);
        if (module && (target <= 2 || rand() < 0.5)) {
          const months = module.expiresAfterMonths ?? (soon ? 24 : null);
          rows.push({ ...base, competenceId, level: target, source: "quiz", achievedAt: at, validUntil: months ? addMonths(at, months) : null });
        } else if (lead && (target <= 3 || rand() < 0.6)) {
          rows.push({
            ...base,
            competenceId,
            level: target,
            source: "observed",
            recordedBy: lead,
            note: pick([
              "Beratungsgespräch mit Dolmetscherin begleitet; ruhig und klar geführt.",
              "Schwieriges Gespräch am Schalter souverän deeskaliert.",
              "Bescheid mündlich nachvollziehbar erläutert, Rückfragen geprüft.",
              "Bei Hospitation: aktiv nachgefragt und Verständnis gesichert.",
              "Kollegin bei komplexem Fall fachlich beraten.",
            ]),
            achievedAt: at,
            validUntil: addMonths(at, 24),
          });
        } else {
          rows.push({
            ...base,
            competenceId,
            level: target,
            source: "certificate",
            recordedBy: hrId,
            note: pick([
              "Zertifikat „Interkulturelle Kompetenz in der Verwaltung“, Studieninstitut",
              "Fortbildung Aufenthaltsrecht kompakt, Verwaltungsakademie",
              "Seminar Deeskalation und Gewaltprävention, Landesakademie",
            ]),
            achievedAt: at,
            validUntil: rand() < 0.5 ? addMonths(at, 36) : null,
          });
        }
      }
      // An older, higher observation that has expired: the profile explains why it no longer counts.
      if (lead && target < 4 && rand() < 0.12) {
        const at = daysAgo(ctx.now, 800 + Math.floor(rand() * 200));
        rows.push({ ...base, competenceId, level: target + 1, source: "observed", recordedBy: lead, note: "Hospitation im Beratungsgespräch.", achievedAt: at, validUntil: addMonths(at, 24) });
      }
      // Self-assessments for about half the competences, often a little off the evidence.
      if (rand() < 0.5) {
        const self = Math.max(1, Math.min(4, target + pick([-1, 0, 0, 1, 1])));
        rows.push({ ...base, competenceId, level: self, source: "self", recordedBy: personId, achievedAt: daysAgo(ctx.now, Math.floor(rand() * 200)) });
      }
    }

    // Assignments from the lead: a module for one of the gaps, some overdue, some done.
    if (lead && rand() < 0.55) {
      const options = modules.filter((m) => !(email === "anna.schmidt@musterstadt.example" && m.moduleId === "arbeiten-mit-dolmetschenden"));
      const m = pick(options);
      const due = daysAgo(ctx.now, pick([-45, -20, -7, 5, 12, 30]));
      const done = due < ctx.now && rand() < 0.4;
      assignmentRows.push({ ...base, courseId: m.courseId, moduleId: m.moduleId, dueOn: isoDay(due), assignedBy: lead, createdAt: daysAgo(due, 30), fulfilledAt: done ? daysAgo(due, 3) : null });
    }
  }
  // Anna: one overdue module and one whole course due later.
  const anna = ctx.personIds.get("anna.schmidt@musterstadt.example");
  const jonas = ctx.personIds.get("jonas.weber@musterstadt.example");
  if (anna && jonas) {
    for (const a of assignmentRows.filter((r) => r.personId === anna)) assignmentRows.splice(assignmentRows.indexOf(a), 1);
    assignmentRows.push(
      { authorityId: ctx.authorityId, personId: anna, courseId: "aufenthalt-und-netzwerk", moduleId: "wege-zum-gesicherten-aufenthalt", dueOn: isoDay(daysAgo(ctx.now, 9)), assignedBy: jonas, createdAt: daysAgo(ctx.now, 40) },
      { authorityId: ctx.authorityId, personId: anna, courseId: "interkulturelle-grundlagen", moduleId: null, dueOn: isoDay(daysAgo(ctx.now, -60)), assignedBy: jonas, createdAt: daysAgo(ctx.now, 5) },
    );
  }
  for (let i = 0; i < rows.length; i += 500) await writeEvidence(tx, { insert: rows.slice(i, i + 500) });
  if (assignmentRows.length) await tx.insert(assignments).values(assignmentRows).onConflictDoNothing();
}
