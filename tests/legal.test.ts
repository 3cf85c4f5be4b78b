// Rechtsstand against a real database: HR records a change of the law, the modules citing the
// norm show a notice and appear on the review list, their evidence can be set to expire (levels
// follow), everything is audited, stays inside the authority, and bad input writes nothing.
import crypto from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { getLucia } from "~/auth/lucia.server";
import { CompetenceFormError } from "~/competences/form-error";
import { moduleEvidenceHolders } from "~/competences/evidence.server";
import { currentLevelsSql } from "~/competences/levels.server";
import type { CourseInfo, ModuleInfo } from "~/courses/catalog.server";
import { getCourse, listCourses } from "~/courses/catalog.server";
import { rowsOf, type Queryable } from "~/db/client.server";
import { auditLog, evidence, legalChanges, quizAttempts } from "~/db/schema";
import { affectedModules, expireAffectedModule, LegalFormError, listLegalChanges, moduleLegalStatus, modulesUnderRevision, recordLegalChange, resolveLegalChange } from "~/legal/changes.server";
import * as legalRoute from "~/routes/hr.legal";
import { describeEachDb } from "./support/db";
import { createAuthority, createPerson } from "./support/fixtures";

const COURSE = "aufenthalt-und-netzwerk";
const MODULE = "wege-zum-gesicherten-aufenthalt"; // cites § 81 Abs. 4 AufenthG
const now = new Date("2026-12-01T10:00:00Z");

const moduleOf = (legalBasis: string[], reviewedAt: string | null, id = "m"): ModuleInfo => ({
  courseId: "c",
  id,
  title: `Modul ${id}`,
  summary: "",
  minutes: 10,
  language: "de",
  passMark: 70,
  expiresAfterMonths: 24,
  attemptSize: null,
  leitziele: [],
  legalBasis,
  reviewedAt,
  reviewedBy: null,
  competences: [{ competenceId: "k.residence-paths", level: 2 }],
  position: 0,
  file: "x.mdx",
});
const courseOf = (modules: ModuleInfo[]): CourseInfo => ({ id: "c", title: "Kurs", summary: "", language: "de", modules, minutes: 10 });

async function setup(db: Queryable) {
  const authority = await createAuthority(db);
  const hr = await createPerson(db, { authorityId: authority.id, roles: ["employee", "hr"], givenName: "Hanna", familyName: "Richter" });
  const anna = await createPerson(db, { authorityId: authority.id, givenName: "Anna" });
  const viewer = { id: hr.id, authorityId: authority.id, roles: ["employee", "hr"] as ("employee" | "hr")[], ledUnitIds: [] as string[] };
  return { authority, hr, anna, viewer };
}

/** A passed attempt of `moduleId` with its quiz evidence (as submitAttempt writes it). */
async function passed(db: Queryable, person: { id: string; authorityId: string }, moduleId: string, level: number, validUntil: Date | null) {
  const [attempt] = await db
    .insert(quizAttempts)
    .values({
      authorityId: person.authorityId,
      personId: person.id,
      courseId: COURSE,
      moduleId,
      contentHash: "h",
      answers: {},
      questionPoints: {},
      points: 1,
      maxPoints: 1,
      scorePercent: 100,
      passMark: 70,
      passed: true,
      submissionId: crypto.randomUUID(),
      submittedAt: new Date("2026-06-01T09:00:00Z"),
    })
    .returning({ id: quizAttempts.id });
  const [row] = await db
    .insert(evidence)
    .values({ authorityId: person.authorityId, personId: person.id, competenceId: "k.residence-paths", level, source: "quiz", attemptId: attempt.id, achievedAt: new Date("2026-06-01T09:00:00Z"), validUntil })
    .returning({ id: evidence.id });
  return row.id;
}

async function level(db: Queryable, authorityId: string, personId: string, at: Date) {
  const rows = rowsOf<{ competence_id: string; level: number }>(await db.execute(sql`select * from (${currentLevelsSql(authorityId, at, { personId })}) cl`));
  return rows.find((r) => r.competence_id === "k.residence-paths")?.level ?? 0;
}

