// The access matrix: every route file and action × every kind of person, over HTTP against the
// production server (fresh demo database), including ids swapped into URLs and hidden fields.
// A route file in app/routes without an entry here fails the first test: add its cases below.
import fs from "node:fs";
import path from "node:path";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { allCompetences } from "~/competences/framework";
import { assignments, authorities, evidence, people, personRoles, roleDescriptions, staffingPlans, staffingScenarios, units } from "~/db/schema";
import { get, h, post, startInProcessServer } from "./support/http-server";

const personas = ["anonymous", "employee", "leadOwn", "leadOther", "hr", "admin", "otherAuthority"] as const;
type Persona = (typeof personas)[number];

/** Who signs in as which persona. otherAuthority is HR *and* admin of the second authority (granted below). */
const accounts: Record<Exclude<Persona, "anonymous">, string> = {
  employee: "anna.schmidt@musterstadt.example", // team "Aufenthalt 1"
  leadOwn: "jonas.weber@musterstadt.example", // lead of "Aufenthalt 1" (Anna's lead)
  leadOther: "lea.yilmaz@musterstadt.example", // lead of "Aufenthalt 2"
  hr: "hr@musterstadt.example",
  admin: "admin@musterstadt.example",
  otherAuthority: "hr@beispielkreis.example",
};

/** Outcome: a status, "login" (redirect to the sign-in page) or "redirect" (any other 3xx). */
type Outcome = number | "login" | "redirect";
type Expectation = Record<Persona, Outcome>;

interface Ids {
  anna: string; // a person of authority A
  paula: string; // a person of authority B
  jonas: string; // lead of "Aufenthalt 1"
  daniel: string; // a person of authority A in "Aufenthalt 2" (Lea's unit, not Jonas's)
  unitA: string; // "Aufenthalt 1"
  unitB: string; // a unit of authority B
  roleA: string; // a role description of authority A
  roleB: string; // a role description of authority B (created below)
  planA: string; // a staffing plan of authority A (demo)
  planB: string; // a staffing plan of authority B (created below)
  scenarioA: string; // a scenario of planA
}

interface Case {
  name: string;
  method?: "GET" | "POST";
  path: (ids: Ids, persona: Persona) => string;
  body?: (ids: Ids, persona: Persona) => URLSearchParams;
  expect: Expectation;
}

const all = (outcome: Outcome): Expectation => Object.fromEntries(personas.map((p) => [p, outcome])) as Expectation;
const signedIn = (outcome: Outcome, overrides: Partial<Expectation> = {}): Expectation => ({ ...all(outcome), anonymous: "login", ...overrides });
/** Admin pages: the admin of A gets `ok`; B's admin gets `other` (own data: ok; A's ids: 404). */
const adminOnly = (ok: Outcome, other: Outcome = ok): Expectation => ({ ...signedIn(403), admin: ok, otherAuthority: other });
const form = (fields: Record<string, string | string[]>) => {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
  return body;
};
const uuid = () => crypto.randomUUID();
const nobody = "00000000-0000-4000-8000-000000000000";
/** Learning pages: employees, leads and HR (everyone with a profile); the admin-only account has none. */
const learners = (ok: Outcome, overrides: Partial<Expectation> = {}): Expectation => signedIn(ok, { admin: 403, ...overrides });
/** HR workspace: HR of each authority; leads, employees and the admin are refused. */
const hrOnly = (ok: Outcome, other: Outcome = ok): Expectation => ({ ...signedIn(403), hr: ok, otherAuthority: other });
/** Team page and its forms: leads only. B's HR person leads nothing (403). */
const leadsOnly = (own: Outcome, other: Outcome = own): Expectation => ({ ...signedIn(403), leadOwn: own, leadOther: other });
/** The other authority's id for B's person, A's id for everyone else ("swapped ids"). */
const swapped = (p: Persona, a: string, b: string) => (p === "otherAuthority" ? a : b);
const competenceId = allCompetences[0].id;
const today = () => new Date().toISOString().slice(0, 10);
const course = "kommunikation-beratung";
const modulePath = `/courses/${course}/aktiv-zuhoeren`;
/** A valid role description form (all competences "not required", one task of 100 %). */
const roleForm = (title: string) =>
  form({
    submissionId: uuid(),
    title,
    payScheme: "TVöD",
    payGrade: "E 9b",
    "tasks[0].title": "Gekapert",
    "tasks[0].category": "other",
    "tasks[0].share": "100",
    requirements: allCompetences.map(() => "0"),
  });

