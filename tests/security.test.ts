// Security checks against the production server in its own process (COOKIE_SECURE=1, request
// logs at level info captured): cookie flags, security headers and CSP on every page,
// cross-site POSTs refused, session fixation, sign-out and password change ending sessions, and
// no personal data (e-mail addresses, passwords, session ids) in the server's output.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { get, h, post } from "./support/http-server";
import { testPort } from "./support/ports";

const anna = "anna.schmidt@musterstadt.example";
const admin = "admin@musterstadt.example";
const lead = "jonas.weber@musterstadt.example";
const hr = "hr@musterstadt.example";
const newPassword = "ein ganz neues Passwort 2026";
const metricsToken = "metrics-token-for-the-security-test";

/** Personal pages and their data responses: never stored by a browser or proxy cache. */
const personal: { path: string; as: string | null }[] = [
  { path: "/profile", as: anna },
  { path: "/profile.data", as: anna },
  { path: "/account", as: anna },
  { path: "/account.data", as: anna },
  { path: "/", as: anna },
  { path: "/team", as: lead },
  { path: "/team.data", as: lead },
  { path: "/hr/people", as: hr },
  { path: "/hr/people.data", as: hr },
  { path: "/hr/audit", as: hr },
  { path: "/admin/accounts", as: admin },
  { path: "/admin/accounts.data", as: admin },
  { path: "/set-password?token=not-a-real-token", as: null },
  { path: "/set-password.data?token=not-a-real-token", as: null },
];

/** Pages to check headers on: anonymous and signed-in, including error pages. */
const pages: { path: string; as: string | null }[] = [
  { path: "/login", as: null },
  { path: "/privacy", as: null },
  { path: "/accessibility", as: null },
  { path: "/set-password", as: null },
  { path: "/no-such-page", as: null },
  { path: "/", as: admin },
  { path: "/account", as: admin },
  { path: "/admin/accounts", as: admin },
  { path: "/admin/units", as: admin },
  { path: "/admin/settings", as: admin },
  { path: "/admin/accounts/new", as: admin },
  { path: "/admin/accounts", as: anna }, // 403 page
  // Learning and competences.
  { path: "/", as: anna },
  { path: "/courses", as: anna },
  { path: "/courses/kommunikation-beratung", as: anna },
  { path: "/courses/kommunikation-beratung/aktiv-zuhoeren", as: anna },
  { path: "/courses/no-such-course", as: anna }, // 404 page
  { path: "/certificates/HZ-UNKNOWN", as: null }, // public check, 404
  { path: "/profile", as: anna },
  { path: "/team", as: lead },
  { path: "/team", as: anna }, // 403 page
  // HR workspace.
  { path: "/hr", as: hr },
  { path: "/hr/roles", as: hr },
  { path: "/hr/roles/new", as: hr },
  { path: "/hr/people", as: hr },
  { path: "/hr/staffing", as: hr },
  { path: "/hr/coverage", as: hr },
  { path: "/hr/import", as: hr },
  { path: "/hr/audit", as: hr },
  { path: "/hr/audit", as: admin },
  { path: "/hr/coverage", as: lead }, // 403 page
];

/** Downloads and scripts (no HTML): still nosniff, and personal data is not cached. */
const files: { path: string; as: string; type: RegExp; cache: RegExp }[] = [
  { path: "/hr/export?report=coverage&format=csv", as: hr, type: /^text\/csv/, cache: /no-store/ },
  { path: "/hr/export?report=coverage&format=xlsx", as: hr, type: /spreadsheetml/, cache: /no-store/ },
];