async function requestAs(personId: string, method: "GET" | "POST" = "GET", body?: URLSearchParams) {
  const session = await getLucia().createSession(personId, {});
  const headers = new Headers({ Cookie: getLucia().createSessionCookie(session.id).serialize() });
  if (body) headers.set("Content-Type", "application/x-www-form-urlencoded");
  return new Request("http://localhost/hr/legal", { method, headers, body });
}

type RouteFn = (args: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>;
async function call(fn: RouteFn, request: Request): Promise<{ status: number; location?: string | null; body?: unknown }> {
  try {
    const result = (await fn({ request, params: {}, context: {} })) as unknown;
    if (result instanceof Response) return { status: result.status, location: result.headers.get("Location") };
    const d = result as { init?: { status?: number }; data?: unknown; type?: string };
    if (d && d.type === "DataWithResponseInit") return { status: d.init?.status ?? 200, body: d.data };
    return { status: 200, body: result };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, location: thrown.headers.get("Location") };
    throw thrown;
  }
}

describeEachDb("Rechtsstand: which modules a change affects", ({ database }) => {
  it("a change of § 81 AufenthG affects every module citing § 81, one of § 81 Abs. 3 only those citing Abs. 3 or the whole section", async () => {
    const db = database().db;
    const { viewer, authority } = await setup(db);
    const courses = [courseOf([moduleOf(["§ 81 Abs. 4 AufenthG"], "2026-11-15", "abs4"), moduleOf(["§ 81 AufenthG"], "2026-11-15", "whole"), moduleOf(["§ 82 AufenthG", "Art. 6 DSGVO"], null, "other")])];
    await recordLegalChange(db, viewer, { norm: "§ 81 Abs. 3 AufenthG", effectiveOn: "2027-01-01", note: "Neue Fiktionsregel" }, now);
    expect(affectedModules(await listLegalChanges(db, authority.id), courses).map((m) => m.moduleId)).toEqual(["whole"]);
    await recordLegalChange(db, viewer, { norm: "§81 AufenthG", effectiveOn: "2027-01-01", note: "Neufassung" }, now);
    const list = affectedModules(await listLegalChanges(db, authority.id), courses);
    expect(list.map((m) => [m.moduleId, m.changes.map((c) => c.norm).sort()])).toEqual([
      ["abs4", ["§81 AufenthG"]],
      ["whole", ["§ 81 Abs. 3 AufenthG", "§81 AufenthG"]],
    ]);
    expect(list[0].changes[0].citations).toEqual(["§ 81 Abs. 4 AufenthG"]);
  });

  it("stops once the module is reviewed on or after the change's date, or HR resolves it (audited)", async () => {
    const db = database().db;
    const { viewer, authority, hr } = await setup(db);
    const id = await recordLegalChange(db, viewer, { norm: "§ 81 AufenthG", effectiveOn: "2027-01-01", note: "Neufassung" }, now);
    const old = moduleOf(["§ 81 Abs. 4 AufenthG"], "2026-11-15");
    expect((await moduleLegalStatus(db, authority.id, old)).notices).toEqual([{ id, norm: "§ 81 AufenthG", effectiveOn: "2027-01-01", note: "Neufassung" }]);
    expect((await moduleLegalStatus(db, authority.id, { ...old, reviewedAt: "2027-01-01" })).notices).toEqual([]);
    expect(await resolveLegalChange(db, viewer, id, now)).toBe(true);
    expect((await moduleLegalStatus(db, authority.id, old)).notices).toEqual([]);
    expect(await resolveLegalChange(db, viewer, id, now)).toBe(false);
    const entries = await db.select({ action: auditLog.action, actorId: auditLog.actorId, details: auditLog.details }).from(auditLog).where(eq(auditLog.authorityId, authority.id));
    expect(entries.map((e) => e.action).sort()).toEqual(["legal.change.record", "legal.change.resolve"]);
    expect(entries.every((e) => e.actorId === hr.id)).toBe(true);
    expect(entries.find((e) => e.action === "legal.change.record")!.details).toMatchObject({ changeId: id, norm: "§ 81 AufenthG", normKey: "aufenthg|81|", effectiveOn: "2027-01-01" });
  });

  it("the real module citing § 81 Abs. 4 AufenthG is on the review list after HR records a change of § 81 AufenthG", async () => {
    const db = database().db;
    const { viewer, authority } = await setup(db);
    expect(getCourse(COURSE)!.modules.find((m) => m.id === MODULE)!.legalBasis.join(" ")).toMatch(/§ 81\b.*AufenthG/);
    expect(affectedModules(await listLegalChanges(db, authority.id), listCourses())).toEqual([]);
    await recordLegalChange(db, viewer, { norm: "§ 81 AufenthG", effectiveOn: "2099-01-01", note: "Neufassung" }, now);
    const list = affectedModules(await listLegalChanges(db, authority.id), listCourses());
    // Every module relying on § 81: also the two that state the Fiktionsbescheinigung and the
    // continued validity without citing them (verstaendliche-sprache, aktiv-zuhoeren); not the
    // one citing § 81a (fast-track procedure), another section.
    expect(list.map((m) => `${m.courseId}/${m.moduleId}`).sort()).toEqual([
      `${COURSE}/ermessen-und-handlungsspielraum`,
      `${COURSE}/${MODULE}`,
      "interkulturelle-grundlagen/perspektive-der-kundschaft",
      "kommunikation-beratung/aktiv-zuhoeren",
      "kommunikation-beratung/verstaendliche-sprache",
      "service-und-verfahren/digitale-antraege",
    ]);
    // The course page and "Mein Lernen" mark it; another authority's learners see nothing.
    expect(await modulesUnderRevision(db, authority.id, [getCourse(COURSE)!])).toContain(`${COURSE}/${MODULE}`);
    expect(await modulesUnderRevision(db, (await createAuthority(db)).id, listCourses())).toEqual([]);
  });
});

