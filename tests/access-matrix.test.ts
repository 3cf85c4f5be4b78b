// The access matrix: every route file and action × every kind of person, over HTTP against the
// production server (fresh demo database), including ids swapped into URLs and hidden fields.
// A route file in app/routes without an entry here fails the first test: add its cases below.
// Each case runs a second time against the route module alone (its loader or action from the
// production build, called with a Request and the URL's params): a child route that lost its own
// check fails there even where its parent layout still answers 403 over HTTP. Every text answer
// is also read for NUL bytes (this is the one test that fetches every page as every persona).
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { allCompetences } from "~/competences/framework";
import { assignments, auditLog, authorities, events, evidence, legalChanges, people, personRoles, roleDescriptions, staffingPlans, staffingScenarios, units } from "~/db/schema";
import { get, h, post, startInProcessServer } from "./support/http-server";
import { testPort } from "./support/ports";

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
  changeA: string; // a recorded change in the law of authority A (cited by no module)
  changeB: string; // the same for authority B
  adminA: string; // the admin of authority A (holds only the admin role)
  eventA: string; // the demo series of authority A that has begun (attendance can be taken)
  eventB: string; // an event of authority B
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
  // Directory sign-in: no provider is configured on the matrix server, so the start sends
  // everyone back to /login and a callback without a sign-in in progress is refused (400).
  "auth.oidc": [{ name: "start directory sign-in without a provider", path: () => "/auth/oidc", expect: all("redirect") }],
  "auth.oidc_.callback": [
    { name: "callback without a sign-in in progress", path: () => "/auth/oidc/callback?code=forged&state=forged", expect: all(400) },
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
  "account_.mail": [
    { name: "own mail choices", path: () => "/account/mail", expect: signedIn(200) },
    { name: "switch reminders off", method: "POST", path: () => "/account/mail", body: () => form({ on: "assignment.overdue" }), expect: signedIn("redirect") },
    { name: "an unknown kind of mail", method: "POST", path: () => "/account/mail", body: () => form({ on: "account.welcome" }), expect: signedIn(400) },
  ],
  "bench.text": [{ name: "baseline B1 without BENCH_ROUTES", path: () => "/bench/text", expect: all(404) }],
  "bench.page": [{ name: "baseline B2 without BENCH_ROUTES", path: () => "/bench/page", expect: all(404) }],
  admin: [{ name: "admin area (layout)", path: () => "/admin/units", expect: adminOnly(200) }],
  "admin._index": [{ name: "admin start", path: () => "/admin", expect: adminOnly("redirect") }],
  "account_.data": [
    { name: "own data (Art. 15)", path: () => "/account/data", expect: signedIn(200) },
    { name: "own data as data", path: () => "/account/data.data", expect: signedIn(200) },
  ],
  "account_.data[.]json": [{ name: "own data as JSON download", path: () => "/account/data.json", expect: signedIn(200) }],
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
      // Administration is no reason to read profiles: an admin cannot make themselves HR or a lead.
      name: "grant oneself the HR role",
      method: "POST",
      path: (ids) => `/admin/accounts/${ids.adminA}`,
      body: (ids) => form({ submissionId: uuid(), givenName: "Markus", familyName: "Lehmann", email: "admin@musterstadt.example", fte: "1", roles: ["admin", "hr", "lead"], ledUnitIds: ids.unitA }),
      expect: adminOnly(400, 404),
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
  "admin.sso": [
    { name: "directory sign-in settings", path: () => "/admin/sso", expect: adminOnly(200) },
    { name: "remove directory sign-in", method: "POST", path: () => "/admin/sso", body: () => form({ intent: "remove" }), expect: adminOnly("redirect") },
    { name: "save directory sign-in with a non-https issuer", method: "POST", path: () => "/admin/sso", body: () => form({ intent: "save", issuer: "http://directory.example", clientId: "x", clientSecret: "y" }), expect: adminOnly(400) },
  ],
  "admin.settings": [
    { name: "settings", path: () => "/admin/settings", expect: adminOnly(200) },
    { name: "save settings", method: "POST", path: () => "/admin/settings", body: () => form({ leadsSeeIndividualProfiles: "on", observedAssessments: "on", minGroupSize: "5", auditRetentionMonths: "24", leaverRetentionMonths: "6", retakeWaitMinutes: "0" }), expect: adminOnly("redirect") },
    { name: "change the credential signing key", method: "POST", path: () => "/admin/settings", body: () => form({ intent: "rotateKey", submissionId: uuid(), confirm: "on" }), expect: adminOnly("redirect") },
    // A statement id of no statement: the admin's own authority has none by it (404), everyone else is refused first.
    { name: "send an unknown xAPI statement again", method: "POST", path: () => "/admin/settings", body: () => form({ intent: "retryXapi", submissionId: uuid(), statementId: nobody }), expect: adminOnly(404) },
  ],
  "admin.mail": [
    { name: "mail outbox", path: () => "/admin/mail", expect: adminOnly(200) },
    { name: "mail outbox with a preview of an unknown mail", path: () => `/admin/mail?preview=${uuid()}`, expect: adminOnly(200) },
  ],
  // ---- Courses (learners: employee, lead, HR) ----
  "events._index": [{ name: "workshops", path: () => "/events", expect: signedIn(200) }],
  "events.$eventId": [
    { name: "a workshop of authority A", path: (ids) => `/events/${ids.eventA}`, expect: signedIn(200, { otherAuthority: 404 }) },
    {
      name: "attendance for someone not registered",
      method: "POST",
      path: (ids) => `/events/${ids.eventA}`,
      body: (ids) => form({ intent: "attendance", submissionId: uuid(), [`attendance:${ids.anna}`]: "full" }),
      expect: { ...signedIn(403), hr: 400, otherAuthority: 404 },
    },
    {
      name: "cancel the other authority's event (id swapped)",
      method: "POST",
      path: (ids, p) => `/events/${swapped(p, ids.eventA, ids.eventB)}`,
      body: () => form({ intent: "cancelEvent", submissionId: uuid() }),
      expect: signedIn(404),
    },
  ],
  "events.new": [
    { name: "create-workshop form", path: () => "/events/new", expect: { ...signedIn(403), leadOwn: 200, leadOther: 200, hr: 200, otherAuthority: 200 } },
    {
      name: "create a workshop for the other authority's unit (unitId swapped)",
      method: "POST",
      path: () => "/events/new",
      body: (ids, p) =>
        form({
          submissionId: uuid(),
          title: "Matrix",
          trainerName: "Extern",
          place: "Raum 1",
          capacity: "5",
          deadlineDate: "2027-03-20",
          deadlineTime: "12:00",
          cost: "0",
          unitId: p === "otherAuthority" ? ids.unitA : ids.unitB,
          "sessions[0].date": "2027-03-25",
          "sessions[0].start": "09:00",
          "sessions[0].end": "12:00",
        }),
      expect: { ...signedIn(403), leadOwn: 403, leadOther: 403, hr: 400, otherAuthority: 400 },
    },
  ],
  "events.$eventId_.move": [
    { name: "move form of an authority-wide workshop", path: (ids) => `/events/${ids.eventA}/move`, expect: { ...signedIn(403), hr: 200, otherAuthority: 404 } },
    {
      name: "move the other authority's workshop (id swapped)",
      method: "POST",
      path: (ids, p) => `/events/${swapped(p, ids.eventA, ids.eventB)}/move`,
      body: () => form({ submissionId: uuid(), "sessions[0].date": "2027-03-25", "sessions[0].start": "09:00", "sessions[0].end": "12:00" }),
      expect: signedIn(404),
    },
  ],
  "events.$eventId.sheet[.]pdf": [{ name: "sign-in sheet", path: (ids) => `/events/${ids.eventA}/sheet.pdf`, expect: { ...signedIn(403), hr: 200, otherAuthority: 404 } }],
  "events.$eventId[.]ics": [{ name: "calendar file without a registration", path: (ids) => `/events/${ids.eventA}.ics`, expect: signedIn(404) }],
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
  // Redaktion: editors only (in the demo HR of authority A is an editor; B's HR is not).
  "authoring._index": [
    { name: "the authoring workspace", path: () => "/authoring", expect: { ...signedIn(403), hr: 200 } },
    { name: "copy an unknown module", method: "POST", path: () => "/authoring", body: () => form({ intent: "copy", module: "gibt-es/nicht" }), expect: { ...signedIn(403), hr: 400 } },
    { name: "a new course with a slug that climbs out", method: "POST", path: () => "/authoring", body: () => form({ intent: "newCourse", submissionId: uuid(), slug: "../x", title: "T", summary: "S" }), expect: { ...signedIn(403), hr: 400 } },
    {
      name: "a new module in a course that does not exist",
      method: "POST",
      path: () => "/authoring",
      body: () => form({ intent: "newModule", submissionId: uuid(), course: "gibt-es-nicht", slug: "neu", title: "T", summary: "S", competence: "c.active-listening" }),
      expect: { ...signedIn(403), hr: 400 },
    },
  ],
  "authoring.$id": [
    { name: "an authored module that does not exist", path: () => `/authoring/${nobody}`, expect: { ...signedIn(403), hr: 404 } },
    { name: "save an authored module that does not exist", method: "POST", path: () => `/authoring/${nobody}`, body: () => form({ intent: "save", source: "x", revision: "1" }), expect: { ...signedIn(403), hr: 404 } },
  ],
  "authoring.courses.$course.export": [
    { name: "zip export of a course that does not exist", path: () => "/authoring/courses/no-such-course/export", expect: { ...signedIn(403), hr: 404 } },
  ],
  "account_.xapi[.]json": [{ name: "one's own xAPI statements", path: () => "/account/xapi.json", expect: signedIn(200) }],
  // Open Badges: the issuer, key and status documents are public by design (verifiers fetch them);
  // an unknown id is a 404 for everyone. A credential is issued only to its own learner.
  "badges.issuers.$authorityId": [{ name: "issuer document of an unknown authority", path: () => `/badges/issuers/${nobody}`, expect: all(404) }],
  "badges.keys.$keyId": [{ name: "an unknown signing key", path: () => `/badges/keys/${nobody}`, expect: all(404) }],
  "badges.status.$authorityId": [{ name: "status list of an unknown authority", path: () => `/badges/status/${nobody}`, expect: all(404) }],
  "badges.verify": [{ name: "the verify endpoint answers GET with 405 (it takes a POSTed credential)", path: () => "/badges/verify", expect: all(405) }],
  "courses.$course.credential": [{ name: "credential of an unknown course", path: () => "/courses/no-such-course/credential", expect: learners(404) }],
  "events.$eventId.credential": [{ name: "credential of an event one did not attend", path: (ids) => `/events/${ids.eventA}/credential`, expect: signedIn(404) }],
  "authoring.$id.export": [{ name: "export of a module that does not exist", path: () => `/authoring/${nobody}/export`, expect: { ...signedIn(403), hr: 404 } }],
  "authoring.preview-code.$file": [
    { name: "an unknown preview script", path: () => `/authoring/preview-code/${nobody}.00000000000000000000.js`, expect: { ...signedIn(403), hr: 404 } },
  ],
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
    {
      name: "marking notifications read with a malformed id",
      method: "POST",
      path: () => "/profile",
      body: () => form({ intent: "notifications-read", back: "/", ids: "x" }),
      expect: signedIn(400),
    },
    {
      name: "marking someone else's (or no) notification read changes nothing",
      method: "POST",
      path: () => "/profile",
      body: () => form({ intent: "notifications-read", back: "/", ids: nobody }),
      expect: signedIn("redirect"),
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
    {
      name: "workshop assignment to an own member and one of another unit",
      method: "POST",
      path: () => "/team",
      body: (ids) => form({ intent: "assign", submissionId: uuid(), personIds: [ids.anna, ids.daniel], target: `event:${ids.eventA}` }),
      expect: leadsOnly(403),
    },
    {
      name: "workshop assignment of a workshop of authority B (field error, nothing written)",
      method: "POST",
      path: () => "/team",
      body: (ids) => form({ intent: "assign", submissionId: uuid(), personIds: ids.anna, target: `event:${ids.eventB}` }),
      expect: leadsOnly(400, 403),
    },
    {
      name: "withdrawing an assignment that does not exist (nothing to do)",
      method: "POST",
      path: () => "/team",
      body: () => form({ intent: "withdraw", assignmentId: nobody }),
      expect: leadsOnly("redirect"),
    },
    {
      name: "withdrawing with a malformed id",
      method: "POST",
      path: () => "/team",
      body: () => form({ intent: "withdraw", assignmentId: "x" }),
      expect: leadsOnly(400),
    },
  ],
  "team.export": [
    { name: "team as CSV", path: () => "/team/export?format=csv", expect: leadsOnly(200) },
    { name: "team as XLSX", path: () => "/team/export?format=xlsx", expect: leadsOnly(200) },
    { name: "Aufenthalt 1 as CSV", path: (ids) => `/team/export?format=csv&unit=${ids.unitA}`, expect: leadsOnly(200, 403) },
    { name: "a unit of authority B", path: (ids) => `/team/export?format=csv&unit=${ids.unitB}`, expect: leadsOnly(404) },
    { name: "an unknown format", path: () => "/team/export?format=pdf", expect: leadsOnly(400) },
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
      name: "record a person of the other authority as left (hidden personId swapped)",
      method: "POST",
      path: () => "/hr/people",
      body: (ids, p) => form({ intent: "leave", submissionId: uuid(), personId: swapped(p, ids.anna, ids.paula), unitId: swapped(p, ids.unitA, ids.unitB) }),
      expect: hrOnly(400),
    },
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
  "hr.legal": [
    { name: "changes in the law", path: () => "/hr/legal", expect: hrOnly(200) },
    {
      name: "record a change with an unreadable norm",
      method: "POST",
      path: () => "/hr/legal",
      body: () => form({ intent: "record", submissionId: uuid(), norm: "Aufenthaltsgesetz", effectiveOn: "2031-01-01", note: "matrix-refused" }),
      expect: hrOnly(400),
    },
    {
      name: "resolve the other authority's change (hidden changeId swapped)",
      method: "POST",
      path: () => "/hr/legal",
      body: (ids, p) => form({ intent: "resolve", submissionId: uuid(), changeId: swapped(p, ids.changeA, ids.changeB) }),
      expect: hrOnly(404),
    },
    {
      name: "let evidence of a module expire that no open change affects",
      method: "POST",
      path: () => "/hr/legal",
      body: () => form({ intent: "expire", submissionId: uuid(), module: "kommunikation-beratung/aktiv-zuhoeren", validUntil: "2031-01-01" }),
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
      // Nothing to delete: 404, and no audit entry claims a deletion.
      expect: hrOnly(404),
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

/** A route module of the production build, as the Remix server sees it. */
interface BuiltRoute {
  path?: string;
  parentId?: string;
  module: Partial<Record<"loader" | "action", (args: { request: Request; params: Record<string, string>; context: object }) => unknown>>;
}

function fullPattern(routes: Record<string, BuiltRoute>, id: string): string {
  const route = routes[id];
  const parent = route.parentId ? fullPattern(routes, route.parentId) : "";
  return [parent, route.path ?? ""].filter(Boolean).join("/");
}

/** The params the URL gives `id` (React Router's rules: `:name` is a whole segment or its start), or null. */
function paramsFor(routes: Record<string, BuiltRoute>, id: string, pathname: string): Record<string, string> | null {
  const names: string[] = [];
  const escaped = fullPattern(routes, id).replace(/[\\.*+^${}|()[\]]/g, "\\$&");
  const source = escaped.replace(/(^|\/):([\w-]+)/g, (_m, slash: string, name: string) => {
    names.push(name);
    return `${slash}([^/]+)`;
  });
  // A layout answers for the paths below it too.
  const match = new RegExp(`^/${source}(?:/.*)?$`).exec(pathname);
  if (!match) return null;
  return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1])]));
}

