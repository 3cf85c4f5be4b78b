// The access matrix: every route file and action × every kind of person, over HTTP against the
// production server (fresh demo database), including ids swapped into URLs and hidden fields.
// A route file in app/routes without an entry here fails the first test: add its cases below.
import fs from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { people, personRoles, units } from "~/db/schema";
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
  unitA: string; // "Aufenthalt 1"
  unitB: string; // a unit of authority B
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

/**
 * One entry per file in app/routes (name without extension). When the other areas merge, add
 * e.g. "courses._index", "courses.$course.$module" (GET + quiz POST, ids of another authority's
 * attempt → 404), "profile", "team" (leadOwn 200, leadOther 403 for a member's profile), "hr.*".
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
    server = await startInProcessServer(3334);
    const db = getDb();
    const find = async (email: string) => (await db.select({ id: people.id, authorityId: people.authorityId, unitId: people.unitId }).from(people).where(eq(people.email, email)))[0];
    const anna = await find(accounts.employee);
    const paula = await find("paula.meyer@beispielkreis.example");
    const otherHr = await find(accounts.otherAuthority);
    // The second authority's HR person is its admin too: cross-authority attempts by an admin.
    await db.insert(personRoles).values({ personId: otherHr.id, role: "admin" }).onConflictDoNothing();
    const [unitB] = await db.select({ id: units.id }).from(units).where(eq(units.authorityId, paula.authorityId));
    const [unitA] = await db.select({ id: units.id }).from(units).where(and(eq(units.authorityId, anna.authorityId), eq(units.name, "Aufenthalt 1")));
    ids = { anna: anna.id, paula: paula.id, unitA: unitA.id, unitB: unitB.id };
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
