// Bad input: generated malformed form posts (fast-check) to every action of the production
// server. The answer is never a 5xx; a refusal (4xx) carries a message and leaves the database
// unchanged. Oversized bodies are refused before anything reads them. A route file with an
// action but no entry below fails the first test.
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { people, roleDescriptions, staffingPlans } from "~/db/schema";
import { databaseChecksum, h, post, startInProcessServer } from "./support/http-server";

const runs = Number(process.env.FUZZ_RUNS ?? 25);

interface Ids {
  anna: string;
  roleA: string;
  planA: string;
}

interface ActionTarget {
  path: (ids: Ids) => string;
  /** Who sends it: the action's own access check must not hide bad-input handling. */
  as: "admin" | "employee" | "lead" | "hr" | null;
  /** The form's field names (generated bodies use them, drop some, add others). */
  fields: string[];
  /** Tables the page's LOADER writes when it renders the refusal (not the action): left out of the checksum. */
  loaderWrites?: string[];
}

/** Every route file that exports an action. Add one line per new action (quiz submission, HR forms, imports). */
const actions: Record<string, ActionTarget> = {
  login: { path: () => "/login", as: null, fields: ["email", "password", "redirectTo"] },
  logout: { path: () => "/logout", as: null, fields: [] },
  account: { path: () => "/account", as: "employee", fields: ["currentPassword", "newPassword", "confirmPassword"] },
  "set-password": { path: () => "/set-password", as: null, fields: ["token", "newPassword", "confirmPassword"] },
  "settings.language": { path: () => "/settings/language", as: "employee", fields: ["lang", "redirectTo"] },
  "admin.units": { path: () => "/admin/units", as: "admin", fields: ["intent", "submissionId", "unitId", "name", "parentId"] },
  "admin.settings": { path: () => "/admin/settings", as: "admin", fields: ["leadsSeeIndividualProfiles", "observedAssessments", "perPersonReports", "minGroupSize", "auditRetentionMonths"] },
  "admin.accounts.new": { path: () => "/admin/accounts/new", as: "admin", fields: ["submissionId", "givenName", "familyName", "email", "unitId", "fte", "roles", "ledUnitIds"] },
  "admin.accounts.$personId": { path: (ids) => `/admin/accounts/${ids.anna}`, as: "admin", fields: ["intent", "submissionId", "givenName", "familyName", "email", "unitId", "fte", "roles", "ledUnitIds"] },
  // Courses: quiz submit and reflection save (one action, two intents).
  "courses.$course.$module": {
    path: () => "/courses/kommunikation-beratung/aktiv-zuhoeren",
    as: "employee",
    fields: ["intent", "submissionId", "contentHash", "promptId", "body", "q-1", "q-2", "q-q1"],
    loaderWrites: ["module_progress"], // the module page records "opened"
  },
  // Competences: self-assessment, HR's certificate, the lead's observation and assignment.
  "profile._index": { path: () => "/profile", as: "employee", fields: ["intent", "submissionId", "competenceId", "level"] },
  "profile.$personId": { path: (ids) => `/profile/${ids.anna}`, as: "hr", fields: ["intent", "submissionId", "competenceId", "level", "achievedOn", "validUntil", "note"], loaderWrites: ["audit_log"] }, // every profile view is logged
  team: { path: () => "/team", as: "lead", fields: ["intent", "submissionId", "personId", "personIds", "competenceId", "level", "observedOn", "note", "target", "dueOn"] },
  // HR: role create/edit/copy/retire, people FTE/role, staffing plan/scenario, import upload/commit.
  "hr.roles.new": { path: () => "/hr/roles/new", as: "hr", fields: ["submissionId", "title", "payScheme", "payGrade", "tasks[0].title", "tasks[0].category", "tasks[0].share", "requirements"] },
  "hr.roles.$roleId": {
    path: (ids) => `/hr/roles/${ids.roleA}`,
    as: "hr",
    fields: ["intent", "submissionId", "title", "payScheme", "payGrade", "tasks[0].title", "tasks[0].category", "tasks[0].share", "requirements"],
  },
  "hr.people": { path: () => "/hr/people", as: "hr", fields: ["submissionId", "personId", "unitId", "roleDescriptionId", "fte"] },
  "hr.staffing._index": { path: () => "/hr/staffing", as: "hr", fields: ["submissionId", "unitId", "year", "netHoursPerFte", "netHoursSource", "allowancePercent"] },
  "hr.staffing.$planId": {
    path: (ids) => `/hr/staffing/${ids.planA}`,
    as: "hr",
    fields: ["intent", "submissionId", "name", "casesChangePercent", "extraCounsellingMinutes", "extraCaseworkMinutes", "scenarioId", "netHoursPerFte", "netHoursSource", "allowancePercent", "tasks[0].title", "tasks[0].cases"],
  },
  "hr.import": { path: () => "/hr/import", as: "hr", fields: ["intent", "batchId", "submissionId", "file"] },
  "hr.import.upload": { path: () => "/hr/import/upload", as: "hr", fields: ["file"] },
};