/** What a loader or action produced (returned or thrown), as status and Location. */
function outcomeOf(result: unknown): { status: number; location: string | null } {
  if (result instanceof Response) return { status: result.status, location: result.headers.get("location") };
  if (result && typeof result === "object" && (result as { type?: string }).type === "DataWithResponseInit")
    return { status: (result as { init?: { status?: number } }).init?.status ?? 200, location: null };
  if (result instanceof Error) return { status: 500, location: String(result) };
  return { status: 200, location: null };
}

describe("the access matrix", () => {
  let server: Awaited<ReturnType<typeof startInProcessServer>>;
  const cookies = new Map<Persona, string | null>([["anonymous", null]]);
  let ids: Ids;

  beforeAll(async () => {
    server = await startInProcessServer(testPort("accessMatrix"));
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
    const change = (authorityId: string) => ({ authorityId, norm: "§ 1 AufenthG", normKey: "aufenthg|1|", effectiveOn: "2030-01-01", note: "Matrix" });
    const [changeA] = await db.insert(legalChanges).values(change(anna.authorityId)).returning({ id: legalChanges.id });
    const [changeB] = await db.insert(legalChanges).values(change(paula.authorityId)).returning({ id: legalChanges.id });
    const adminA = await find(accounts.admin);
    const [eventA] = await db.select({ id: events.id }).from(events).where(and(eq(events.authorityId, anna.authorityId), eq(events.title, "Netzwerk vor Ort: Beratungsstellen kennenlernen")));
    const [eventB] = await db
      .insert(events)
      .values({ authorityId: paula.authorityId, title: "Kreis-Workshop", capacity: 5, registrationDeadline: new Date(Date.now() + 5 * 86_400_000), place: "Kreishaus" })
      .returning({ id: events.id });
    ids = {
      ...{ adminA: adminA.id, anna: anna.id, paula: paula.id, jonas: jonas.id, daniel: daniel.id, unitA: unitA.id, unitB: unitB.id, roleA: roleA.id, roleB: roleB.id },
      ...{ planA: planA.id, planB: planB.id, scenarioA: scenarioA.id, changeA: changeA.id, changeB: changeB.id, eventA: eventA.id, eventB: eventB.id },
    };
    for (const [persona, email] of Object.entries(accounts)) cookies.set(persona as Persona, await h.signIn(server.url, email));
  }, 600_000);

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
      const body = new Uint8Array(await res.arrayBuffer());
      const expected = c.expect[persona];
      if (!matches(res.status, res.headers.get("location"), expected)) failures.push(`${persona}: expected ${expected}, got ${res.status} ${res.headers.get("location") ?? ""}`);
      // A rendered page (or data) never holds U+0000: browsers show it as a stray box, and React's
      // streaming renderer has been seen to write NUL bytes at its buffer boundaries.
      if (/^text\/|json/.test(res.headers.get("content-type") ?? "") && body.includes(0)) failures.push(`${persona}: NUL byte at ${body.indexOf(0)} of ${url}`);
    }
    expect(failures).toEqual([]);
  });

  // The same cases against each route module alone. GET for everyone; POST only for the people
  // who are to be refused (a permitted write has been made once over HTTP above).
  it.each(cases.map((c) => [`${c.file}: ${c.method ?? "GET"} ${c.name} (called directly)`, c] as const))("%s", async (_label, c) => {
    const buildUrl = pathToFileURL(path.resolve(import.meta.dirname, "../build/index.js")).href;
    const { routes } = (await import(/* @vite-ignore */ buildUrl)) as { routes: Record<string, BuiltRoute> };
    const id = `routes/${c.file}`;
    const handler = routes[id]?.module[c.method === "POST" ? "action" : "loader"];
    if (!handler) return; // No loader (or action): Remix answers without this module's code.
    const failures: string[] = [];
    for (const persona of personas) {
      const expected = c.expect[persona];
      if (c.method === "POST" && expected !== 403 && expected !== 404 && expected !== "login") continue;
      const url = new URL(c.path(ids, persona), "http://127.0.0.1");
      const pathname = url.pathname.replace(/\.data$/, "");
      const params = paramsFor(routes, id, pathname);
      if (!params) throw new Error(`${url.pathname} does not reach ${id}`);
      const headers = new Headers();
      const cookie = cookies.get(persona);
      if (cookie) headers.set("Cookie", cookie);
      let body: string | undefined;
      if (c.method === "POST") {
        headers.set("Content-Type", "application/x-www-form-urlencoded");
        headers.set("Origin", url.origin);
        body = (c.body?.(ids, persona) ?? new URLSearchParams()).toString();
      }
      const request = new Request(`${url.origin}${pathname}${url.search}`, { method: c.method ?? "GET", headers, body });
      const context = { cspNonce: "matrix", requestId: "matrix", clientAddress: "127.0.0.1" };
      // A loader may throw before it returns a promise (a plain function): both count.
      const { status, location } = outcomeOf(await Promise.resolve().then(() => handler({ request, params, context })).catch((thrown: unknown) => thrown));
      if (!matches(status, location, expected)) failures.push(`${persona}: expected ${expected}, got ${status} ${location ?? ""}`);
    }
    expect(failures).toEqual([]);
  });

  it("nothing crossed the authority border or was created by a refused request", async () => {
    const db = getDb();
    const created = await db.select({ email: people.email, authorityId: people.authorityId }).from(people).where(eq(people.givenName, "Matrix"));
    expect(created).toEqual([]);
    // Workshops: no refused cancellation.
    expect((await db.select({ status: events.status }).from(events)).filter((e) => e.status !== "scheduled")).toEqual([]);
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
    // Rechtsstand: no refused change recorded, neither authority's change resolved by the other.
    const changes = await db.select({ note: legalChanges.note, resolvedAt: legalChanges.resolvedAt }).from(legalChanges);
    expect(changes.filter((c) => c.note === "matrix-refused" || c.resolvedAt !== null)).toEqual([]);
    expect(await db.select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.action, "staffing.scenario-delete"))).toEqual([]);
    // The admin did not grant themselves a role.
    expect((await db.select({ role: personRoles.role }).from(personRoles).where(eq(personRoles.personId, ids.adminA))).map((r) => r.role)).toEqual(["admin"]);
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
      expect(html).toContain('<caption id="aggregate-caption">');
      expect(html).not.toContain(`/profile/${ids.anna}`);
      // HR of the same authority still sees the profile.
      expect((await get(server.url, `/profile/${ids.anna}`, cookies.get("hr")!)).status).toBe(200);
      // An observation would show the person's level through the moving aggregate: refused too.
      const observe = await post(
        server.url,
        "/team",
        form({ intent: "observe", submissionId: uuid(), personId: ids.anna, competenceId: "c.interpreters", level: "4", observedOn: new Date().toISOString().slice(0, 10), note: "profiles-off" }),
        lead,
      );
      expect(observe.status).toBe(403);
      expect(await db.select({ id: evidence.id }).from(evidence).where(eq(evidence.note, "profiles-off"))).toEqual([]);
      expect(await (await get(server.url, "/team", lead)).text()).not.toContain('name="intent" value="observe"');
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