/**
 * One entry per file in app/routes (name without extension). Privacy rule (personal competence
 * data): the person, their own lead (where the authority allows it) and HR of the same authority;
 * another authority → 404; same authority without the right → 403.
 */
const matrix: Record<string, Case[]> = {
  _index: [{ name: "start page", path: () => "/", expect: signedIn(200) }],
  accessibility: [{ name: "accessibility statement", path: () => "/accessibility", expect: all(200) }],
  privacy: [{ name: "privacy page", path: () => "/privacy", expect: all(200) }],
  healthz: [{ name: "health check", path: () => "/healthz", expect: all(200) }],
  login: [
    { name: "sign-in page", path: () => "/login", expect: { ...all("redirect"), anonymous: 200 } },
    {
      name: "wrong credentials",
      method: "POST",
      path: () => "/login",
      body: (_ids, p) => form({ email: `nobody-${p}@matrix.example`, password: "not the password" }),
      // Signed-in people are sent home by the page's loader after the refused attempt.
      expect: { ...all("redirect"), anonymous: 401 },
    },
  ],
  logout: [
    { name: "GET /logout does nothing", path: () => "/logout", expect: all("redirect") },
    // POST /logout is checked in the last test (it ends the persona's session).
  ],
  "set-password": [
    { name: "page without a token", path: () => "/set-password", expect: all(200) },
    { name: "unknown token", method: "POST", path: () => "/set-password", body: () => form({ token: "x".repeat(43), newPassword: "a long new password", confirmPassword: "a long new password" }), expect: all(400) },
  ],
  "settings.language": [
    { name: "switch language", method: "POST", path: () => "/settings/language", body: () => form({ lang: "de", redirectTo: "/" }), expect: all("redirect") },
    { name: "GET redirects", path: () => "/settings/language", expect: all("redirect") },
  ],
  account: [
    { name: "own account", path: () => "/account", expect: signedIn(200) },
    { name: "password change with a wrong current password", method: "POST", path: () => "/account", body: () => form({ currentPassword: "wrong wrong wrong", newPassword: "a long new password", confirmPassword: "a long new password" }), expect: signedIn(400) },
  ],
  "bench.text": [{ name: "baseline B1 without BENCH_ROUTES", path: () => "/bench/text", expect: all(404) }],
  "bench.page": [{ name: "baseline B2 without BENCH_ROUTES", path: () => "/bench/page", expect: all(404) }],
  admin: [{ name: "admin area (layout)", path: () => "/admin/units", expect: adminOnly(200) }],
  "admin._index": [{ name: "admin start", path: () => "/admin", expect: adminOnly("redirect") }],
  "admin.accounts._index": [
    { name: "accounts list", path: () => "/admin/accounts", expect: adminOnly(200) },
    { name: "accounts list as data", path: () => "/admin/accounts.data", expect: adminOnly(200) },
  ],
  "admin.accounts.new": [
    { name: "new account form", path: () => "/admin/accounts/new", expect: adminOnly(200) },
    {
      name: "create with a unit of the other authority in the hidden field",
      method: "POST",
      path: () => "/admin/accounts/new",
      body: (ids, p) => form({ submissionId: uuid(), givenName: "Matrix", familyName: p, email: `matrix-${p}@matrix.example`, fte: "1", roles: "employee", unitId: p === "otherAuthority" ? ids.unitA : ids.unitB }),
      expect: adminOnly(400),
    },
    {
      name: "create as lead of the other authority's unit",
      method: "POST",
      path: () => "/admin/accounts/new",
      body: (ids, p) => form({ submissionId: uuid(), givenName: "Matrix", familyName: p, email: `matrix-lead-${p}@matrix.example`, fte: "1", roles: ["employee", "lead"], ledUnitIds: p === "otherAuthority" ? ids.unitA : ids.unitB }),
      expect: adminOnly(400),
    },
  ],
  "admin.accounts.$personId": [
    { name: "account of authority A", path: (ids) => `/admin/accounts/${ids.anna}`, expect: adminOnly(200, 404) },
    { name: "account of authority B (id swapped)", path: (ids) => `/admin/accounts/${ids.paula}`, expect: adminOnly(404, 200) },
    { name: "unknown id", path: () => `/admin/accounts/${nobody}`, expect: adminOnly(404) },
    { name: "malformed id", path: () => "/admin/accounts/not-a-uuid", expect: adminOnly(404) },
    { name: "password link for A's account", method: "POST", path: (ids) => `/admin/accounts/${ids.anna}`, body: () => form({ intent: "link" }), expect: adminOnly(200, 404) },
    {
      name: "deactivate the other authority's account (id swapped)",
      method: "POST",
      path: (ids, p) => `/admin/accounts/${p === "otherAuthority" ? ids.anna : ids.paula}`,
      body: () => form({ intent: "deactivate" }),
      expect: adminOnly(404),
    },
    {
      name: "edit A's account, giving it roles",
      method: "POST",
      path: (ids) => `/admin/accounts/${ids.anna}`,
      body: (ids) => form({ submissionId: uuid(), givenName: "Anna", familyName: "Schmidt", email: "anna.schmidt@musterstadt.example", fte: "1", roles: "employee", unitId: ids.unitA }),
      expect: adminOnly("redirect", 404),
    },
  ],
  "admin.units": [
    { name: "units", path: () => "/admin/units", expect: adminOnly(200) },
    { name: "create a unit", method: "POST", path: () => "/admin/units", body: (_ids, p) => form({ intent: "create", submissionId: uuid(), name: `Matrix ${p}` }), expect: adminOnly("redirect") },
    {
      name: "rename the other authority's unit (hidden unitId swapped)",
      method: "POST",
      path: () => "/admin/units",
      body: (ids, p) => form({ intent: "update", submissionId: uuid(), unitId: p === "otherAuthority" ? ids.unitA : ids.unitB, name: "Gekapert" }),
      expect: adminOnly(404),
    },
    {
      name: "create below the other authority's unit (hidden parentId swapped)",
      method: "POST",
      path: () => "/admin/units",
      body: (ids, p) => form({ intent: "create", submissionId: uuid(), name: `Unter ${p}`, parentId: p === "otherAuthority" ? ids.unitA : ids.unitB }),
      expect: adminOnly(400),
    },
  ],
  "admin.settings": [
    { name: "settings", path: () => "/admin/settings", expect: adminOnly(200) },
    { name: "save settings", method: "POST", path: () => "/admin/settings", body: () => form({ leadsSeeIndividualProfiles: "on", observedAssessments: "on", minGroupSize: "5", auditRetentionMonths: "24" }), expect: adminOnly("redirect") },
  ],
  // ---- Courses (learners: employee, lead, HR) ----
  "courses._index": [{ name: "course overview", path: () => "/courses", expect: learners(200) }],
  "courses.$course._index": [
    { name: "a course", path: () => `/courses/${course}`, expect: learners(200) },
    { name: "an unknown course", path: () => "/courses/no-such-course", expect: learners(404) },
  ],
  "courses.$course.$module": [
    { name: "a module page", path: () => modulePath, expect: learners(200) },
    { name: "a module page as data", path: () => `${modulePath}.data`, expect: learners(200) },
    { name: "an unknown module", path: () => `/courses/${course}/no-such-module`, expect: learners(404) },
    // Someone else's (or no one's) attempt id in ?attempt= is ignored: the page, without any result.
    { name: "someone else's attempt id", path: () => `${modulePath}?attempt=${nobody}`, expect: learners(200) },
    { name: "quiz against changed content", method: "POST", path: () => modulePath, body: () => form({ intent: "quiz", submissionId: uuid(), contentHash: "stale" }), expect: learners(409) },
    { name: "reflection for an unknown prompt", method: "POST", path: () => modulePath, body: () => form({ intent: "reflection", promptId: "no-such-prompt", body: "x" }), expect: learners(400) },
  ],
  "courses.$course.certificate": [{ name: "certificate of an unfinished course", path: () => `/courses/${course}/certificate`, expect: learners(409) }],
  "course-code.$course.$file": [
    { name: "an unknown module script", path: () => `/course-code/${course}/aktiv-zuhoeren.00000000000000000000.js`, expect: learners(404) },
    { name: "a malformed file name", path: () => `/course-code/${course}/..%2F..%2Fpackage.json`, expect: learners(404) },
  ],
  "certificates.$code": [{ name: "public check of an unknown certificate code", path: () => "/certificates/HZ-UNKNOWN", expect: all(404) }],
  // ---- Competences ----
  "profile._index": [
    // Everyone signed in has their own profile (the admin-only account's is empty): own data only.
    { name: "own profile", path: () => "/profile", expect: signedIn(200) },
    {
      name: "self-assessment of an unknown competence",
      method: "POST",
      path: () => "/profile",
      body: () => form({ intent: "self", submissionId: uuid(), competenceId: "no-such-competence", level: "2" }),
      expect: signedIn(400),
    },
  ],
  "profile.$personId": [
    // Anna herself is sent to /profile; her lead (setting on in the demo) and A's HR see it.
    { name: "Anna's profile", path: (ids) => `/profile/${ids.anna}`, expect: { anonymous: "login", employee: "redirect", leadOwn: 200, leadOther: 403, hr: 200, admin: 403, otherAuthority: 404 } },
    { name: "Anna's profile as data", path: (ids) => `/profile/${ids.anna}.data`, expect: { anonymous: "login", employee: "redirect", leadOwn: 200, leadOther: 403, hr: 200, admin: 403, otherAuthority: 404 } },
    { name: "Daniel's profile (Lea's unit)", path: (ids) => `/profile/${ids.daniel}`, expect: { anonymous: "login", employee: 403, leadOwn: 403, leadOther: 200, hr: 200, admin: 403, otherAuthority: 404 } },
    { name: "Paula's profile (authority B)", path: (ids) => `/profile/${ids.paula}`, expect: { ...signedIn(404), otherAuthority: 200 } },
    { name: "unknown id", path: () => `/profile/${nobody}`, expect: signedIn(404) },
    { name: "malformed id", path: () => "/profile/not-a-uuid", expect: signedIn(404) },
    {
      name: "certificate for a person of the other authority (id swapped)",
      method: "POST",
      path: (ids, p) => `/profile/${swapped(p, ids.anna, ids.paula)}`,
      body: () => form({ intent: "certificate", submissionId: uuid(), competenceId, level: "3", achievedOn: today(), note: "matrix-refused" }),
      // Only HR records certificates (403 for everyone else, before the person is looked up).
      expect: { ...signedIn(403), hr: 404, otherAuthority: 404 },
    },
    {
      name: "certificate for Anna by people who are not HR",
      method: "POST",
      path: (ids) => `/profile/${ids.anna}`,
      // Only A's HR succeeds (its note differs); B's HR person does not find Anna (404).
      body: (_ids, p) => form({ intent: "certificate", submissionId: uuid(), competenceId, level: "3", achievedOn: today(), note: p === "hr" ? "matrix-hr" : "matrix-refused" }),
      expect: { ...signedIn(403), hr: "redirect", otherAuthority: 404 },
    },
  ],
  "roles.$roleId": [
    { name: "role description of authority A", path: (ids) => `/roles/${ids.roleA}`, expect: signedIn(200, { otherAuthority: 404 }) },
    { name: "role description of authority B (id swapped)", path: (ids) => `/roles/${ids.roleB}`, expect: { ...signedIn(404), otherAuthority: 200 } },
    { name: "malformed id", path: () => "/roles/not-a-uuid", expect: signedIn(404) },
  ],
  team: [
    { name: "team page", path: () => "/team", expect: leadsOnly(200) },
    { name: "team page as data", path: () => "/team.data", expect: leadsOnly(200) },
    { name: "team of Aufenthalt 1", path: (ids) => `/team?unit=${ids.unitA}`, expect: leadsOnly(200, 403) },
    { name: "team of a unit of authority B", path: (ids) => `/team?unit=${ids.unitB}`, expect: leadsOnly(404) },
    {
      name: "observation for a member of another unit (hidden personId swapped)",
      method: "POST",
      path: () => "/team",
      body: (ids, p) => form({ intent: "observe", submissionId: uuid(), personId: p === "leadOther" ? ids.anna : ids.daniel, competenceId, level: "3", observedOn: today(), note: "matrix-refused" }),
      expect: leadsOnly(403),
    },
    {
      name: "observation for a person of authority B",
      method: "POST",
      path: () => "/team",
      body: (ids) => form({ intent: "observe", submissionId: uuid(), personId: ids.paula, competenceId, level: "3", observedOn: today(), note: "matrix-refused" }),
      expect: leadsOnly(404),
    },
    {
      name: "observation of oneself",
      method: "POST",
      path: () => "/team",
      body: (ids) => form({ intent: "observe", submissionId: uuid(), personId: ids.jonas, competenceId, level: "3", observedOn: today(), note: "matrix-refused" }),
      // Jonas is not his own member; for Lea he is of another unit.
      expect: leadsOnly(403),
    },
    {
      name: "assignment to an own member and one of another unit",
      method: "POST",
      path: () => "/team",
      body: (ids) => form({ intent: "assign", submissionId: uuid(), personIds: [ids.anna, ids.daniel], target: `course:${course}`, dueOn: "2031-01-01" }),
      expect: leadsOnly(403),
    },
    {
      name: "assignment to a person of authority B",
      method: "POST",
      path: () => "/team",
      body: (ids) => form({ intent: "assign", submissionId: uuid(), personIds: ids.paula, target: `course:${course}`, dueOn: "2031-01-01" }),
      expect: leadsOnly(404),
    },
  ],
  // ---- HR workspace (HR only; the admin sees the audit log) ----
  hr: [{ name: "HR area (layout) via the audit log", path: () => "/hr/audit", expect: { ...hrOnly(200), admin: 200 } }],
  "hr._index": [{ name: "HR start", path: () => "/hr", expect: hrOnly(200) }],
  "hr.audit": [
    { name: "audit log", path: () => "/hr/audit", expect: { ...hrOnly(200), admin: 200 } },
    { name: "audit log as data", path: () => "/hr/audit.data", expect: { ...hrOnly(200), admin: 200 } },
  ],
  "hr.coverage": [
    { name: "coverage", path: () => "/hr/coverage", expect: hrOnly(200) },
    { name: "coverage by role", path: () => "/hr/coverage?by=role", expect: hrOnly(200) },
  ],
  "hr.export": [
    { name: "coverage as CSV", path: () => "/hr/export?report=coverage&format=csv", expect: hrOnly(200) },
    { name: "an unknown export", path: () => "/hr/export?report=passwords&format=csv", expect: hrOnly(400) },
  ],
  "hr.import": [
    { name: "import page", path: () => "/hr/import", expect: hrOnly(200) },
    { name: "an unknown batch", path: () => `/hr/import?batch=${nobody}`, expect: hrOnly(200) },
    { name: "commit an unknown batch", method: "POST", path: () => "/hr/import", body: () => form({ intent: "commit", batchId: nobody, submissionId: uuid() }), expect: hrOnly(400) },
  ],
  "hr.import.upload": [
    { name: "GET is not a page", path: () => "/hr/import/upload", expect: all(404) },
    { name: "upload without a file", method: "POST", path: () => "/hr/import/upload", body: () => form({ x: "1" }), expect: hrOnly(400) },
  ],
  "hr.people": [
    { name: "people", path: () => "/hr/people", expect: hrOnly(200) },
    {
      name: "role and FTE of a person of the other authority (hidden personId swapped)",
      method: "POST",
      path: () => "/hr/people",
      body: (ids, p) => form({ submissionId: uuid(), personId: swapped(p, ids.anna, ids.paula), unitId: swapped(p, ids.unitA, ids.unitB), roleDescriptionId: "", fte: "0.1" }),
      expect: hrOnly(400),
    },
    {
      name: "the other authority's role description for an own person (hidden roleDescriptionId swapped)",
      method: "POST",
      path: () => "/hr/people",
      body: (ids, p) => form({ submissionId: uuid(), personId: swapped(p, ids.paula, ids.anna), unitId: swapped(p, ids.unitB, ids.unitA), roleDescriptionId: swapped(p, ids.roleA, ids.roleB), fte: "0.1" }),
      expect: hrOnly(400),
    },
  ],
  "hr.roles._index": [{ name: "role descriptions", path: () => "/hr/roles", expect: hrOnly(200) }],
  "hr.roles.new": [
    { name: "new role form", path: () => "/hr/roles/new", expect: hrOnly(200) },
    { name: "create without a title", method: "POST", path: () => "/hr/roles/new", body: () => roleForm(""), expect: hrOnly(400) },
  ],
  "hr.roles.$roleId": [
    { name: "role of authority A", path: (ids) => `/hr/roles/${ids.roleA}`, expect: hrOnly(200, 404) },
    { name: "role of authority B (id swapped)", path: (ids) => `/hr/roles/${ids.roleB}`, expect: hrOnly(404, 200) },
    { name: "malformed id", path: () => "/hr/roles/not-a-uuid", expect: hrOnly(404) },
    { name: "edit the other authority's role (id swapped)", method: "POST", path: (ids, p) => `/hr/roles/${swapped(p, ids.roleA, ids.roleB)}`, body: () => roleForm("Gekapert"), expect: hrOnly(404) },
    {
      name: "retire the other authority's role (id swapped)",
      method: "POST",
      path: (ids, p) => `/hr/roles/${swapped(p, ids.roleA, ids.roleB)}`,
      body: () => form({ intent: "retire", submissionId: uuid() }),
      expect: hrOnly(404),
    },
    { name: "copy the other authority's role (id swapped)", method: "POST", path: (ids, p) => `/hr/roles/${swapped(p, ids.roleA, ids.roleB)}`, body: () => form({ intent: "copy", submissionId: uuid() }), expect: hrOnly(404) },
  ],
  "hr.staffing._index": [
    { name: "staffing plans", path: () => "/hr/staffing", expect: hrOnly(200) },
    {
      name: "a plan for the other authority's unit (hidden unitId swapped)",
      method: "POST",
      path: () => "/hr/staffing",
      body: (ids, p) => form({ submissionId: uuid(), unitId: swapped(p, ids.unitA, ids.unitB), year: "2031", netHoursPerFte: "1600", netHoursSource: "KGSt", allowancePercent: "10" }),
      expect: hrOnly(400),
    },
  ],
  "hr.staffing.$planId": [
    { name: "plan of authority A", path: (ids) => `/hr/staffing/${ids.planA}`, expect: hrOnly(200, 404) },
    { name: "plan of authority B (id swapped)", path: (ids) => `/hr/staffing/${ids.planB}`, expect: hrOnly(404, 200) },
    {
      name: "a scenario for the other authority's plan (id swapped)",
      method: "POST",
      path: (ids, p) => `/hr/staffing/${swapped(p, ids.planA, ids.planB)}`,
      body: () => form({ intent: "scenario", submissionId: uuid(), name: "Gekapert", casesChangePercent: "10" }),
      expect: hrOnly(404),
    },
    {
      name: "delete A's scenario through B's plan (hidden scenarioId swapped)",
      method: "POST",
      path: (ids, p) => `/hr/staffing/${p === "otherAuthority" ? ids.planB : ids.planA}`,
      // A's HR names a scenario that is not of plan A (nothing); B's HR names A's scenario through plan B.
      body: (ids, p) => form({ intent: "delete-scenario", submissionId: uuid(), scenarioId: p === "otherAuthority" ? ids.scenarioA : nobody }),
      expect: hrOnly("redirect"),
    },
  ],
};