const nasty = fc.constantFrom(
  "", " ", "true", "null", "undefined", "[]", "{}", "NaN", "-1", "0", "1e309", "0x10", "2,5", "on", "create", "update",
  "deactivate", "link", "admin", "employee", "de", "xx", "quiz", "reflection", "self", "certificate", "observe", "assign",
  "copy", "retire", "reactivate", "scenario", "delete-scenario", "commit", "links", "TVöD", "2026-01-01", "9999-12-31", "course:kommunikation-beratung", "00000000-0000-4000-8000-000000000000", "not-a-uuid",
  "<script>alert(1)</script>", "' or 1=1 --", "\u0000", "\uFEFF", "\uD800", "//evil.example", "/\\evil", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "a@b", "x@y.z",
);
const scalar = fc.oneof(
  nasty,
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.double().map(String),
  // Huge values (up to ~300 KB, under the 1 MiB body limit).
  fc.tuple(fc.string({ unit: "binary", minLength: 1, maxLength: 3 }), fc.integer({ min: 1000, max: 100_000 })).map(([s, n]) => s.repeat(n)),
);
/** A field: once, or several times (an array where a scalar is expected). */
const fieldValues = fc.oneof({ weight: 3, arbitrary: scalar.map((v) => [v]) }, { weight: 1, arbitrary: fc.array(scalar, { minLength: 2, maxLength: 4 }) });

function bodyArbitrary(fields: string[]) {
  const names = fc.oneof({ weight: 4, arbitrary: fields.length ? fc.constantFrom(...fields) : fc.constant("x") }, { weight: 1, arbitrary: fc.constantFrom("extra", "__proto__", "constructor", "a[b]", "") });
  return fc.record({
    entries: fc.array(fc.tuple(names, fieldValues), { maxLength: fields.length + 3 }),
    encoding: fc.constantFrom("urlencoded", "urlencoded", "multipart", "json", "garbage", "none"),
  });
}

function encode({ entries, encoding }: { entries: [string, string[]][]; encoding: string }): { body: BodyInit | null; headers: Record<string, string> } {
  if (encoding === "json") return { body: JSON.stringify(Object.fromEntries(entries)), headers: { "Content-Type": "application/json" } };
  if (encoding === "garbage") return { body: entries.flatMap(([k, v]) => [k, ...v]).join("\r\n--x\r\n"), headers: { "Content-Type": "multipart/form-data; boundary=x" } };
  if (encoding === "none") return { body: null, headers: {} };
  if (encoding === "multipart") {
    const form = new FormData();
    for (const [k, values] of entries) for (const v of values) form.append(k, v);
    return { body: form, headers: {} };
  }
  const params = new URLSearchParams();
  for (const [k, values] of entries) for (const v of values) params.append(k, v);
  return { body: params.toString(), headers: { "Content-Type": "application/x-www-form-urlencoded" } };
}

function actionRouteFiles() {
  const dir = path.resolve(import.meta.dirname, "../app/routes");
  return fs
    .readdirSync(dir)
    .filter((f) => /\.tsx?$/.test(f) && /export (async )?function action\b|export const action\b/.test(fs.readFileSync(path.join(dir, f), "utf8")))
    .map((f) => f.replace(/\.tsx?$/, ""))
    .sort();
}