describeEachDb("Rechtsstand: letting a module's evidence expire", ({ database }) => {
  it("sets the expiry of this authority's current evidence from the module; levels drop after that day; one audit entry per person", async () => {
    const db = database().db;
    const { viewer, authority, anna, hr } = await setup(db);
    const ben = await createPerson(db, { authorityId: authority.id, givenName: "Ben" });
    const other = await createAuthority(db, "Kreis");
    const paula = await createPerson(db, { authorityId: other.id });
    const annaEvidence = await passed(db, anna, MODULE, 2, new Date("2028-06-01T09:00:00Z"));
    const benEarly = await passed(db, ben, MODULE, 2, new Date("2027-01-15T12:00:00Z")); // already ends earlier: unchanged
    const benOther = await passed(db, ben, "netzwerke-nutzen", 1, null); // another module: unchanged
    const paulaEvidence = await passed(db, paula, MODULE, 2, null); // another authority: unchanged
    await recordLegalChange(db, viewer, { norm: "§ 81 AufenthG", effectiveOn: "2027-01-01", note: "Neufassung" }, now);
    const courses = listCourses();
    const before = new Date("2027-01-31T10:00:00Z");
    const after = new Date("2027-02-02T10:00:00Z");
    expect(await level(db, authority.id, anna.id, after)).toBe(2);
    const holders = async (at: Date) => (await moduleEvidenceHolders(db, authority.id, [{ courseId: COURSE, moduleId: MODULE }], at)).get(`${COURSE}/${MODULE}`) ?? 0;
    expect([await holders(now), await holders(after)]).toEqual([2, 1]); // Ben's ends on 15 January; Paula is of another authority

    const counts = await expireAffectedModule(db, viewer, courses, { courseId: COURSE, moduleId: MODULE, validUntil: "2027-02-01" }, now);
    expect(counts).toEqual({ evidence: 1, people: 1 });
    expect(await level(db, authority.id, anna.id, before)).toBe(2);
    expect(await level(db, authority.id, anna.id, after)).toBe(0);
    const until = async (id: string) => (await db.select({ v: evidence.validUntil }).from(evidence).where(eq(evidence.id, id)))[0].v?.toISOString() ?? null;
    expect(await until(annaEvidence)).toBe("2027-02-01T12:00:00.000Z");
    expect(await until(benEarly)).toBe("2027-01-15T12:00:00.000Z");
    expect(await until(benOther)).toBeNull();
    expect(await until(paulaEvidence)).toBeNull();
    expect(await level(db, authority.id, ben.id, after)).toBe(1);
    expect([await holders(now), await holders(after)]).toEqual([2, 0]);

    const entries = await db.select().from(auditLog).where(and(eq(auditLog.authorityId, authority.id), eq(auditLog.action, "evidence.expire")));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorId: hr.id, subjectPersonId: anna.id, details: { courseId: COURSE, moduleId: MODULE, validUntil: "2027-02-01", evidenceIds: [annaEvidence] } });
  });

  it("refuses a date in the past, a module no open change affects, and anyone but HR", async () => {
    const db = database().db;
    const { viewer, authority, anna } = await setup(db);
    await passed(db, anna, MODULE, 2, null);
    const courses = listCourses();
    const input = { courseId: COURSE, moduleId: MODULE, validUntil: "2027-02-01" };
    await expect(expireAffectedModule(db, viewer, courses, input, now)).rejects.toMatchObject({ field: "module", messageKey: "legal.errors.notAffected" });
    await recordLegalChange(db, viewer, { norm: "§ 81 AufenthG", effectiveOn: "2027-01-01", note: "Neufassung" }, now);
    await expect(expireAffectedModule(db, viewer, courses, { ...input, validUntil: "2026-11-30" }, now)).rejects.toBeInstanceOf(CompetenceFormError);
    await expect(expireAffectedModule(db, { ...viewer, id: anna.id, roles: ["employee"] }, courses, input, now)).rejects.toMatchObject({ status: 403 });
    await expect(expireAffectedModule(db, viewer, courses, { ...input, moduleId: "netzwerke-nutzen" }, now)).rejects.toBeInstanceOf(LegalFormError);
    expect(await level(db, authority.id, anna.id, new Date("2030-01-01T00:00:00Z"))).toBe(2);
    expect(await db.select().from(auditLog).where(and(eq(auditLog.authorityId, authority.id), eq(auditLog.action, "evidence.expire")))).toEqual([]);
  });
});