function routeFiles() {
  const dir = path.resolve(import.meta.dirname, "../app/routes");
  return fs
    .readdirSync(dir)
    .filter((f) => /\.(tsx?|jsx?)$/.test(f) && !f.includes(".test."))
    .map((f) => f.replace(/\.(tsx?|jsx?)$/, ""))
    .sort();
}

function matches(status: number, location: string | null, expected: Outcome) {
  // Single-fetch data requests (.data) answer a redirect with 202 and the target in Location.
  const redirected = (status >= 300 && status < 400) || (status === 202 && !!location);
  if (expected === "login") return redirected && !!location?.startsWith("/login");
  if (expected === "redirect") return redirected && !location?.startsWith("/login?redirectTo");
  return status === expected;
}

describe("the access matrix", () => {
  let server: Awaited<ReturnType<typeof startInProcessServer>>;
  const cookies = new Map<Persona, string | null>([["anonymous", null]]);
  let ids: Ids;

  beforeAll(async () => {
    server = await startInProcessServer(Number(process.env.HTTP_TEST_PORT_BASE ?? 3330) + 4);
    const db = getDb();
    const find = async (email: string) => (await db.select({ id: people.id, authorityId: people.authorityId, unitId: people.unitId }).from(people).where(eq(people.email, email)))[0];
    const anna = await find(accounts.employee);
    const paula = await find("paula.meyer@beispielkreis.example");
    const otherHr = await find(accounts.otherAuthority);
    // The second authority's HR person is its admin too: cross-authority attempts by an admin.
    await db.insert(personRoles).values({ personId: otherHr.id, role: "admin" }).onConflictDoNothing();
    const [unitB] = await db.select({ id: units.id }).from(units).where(eq(units.authorityId, paula.authorityId));
    const [unitA] = await db.select({ id: units.id }).from(units).where(and(eq(units.authorityId, anna.authorityId), eq(units.name, "Aufenthalt 1")));
    const jonas = await find(accounts.leadOwn);
    const daniel = await find("daniel.fischer@musterstadt.example");
    const [roleA] = await db.select({ id: roleDescriptions.id }).from(roleDescriptions).where(eq(roleDescriptions.authorityId, anna.authorityId)).limit(1);
    const [roleB] = await db.insert(roleDescriptions).values({ authorityId: paula.authorityId, title: "Sachbearbeitung Kreis", payScheme: "TVöD", payGrade: "E 9a" }).returning({ id: roleDescriptions.id });
    const [planA] = await db.select({ id: staffingPlans.id }).from(staffingPlans).where(eq(staffingPlans.authorityId, anna.authorityId)).limit(1);
    const [scenarioA] = await db.select({ id: staffingScenarios.id }).from(staffingScenarios).where(eq(staffingScenarios.planId, planA.id)).limit(1);
    const [planB] = await db
      .insert(staffingPlans)
      .values({ authorityId: paula.authorityId, unitId: unitB.id, year: 2026, netHoursPerFte: 1600, netHoursSource: "Matrix" })
      .returning({ id: staffingPlans.id });
    ids = { anna: anna.id, paula: paula.id, jonas: jonas.id, daniel: daniel.id, unitA: unitA.id, unitB: unitB.id, roleA: roleA.id, roleB: roleB.id, planA: planA.id, planB: planB.id, scenarioA: scenarioA.id };
    for (const [persona, email] of Object.entries(accounts)) cookies.set(persona as Persona, await h.signIn(server.url, email));
  }, 180_000);

  afterAll(async () => {
    await server?.close();
  });

  it("has an entry for every route file in app/routes (and none for a missing file)", () => {
    const files = routeFiles();
    expect(files.filter((f) => !(f in matrix)), "route files without matrix entries").toEqual([]);
    expect(Object.keys(matrix).filter((k) => !files.includes(k)), "matrix entries without route files").toEqual([]);
  });

  const cases = Object.entries(matrix).flatMap(([file, list]) => list.map((c) => ({ file, ...c })));
  it.each(cases.map((c) => [`${c.file}: ${c.method ?? "GET"} ${c.name}`, c] as const))("%s", async (_label, c) => {
    const failures: string[] = [];
    for (const persona of personas) {
      const cookie = cookies.get(persona) ?? null;
      const url = c.path(ids, persona);
      const res = c.method === "POST" ? await post(server.url, url, c.body?.(ids, persona) ?? null, cookie) : await get(server.url, url, cookie);
      await res.arrayBuffer();
      const expected = c.expect[persona];
      if (!matches(res.status, res.headers.get("location"), expected)) failures.push(`${persona}: expected ${expected}, got ${res.status} ${res.headers.get("location") ?? ""}`);
    }
    expect(failures).toEqual([]);
  });

  it("nothing crossed the authority border or was created by a refused request", async () => {
    const db = getDb();
    const created = await db.select({ email: people.email, authorityId: people.authorityId }).from(people).where(eq(people.givenName, "Matrix"));
    expect(created).toEqual([]);
    const [unitB] = await db.select({ name: units.name }).from(units).where(eq(units.id, ids.unitB));
    expect(unitB.name).not.toBe("Gekapert");
    const active = await db.select({ active: people.active }).from(people).where(eq(people.id, ids.paula));
    const annaActive = await db.select({ active: people.active }).from(people).where(eq(people.id, ids.anna));
    expect([active[0].active, annaActive[0].active]).toEqual([true, true]);
    // Competences: no refused observation or certificate, no refused assignment.
    expect(await db.select({ id: evidence.id }).from(evidence).where(eq(evidence.note, "matrix-refused"))).toEqual([]);
    expect(await db.select({ id: assignments.id }).from(assignments).where(eq(assignments.dueOn, "2031-01-01"))).toEqual([]);
    // HR: roles, people, plans and scenarios of the other authority untouched.
    const roles = await db.select({ id: roleDescriptions.id, title: roleDescriptions.title, status: roleDescriptions.status, version: roleDescriptions.version }).from(roleDescriptions);
    expect(roles.filter((r) => r.title === "Gekapert" || r.title.startsWith("Sachbearbeitung Kreis ") || r.status !== "active")).toEqual([]);
    expect(roles.filter((r) => r.id === ids.roleA || r.id === ids.roleB).map((r) => r.version)).toEqual([1, 1]);
    const ftes = await db.select({ id: people.id, fte: people.fte, role: people.roleDescriptionId }).from(people).where(inArray(people.id, [ids.anna, ids.paula]));
    expect(ftes.filter((f) => Number(f.fte) === 0.1 || (f.id === ids.anna && f.role === ids.roleB) || (f.id === ids.paula && f.role === ids.roleA))).toEqual([]);
    expect(await db.select({ id: staffingScenarios.id }).from(staffingScenarios).where(eq(staffingScenarios.name, "Gekapert"))).toEqual([]);
    expect(await db.select({ id: staffingScenarios.id }).from(staffingScenarios).where(eq(staffingScenarios.id, ids.scenarioA))).toHaveLength(1);
    expect(await db.select({ id: staffingPlans.id }).from(staffingPlans).where(eq(staffingPlans.year, 2031))).toEqual([]);
  });

  it("with leadsSeeIndividualProfiles off, a lead gets no individual competence data (profile 403, team aggregates only)", async () => {
    const db = getDb();
    const [anna] = await db.select({ authorityId: people.authorityId }).from(people).where(eq(people.id, ids.anna));
    const [row] = await db.select({ settings: authorities.settings }).from(authorities).where(eq(authorities.id, anna.authorityId));
    await db.update(authorities).set({ settings: { ...(row.settings as object), leadsSeeIndividualProfiles: false, minGroupSize: 5 } }).where(eq(authorities.id, anna.authorityId));
    try {
      const lead = cookies.get("leadOwn")!;
      expect((await get(server.url, `/profile/${ids.anna}`, lead)).status).toBe(403);
      const page = await get(server.url, "/team", lead);
      const html = await page.text();
      expect(page.status).toBe(200);
      expect(html).not.toMatch(/matrix-caption|class="cell cell--/);
      expect(html).toContain("<caption>");
      expect(html).not.toContain(`/profile/${ids.anna}`);
      // HR of the same authority still sees the profile.
      expect((await get(server.url, `/profile/${ids.anna}`, cookies.get("hr")!)).status).toBe(200);
    } finally {
      await db.update(authorities).set({ settings: row.settings }).where(eq(authorities.id, anna.authorityId));
    }
  });

  it("logout: POST ends the session of everyone signed in; anonymous is sent to the sign-in page", async () => {
    for (const persona of personas) {
      const cookie = cookies.get(persona) ?? null;
      const res = await post(server.url, "/logout", null, cookie);
      expect(res.status, persona).toBe(302);
      expect(res.headers.get("location")).toBe("/login?signedOut=1");
      if (cookie) expect((await get(server.url, "/account", cookie)).status, persona).toBe(302);
    }
  });
});