describe("bad input to every action", () => {
  let server: Awaited<ReturnType<typeof startInProcessServer>>;
  const cookies: Record<string, string> = {};
  const ids: Ids = { anna: "", roleA: "", planA: "" };

  beforeAll(async () => {
    server = await startInProcessServer(Number(process.env.HTTP_TEST_PORT_BASE ?? 3330) + 5);
    cookies.admin = await h.signIn(server.url, "admin@musterstadt.example");
    cookies.employee = await h.signIn(server.url, "anna.schmidt@musterstadt.example");
    cookies.lead = await h.signIn(server.url, "jonas.weber@musterstadt.example");
    cookies.hr = await h.signIn(server.url, "hr@musterstadt.example");
    const db = getDb();
    const [anna] = await db.select({ id: people.id, authorityId: people.authorityId }).from(people).where(eq(people.email, "anna.schmidt@musterstadt.example"));
    ids.anna = anna.id;
    ids.roleA = (await db.select({ id: roleDescriptions.id }).from(roleDescriptions).where(eq(roleDescriptions.authorityId, anna.authorityId)).limit(1))[0].id;
    ids.planA = (await db.select({ id: staffingPlans.id }).from(staffingPlans).where(eq(staffingPlans.authorityId, anna.authorityId)).limit(1))[0].id;
  }, 180_000);

  afterAll(async () => {
    await server?.close();
  });

  it("covers every route file that has an action", () => {
    expect(actionRouteFiles().filter((f) => !(f in actions))).toEqual([]);
  });

  it.each(Object.entries(actions))("%s: malformed posts get a 4xx with a message, never a 5xx, and change nothing", async (_name, target) => {
    await fc.assert(
      fc.asyncProperty(bodyArbitrary(target.fields), async (input) => {
        const except = ["login_attempts", ...(target.loaderWrites ?? [])];
        const before = await databaseChecksum(except);
        const { body, headers } = encode(input as { entries: [string, string[]][]; encoding: string });
        const send = () => post(server.url, target.path(ids), body, target.as ? cookies[target.as] : null, headers);
        // An action that answers without reading a large body (logout) makes Node close the
        // kept-alive connection; the client's next request on it sees ECONNRESET. Not an
        // answer of the app: send once more on a fresh connection.
        const res = await send().catch(async () => {
          const again = encode(input as { entries: [string, string[]][]; encoding: string });
          return post(server.url, target.path(ids), again.body, target.as ? cookies[target.as] : null, again.headers);
        });
        const text = await res.text();
        expect(res.status, `${res.status}: ${text.slice(0, 200)}`).toBeLessThan(500);
        if (res.status >= 400) {
          expect(text.trim().length, "a refusal says why").toBeGreaterThan(0);
          expect(await databaseChecksum(except)).toEqual(before);
        }
      }),
      { numRuns: runs },
    );
  });

  it("exports (a GET with a query): malformed queries get a 4xx, never a 5xx", async () => {
    const value = fc.oneof(scalar.filter((v) => v.length < 2000), fc.constantFrom("coverage", "csv", "xlsx", "unit", "role"));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom("report", "format", "by", "x"), value), { maxLength: 4 }), async (entries) => {
        const query = new URLSearchParams(entries).toString();
        const res = await fetch(`${server.url}/hr/export?${query}`, { headers: { Cookie: cookies.hr } });
        const text = await res.text();
        expect(res.status, `${query.slice(0, 100)} → ${res.status}: ${text.slice(0, 200)}`).toBeLessThan(500);
      }),
      { numRuns: runs },
    );
  });

  it("refuses an oversized body before reading it (413), also without a Content-Length", async () => {
    const big = "name=" + "x".repeat(1024 * 1024 + 10);
    const res = await post(server.url, "/admin/units", big, cookies.admin);
    expect(res.status).toBe(413);
    expect(await res.text()).toMatch(/too large/i);
    // A streamed (chunked) body has no Content-Length to check: it is refused too.
    const chunks = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 3; i++) controller.enqueue(new TextEncoder().encode("x".repeat(512 * 1024)));
        controller.close();
      },
    });
    const streamed = await fetch(`${server.url}/admin/units`, {
      method: "POST",
      body: chunks,
      redirect: "manual",
      headers: { Origin: server.url, Cookie: cookies.admin, "Content-Type": "application/x-www-form-urlencoded" },
      duplex: "half",
    } as RequestInit);
    expect([411, 413]).toContain(streamed.status);
  });
});