describe("security", () => {
  let app: Awaited<ReturnType<typeof h.startApp>>;
  let dataDir: string;
  const seenSessionIds = new Set<string>();
  const remember = (cookie: string | null) => {
    if (cookie) seenSessionIds.add(cookie.split("=")[1]);
    return cookie;
  };
  const signIn = async (email: string, password?: string, headers?: Record<string, string>) => remember(await h.signIn(app.url, email, password, headers))!;

  beforeAll(async () => {
    h.ensureBuild();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "horizont-security-"));
    app = await h.startApp({ port: testPort("security"), env: { DATA_DIR: dataDir, DATABASE_URL: "", COOKIE_SECURE: "1", LOG_LEVEL: "info", METRICS_TOKEN: metricsToken }, label: "security server" });
  }, 300_000);

  afterAll(async () => {
    await app?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("sets the session cookie HttpOnly, SameSite=Lax, Secure, for the whole site", async () => {
    const res = await post(app.url, "/login", new URLSearchParams({ email: admin, password: h.demoPassword }));
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("horizont_session="));
    expect(cookie).toBeDefined();
    remember(h.sessionCookieOf(res));
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Lax/i);
    expect(cookie).toMatch(/;\s*Secure/i);
    expect(cookie).toMatch(/;\s*Path=\//i);
  });

  it("sends security headers and a nonce-based CSP on every page, error pages included", async () => {
    const cookies = new Map<string, string>();
    for (const page of pages) {
      if (page.as && !cookies.has(page.as)) cookies.set(page.as, await signIn(page.as));
      const res = await get(app.url, page.path, page.as ? cookies.get(page.as) : null);
      const html = await res.text();
      const csp = res.headers.get("content-security-policy") ?? "";
      const where = `${page.path} (${res.status})`;
      const nonce = /script-src 'self' 'nonce-([^']+)'/.exec(csp)?.[1];
      expect(nonce, `${where}: script nonce`).toBeTruthy();
      expect(csp, where).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      expect(csp, where).toContain("frame-ancestors 'none'");
      expect(csp, where).toContain("object-src 'none'");
      expect(csp, where).toContain("form-action 'self'");
      expect(res.headers.get("x-content-type-options"), where).toBe("nosniff");
      expect(res.headers.get("x-frame-options"), where).toBe("DENY");
      expect(res.headers.get("referrer-policy"), where).toBe("same-origin");
      expect(res.headers.get("strict-transport-security"), where).toMatch(/max-age=\d+/);
      expect(res.headers.get("x-powered-by"), where).toBeNull();
      // Every script element carries this response's nonce; no <style> elements (CSP forbids them).
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length, where).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag, where).toContain(`nonce="${nonce}"`);
      expect(html, where).not.toMatch(/<style\b/);
    }
  });

  it("tells caches not to store personal pages and their data responses", async () => {
    const cookies = new Map<string, string>();
    for (const page of personal) {
      if (page.as && !cookies.has(page.as)) cookies.set(page.as, await signIn(page.as));
      const res = await get(app.url, page.path, page.as ? cookies.get(page.as) : null);
      await res.arrayBuffer();
      expect(res.status, page.path).toBe(200);
      expect(res.headers.get("cache-control"), page.path).toMatch(/no-store/);
    }
  });

  it("adds no metric series for requests to new paths (the label set stays bounded)", async () => {
    const series = async () => {
      const res = await fetch(`${app.url}/metrics`, { headers: { Authorization: `Bearer ${metricsToken}` } });
      expect(res.status).toBe(200);
      const text = await res.text();
      return text.split("\n").filter((line) => line.startsWith("horizont_http_request_duration_seconds_count"));
    };
    const cookie = await signIn(anna);
    await get(app.url, "/no-such-page-warmup");
    await get(app.url, "/courses/no-such-course", cookie);
    const before = await series();
    const letters = () => Array.from(crypto.getRandomValues(new Uint8Array(10)), (b) => String.fromCharCode(97 + (b % 26))).join("");
    for (let i = 0; i < 40; i++) {
      await (await get(app.url, `/probe${letters()}`)).arrayBuffer();
      await (await get(app.url, `/courses/no-such-course-${i}/x/y`, cookie)).arrayBuffer();
    }
    const after = await series();
    expect(after.length - before.length).toBeLessThanOrEqual(2);
    expect(after.join("\n")).not.toMatch(/probe/);
    // Matched routes are still told apart.
    expect(after.join("\n")).toMatch(/route="routes\/courses\./);
  });

  it("does not take a request id from the client into its logs", async () => {
    const planted = "planted-by-a-client-0001";
    const res = await fetch(`${app.url}/login`, { headers: { "X-Request-Id": planted } });
    await res.text();
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(`${app.output.stdout}${app.output.stderr}`).not.toContain(planted);
  });

  it("sends downloads with nosniff, an attachment disposition and no caching", async () => {
    const cookies = new Map<string, string>();
    for (const file of files) {
      if (!cookies.has(file.as)) cookies.set(file.as, await signIn(file.as));
      const res = await get(app.url, file.path, cookies.get(file.as));
      await res.arrayBuffer();
      expect(res.status, file.path).toBe(200);
      expect(res.headers.get("content-type"), file.path).toMatch(file.type);
      expect(res.headers.get("content-disposition"), file.path).toMatch(/^attachment; filename="[\w.-]+"$/);
      expect(res.headers.get("cache-control"), file.path).toMatch(file.cache);
      expect(res.headers.get("x-content-type-options"), file.path).toBe("nosniff");
    }
  });

  it("refuses cross-site POSTs: foreign Origin, foreign Referer without Origin, Origin null", async () => {
    const cookie = await signIn(admin);
    const body = () => new URLSearchParams({ intent: "create", submissionId: crypto.randomUUID(), name: "Cross-site" });
    for (const headers of [{ Origin: "https://evil.example" }, { Origin: "null" }]) {
      const res = await fetch(`${app.url}/admin/units`, { method: "POST", body: body(), redirect: "manual", headers: { Cookie: cookie, ...headers } });
      expect(res.status, JSON.stringify(headers)).toBe(403);
    }
    const refererOnly = await fetch(`${app.url}/admin/units`, { method: "POST", body: body(), redirect: "manual", headers: { Cookie: cookie, Referer: "https://evil.example/form" } });
    expect(refererOnly.status).toBe(403);
    const signOut = await fetch(`${app.url}/logout`, { method: "POST", redirect: "manual", headers: { Cookie: cookie, Origin: "https://evil.example" } });
    expect(signOut.status).toBe(403);
    const signInElsewhere = await fetch(`${app.url}/login`, { method: "POST", body: new URLSearchParams({ email: admin, password: h.demoPassword }), redirect: "manual", headers: { Origin: "https://evil.example" } });
    expect(signInElsewhere.status).toBe(403);
    // The same request from this site goes through, and the session survived the attempts.
    const same = await post(app.url, "/admin/units", body(), cookie);
    expect(same.status).toBe(302);
  });

  it("follows only same-site paths after a language switch or sign-in (no open redirect)", async () => {
    // Browsers drop tabs and newlines from URLs; CR/LF would also break the Location header.
    for (const target of ["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)", "/\t/evil.example/x", "/\n/evil.example", "/\r\nSet-Cookie: x=1", "/..//evil.example"]) {
      const lang = await post(app.url, "/settings/language", new URLSearchParams({ lang: "de", redirectTo: target }));
      expect(lang.status, JSON.stringify(target)).toBe(302);
      expect(lang.headers.get("location"), target).toBe("/");
      const res = await post(app.url, "/login", new URLSearchParams({ email: admin, password: h.demoPassword, redirectTo: target }));
      remember(h.sessionCookieOf(res));
      expect(res.headers.get("location"), target).toBe("/");
    }
  });

  it("gives a new session id at sign-in, and ends a session id planted before (session fixation)", async () => {
    const planted = await signIn(anna);
    const res = await post(app.url, "/login", new URLSearchParams({ email: anna, password: h.demoPassword }), planted);
    const fresh = remember(h.sessionCookieOf(res));
    expect(res.status).toBe(302);
    expect(fresh).toBeTruthy();
    expect(fresh).not.toBe(planted);
    expect((await get(app.url, "/account", planted)).status).toBe(302);
    expect((await get(app.url, "/account", fresh)).status).toBe(200);
    // An invented id is not adopted either.
    const invented = "horizont_session=inventedbyanattacker0000000000000000";
    const res2 = await post(app.url, "/login", new URLSearchParams({ email: anna, password: h.demoPassword }), invented);
    expect(h.sessionCookieOf(res2)).not.toBe(invented);
    remember(h.sessionCookieOf(res2));
  });

  it("ends the session at sign-out", async () => {
    const cookie = await signIn(anna);
    expect((await get(app.url, "/account", cookie)).status).toBe(200);
    const res = await post(app.url, "/logout", null, cookie);
    expect(res.status).toBe(302);
    expect(res.headers.getSetCookie().some((c) => /^horizont_session=;/.test(c))).toBe(true);
    expect((await get(app.url, "/account", cookie)).status).toBe(302);
  });

  it("ends every session of the person at a password change, except the new one it opens", async () => {
    const email = "mehmet.demir@musterstadt.example";
    const laptop = await signIn(email);
    const phone = await signIn(email);
    const res = await post(app.url, "/account", new URLSearchParams({ currentPassword: h.demoPassword, newPassword, confirmPassword: newPassword }), laptop);
    expect(res.status).toBe(302);
    const renewed = remember(h.sessionCookieOf(res));
    expect(renewed).toBeTruthy();
    expect(renewed).not.toBe(laptop);
    expect((await get(app.url, "/account", phone)).status).toBe(302);
    expect((await get(app.url, "/account", laptop)).status).toBe(302);
    expect((await get(app.url, "/account", renewed)).status).toBe(200);
    // The old password no longer works; the new one does.
    const old = await post(app.url, "/login", new URLSearchParams({ email, password: h.demoPassword }));
    expect(old.status).toBe(401);
    await signIn(email, newPassword);
  });

  it("counts wrong current passwords on /account with failed sign-ins (one throttle)", async () => {
    const email = "emre.celik@musterstadt.example";
    const cookie = await signIn(email);
    const change = (current: string) =>
      post(app.url, "/account", new URLSearchParams({ currentPassword: current, newPassword, confirmPassword: newPassword }), cookie);
    for (let i = 0; i < 5; i++) expect((await change(`wrong guess ${i}`)).status).toBe(400);
    // The limit (5 per account) is reached: even the right password is not checked now.
    const throttled = await change(h.demoPassword);
    expect(throttled.status).toBe(429);
    expect(await throttled.text()).toContain("login.throttled");
    const signInNow = await post(app.url, "/login", new URLSearchParams({ email, password: h.demoPassword }));
    expect(signInNow.status).toBe(429);
  });

  it("wrote no e-mail addresses, passwords or session ids to its output", async () => {
    // A few more requests that carry personal data in the body and the query string.
    await post(app.url, "/login", new URLSearchParams({ email: "paula.meyer@beispielkreis.example", password: "wrong password!" }));
    await get(app.url, `/login?redirectTo=${encodeURIComponent("/account?email=anna.schmidt@musterstadt.example")}`);
    const output = `${app.output.stdout}\n${app.output.stderr}`;
    expect(output).toContain('"msg":"request"'); // the log is on
    const secrets = [h.demoPassword, newPassword, "wrong password!", ...seenSessionIds];
    for (const secret of secrets) expect(output.includes(secret), `output contains ${secret.slice(0, 6)}…`).toBe(false);
    const emails = output.match(/[\w.+-]+(@|%40)[\w-]+\.example/gi) ?? [];
    expect(emails).toEqual([]);
  });
});