describeEachDb("Rechtsstand: the HR page", ({ database }) => {
  const recordForm = (fields: Record<string, string>) => new URLSearchParams({ intent: "record", submissionId: crypto.randomUUID(), norm: "§ 81 AufenthG", effectiveOn: "2027-01-01", note: "Neufassung", ...fields });

  it("records a change once even when the form is sent twice, and lists it with who recorded it", async () => {
    const db = database().db;
    const { hr, authority } = await setup(db);
    const body = recordForm({});
    const first = await call(legalRoute.action as RouteFn, await requestAs(hr.id, "POST", body));
    const second = await call(legalRoute.action as RouteFn, await requestAs(hr.id, "POST", body));
    expect([first.status, first.location]).toEqual([302, "/hr/legal?notice=recorded"]);
    expect([second.status, second.location]).toEqual([302, "/hr/legal?notice=recorded"]);
    expect(await db.select().from(legalChanges).where(eq(legalChanges.authorityId, authority.id))).toHaveLength(1);
    const page = await call(legalRoute.loader as RouteFn, await requestAs(hr.id));
    // It names who recorded it and how many modules it affects (the six real modules relying on § 81).
    const listed = (page.body as { changes: { norm: string; recordedBy: string; modules: number }[] }).changes;
    expect(listed).toMatchObject([{ norm: "§ 81 AufenthG", recordedBy: "Hanna Richter" }]);
    expect(listed[0].modules).toBe(6);
  });

  it("answers bad input with 400 and the field's error, and writes nothing", async () => {
    const db = database().db;
    const { hr, authority } = await setup(db);
    const cases: [Record<string, string>, string, string][] = [
      [{ norm: "Aufenthaltsgesetz" }, "norm", "legal.errors.norm"],
      [{ norm: "§§ 81, 82 AufenthG" }, "norm", "legal.errors.oneNorm"],
      [{ norm: "" }, "norm", "validation.required"],
      [{ effectiveOn: "31.01.2027" }, "effectiveOn", "legal.errors.date"],
      [{ effectiveOn: "2027-02-31" }, "effectiveOn", "legal.errors.date"],
      [{ note: " " }, "note", "validation.required"],
      [{ note: "x".repeat(501) }, "note", 'validation.tooLong|{"max":500}'],
    ];
    for (const [fields, field, message] of cases) {
      const res = await call(legalRoute.action as RouteFn, await requestAs(hr.id, "POST", recordForm(fields)));
      expect(res.status, JSON.stringify(fields)).toBe(400);
      expect((res.body as { result: { error: Record<string, string[]> } }).result.error[field], JSON.stringify(fields)).toEqual([message]);
    }
    const expire = new URLSearchParams({ intent: "expire", submissionId: crypto.randomUUID(), module: `${COURSE}/${MODULE}`, validUntil: "2030-01-01" });
    const res = await call(legalRoute.action as RouteFn, await requestAs(hr.id, "POST", expire));
    expect(res.status).toBe(400);
    expect((res.body as { result: { error: Record<string, string[]> } }).result.error.module).toEqual(["legal.errors.notAffected"]);
    expect(await db.select().from(legalChanges).where(eq(legalChanges.authorityId, authority.id))).toEqual([]);
    expect(await db.select().from(auditLog).where(eq(auditLog.authorityId, authority.id))).toEqual([]);
  });

  it("stays inside the authority: another authority's HR neither sees nor resolves the change; employees get 403", async () => {
    const db = database().db;
    const { viewer, hr, anna, authority } = await setup(db);
    const id = await recordLegalChange(db, viewer, { norm: "§ 81 AufenthG", effectiveOn: "2027-01-01", note: "Neufassung" }, now);
    const other = await createAuthority(db, "Kreis");
    const otherHr = await createPerson(db, { authorityId: other.id, roles: ["employee", "hr"] });
    const page = await call(legalRoute.loader as RouteFn, await requestAs(otherHr.id));
    expect((page.body as { changes: unknown[]; affected: unknown[] }).changes).toEqual([]);
    expect((page.body as { affected: unknown[] }).affected).toEqual([]);
    expect((await moduleLegalStatus(db, other.id, moduleOf(["§ 81 Abs. 4 AufenthG"], "2026-11-15"))).notices).toEqual([]);
    const resolve = () => new URLSearchParams({ intent: "resolve", submissionId: crypto.randomUUID(), changeId: id });
    expect((await call(legalRoute.action as RouteFn, await requestAs(otherHr.id, "POST", resolve()))).status).toBe(404);
    expect((await call(legalRoute.action as RouteFn, await requestAs(anna.id, "POST", resolve()))).status).toBe(403);
    expect((await call(legalRoute.loader as RouteFn, await requestAs(anna.id))).status).toBe(403);
    const [row] = await db.select({ resolvedAt: legalChanges.resolvedAt }).from(legalChanges).where(eq(legalChanges.id, id));
    expect(row.resolvedAt).toBeNull();
    // Its own HR resolves it.
    expect(await call(legalRoute.action as RouteFn, await requestAs(hr.id, "POST", resolve()))).toMatchObject({ status: 302, location: "/hr/legal?notice=resolved" });
    expect((await listLegalChanges(db, authority.id, { openOnly: true })).length).toBe(0);
  });
});
