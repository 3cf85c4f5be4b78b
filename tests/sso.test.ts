// Directory sign-in (OpenID Connect) against a REAL provider (oidc-provider from
// scripts/idp-dev.mjs) on loopback ports, through the production server: success, RP logout, and
// every refusal (German page, nothing written but the audit entry). A small proxy in front of the
// provider can re-sign its ID tokens with the provider's own key to play a hostile provider.
import http from "node:http";
import crypto from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { decodeJwt, importJWK, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encryptSecret } from "~/auth/secrets.server";
import { getDb, rowsOf } from "~/db/client.server";
import { auditLog, authorities, oidcProviders, people, personRoles } from "~/db/schema";
import { startIdentityProvider } from "../scripts/idp-dev.mjs";
import { databaseChecksum, get, h, post, startInProcessServer } from "./support/http-server";
import { testPort } from "./support/ports";

const appPort = testPort("ssoApp");
const idpPort = testPort("ssoProvider"); // the provider itself
const proxyPort = testPort("ssoProxy"); // its public address (the issuer), a proxy that may tamper
const downPort = testPort("ssoDown"); // nothing listens here: a provider that is down
const appUrl = `http://127.0.0.1:${appPort}`;
const issuer = `http://127.0.0.1:${proxyPort}`;
const password = "directory-pass";

const accounts = [
  { email: "anna.schmidt@musterstadt.example", given_name: "Anna", family_name: "Schmidt", groups: ["GG-Horizont-Personal"] },
  { email: "daniel.fischer@musterstadt.example", given_name: "Daniel", family_name: "Fischer" },
  { email: "unverified@musterstadt.example", email_verified: false },
  { email: "nobody@musterstadt.example", given_name: "Nora", family_name: "Neu" },
  { email: "admin@musterstadt.example", groups: ["GG-Admins"] },
].map((a) => ({ password, ...a }));

let tamper: null | ((claims: Record<string, unknown>) => Record<string, unknown>) = null;
let idp: Awaited<ReturnType<typeof startIdentityProvider>>;
let proxy: http.Server;
let server: Awaited<ReturnType<typeof startInProcessServer>>;
let musterstadt: string;

/** Forwards to the provider (Host kept, so it answers with the proxy's URLs); may rewrite the ID token. */
function startProxy() {
  return new Promise<http.Server>((resolve) => {
    const s = http.createServer((req, res) => {
      const upstream = http.request({ host: "127.0.0.1", port: idpPort, method: req.method, path: req.url, headers: req.headers }, async (up) => {
        if (!(tamper && req.url?.startsWith("/token"))) {
          res.writeHead(up.statusCode ?? 502, up.headers);
          return up.pipe(res);
        }
        const chunks: Buffer[] = [];
        for await (const c of up) chunks.push(c as Buffer);
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        if (body.id_token) {
          const key = await importJWK(idp.signingKey, "RS256");
          body.id_token = await new SignJWT(tamper(decodeJwt(body.id_token)) as never).setProtectedHeader({ alg: "RS256", kid: idp.signingKey.kid ?? "idp-dev" }).sign(key);
        }
        const out = JSON.stringify(body);
        const headers = { ...up.headers, "content-length": String(Buffer.byteLength(out)) };
        res.writeHead(up.statusCode ?? 502, headers);
        res.end(out);
      });
      req.pipe(upstream);
    });
    s.listen(proxyPort, "127.0.0.1", () => resolve(s));
  });
}

/** A cookie jar for the provider's own cookies. */
function jar() {
  const cookies = new Map<string, string>();
  return {
    header: () => [...cookies].map(([k, v]) => `${k}=${v}`).join("; "),
    take(res: Response) {
      for (const line of res.headers.getSetCookie()) {
        const [pair] = line.split(";");
        const at = pair!.indexOf("=");
        cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
      }
    },
  };
}

/** Starts at Horizont, signs in on the provider's own page, returns the callback URL and the state cookie. */
async function throughProvider(email: string, pass = password) {
  const start = await get(appUrl, "/auth/oidc?authority=musterstadt&redirectTo=/profile");
  expect(start.status).toBe(302);
  const stateCookie = start.headers.getSetCookie().map((c) => c.split(";")[0]!).find((c) => c.startsWith("horizont_oidc="))!;
  expect(stateCookie).toBeTruthy();
  const cookies = jar();
  let url = start.headers.get("location")!;
  expect(url.startsWith(issuer)).toBe(true);
  for (let hop = 0; hop < 10; hop++) {
    if (url.startsWith(appUrl)) return { callback: url, stateCookie };
    let res = await fetch(url, { redirect: "manual", headers: { Cookie: cookies.header() } });
    cookies.take(res);
    if (res.status === 200 && url.includes("/interaction/")) {
      res = await fetch(url, {
        method: "POST",
        redirect: "manual",
        headers: { Cookie: cookies.header(), "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ login: email, password: pass }),
      });
      cookies.take(res);
    }
    const next = res.headers.get("location");
    if (!next) throw new Error(`provider stopped at ${url} with HTTP ${res.status}`);
    url = new URL(next, url).href;
  }
  throw new Error("too many redirects");
}

async function callback(flow: { callback: string; stateCookie: string }, cookie = flow.stateCookie) {
  const res = await fetch(flow.callback, { redirect: "manual", headers: { Cookie: cookie } });
  return { res, html: res.status === 302 ? "" : await res.text() };
}

/** Runs a story with Musterstadt's provider configured in the database (group mapping and the like); removes it afterwards. */
async function withMusterstadtProvider(settings: Partial<typeof oidcProviders.$inferInsert>, story: () => Promise<void>) {
  const db = getDb();
  await db.insert(oidcProviders).values({
    authorityId: musterstadt,
    issuer,
    clientId: "horizont-test",
    clientSecretEncrypted: encryptSecret("test-secret", musterstadt),
    groupClaim: "groups",
    ...settings,
  });
  try {
    await story();
  } finally {
    await db.delete(oidcProviders).where(eq(oidcProviders.authorityId, musterstadt));
  }
}

const rolesOf = async (personId: string) =>
  (await getDb().select({ role: personRoles.role }).from(personRoles).where(eq(personRoles.personId, personId))).map((r) => r.role).sort();

/** Signs in on the provider's page and follows the callback: the browser's whole directory sign-in. */
async function directorySignIn(email: string) {
  return callback(await throughProvider(email));
}

const auditCount = async (action?: string) =>
  Number(rowsOf<{ n: string }>(await getDb().execute(sql`select count(*)::text as n from audit_log ${action ? sql`where action = ${action}` : sql``}`))[0]!.n);

/** Runs a refused sign-in and checks: status, German message, only one audit entry written. */
async function expectRefused(run: () => Promise<{ res: Response; html: string }>, status: number, message: string) {
  const before = await databaseChecksum(["login_attempts", "audit_log", "oidc_login_states"]);
  const audits = await auditCount();
  const refusals = await auditCount("sso.refused");
  const { res, html } = await run();
  expect(res.status).toBe(status);
  expect(html).toContain(message);
  expect(h.sessionCookieOf(res)).toBeNull();
  expect(await databaseChecksum(["login_attempts", "audit_log", "oidc_login_states"])).toEqual(before);
  expect(await auditCount()).toBe(audits + 1);
  expect(await auditCount("sso.refused")).toBe(refusals + 1);
}

describe("directory sign-in against a real OpenID provider", () => {
  beforeAll(async () => {
    idp = await startIdentityProvider({
      port: idpPort,
      issuer,
      accounts,
      clients: [
        {
          client_id: "horizont-test",
          client_secret: "test-secret",
          token_endpoint_auth_method: "client_secret_post",
          redirect_uris: [`${appUrl}/auth/oidc/callback`],
          post_logout_redirect_uris: [`${appUrl}/login?signedOut=1`],
        },
      ],
    });
    proxy = await startProxy();
    server = await startInProcessServer(appPort, {
      OIDC_ISSUER: issuer,
      OIDC_CLIENT_ID: "horizont-test",
      OIDC_CLIENT_SECRET: "test-secret",
      OIDC_AUTHORITY: "musterstadt",
      OIDC_ALLOW_INSECURE_LOOPBACK: "1",
      SECRETS_KEY: crypto.randomBytes(32).toString("base64"),
    });
    const db = getDb();
    musterstadt = (await db.select({ id: authorities.id }).from(authorities).where(eq(authorities.slug, "musterstadt")))[0]!.id;
    // The second authority's provider is down (nothing listens on its port).
    const [other] = await db.select({ id: authorities.id }).from(authorities).where(eq(authorities.slug, "beispielkreis"));
    await db.insert(oidcProviders).values({
      authorityId: other!.id,
      issuer: `http://127.0.0.1:${downPort}`,
      clientId: "horizont",
      clientSecretEncrypted: encryptSecret("secret", other!.id),
    });
  }, 300_000);

  afterAll(async () => {
    await server?.close();
    await new Promise((r) => proxy?.close(r));
    await idp?.close();
  });

  it("shows „Mit dem Behördenkonto anmelden“ on /login for each authority with a provider", async () => {
    const html = await (await get(appUrl, "/login")).text();
    expect(html).toContain("Mit dem Behördenkonto anmelden (Ausländerbehörde Musterstadt)");
    expect(html).toContain('href="/auth/oidc?authority=musterstadt');
  });

  it("Anna signs in on the provider's page and lands where she wanted, signed in, audited", async () => {
    const flow = await throughProvider("anna.schmidt@musterstadt.example");
    const { res } = await callback(flow);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/profile");
    const session = h.sessionCookieOf(res)!;
    expect(session).toBeTruthy();
    const profile = await get(appUrl, "/profile", session);
    expect(profile.status).toBe(200);
    expect(await profile.text()).toContain("Anna Schmidt");
    const [anna] = await getDb().select({ id: people.id }).from(people).where(eq(people.email, "anna.schmidt@musterstadt.example"));
    const entries = await getDb().select().from(auditLog).where(and(eq(auditLog.action, "sso.sign-in"), eq(auditLog.subjectPersonId, anna!.id)));
    expect(entries.length).toBe(1);
  });

  it("a wrong state is refused", async () => {
    const flow = await throughProvider("anna.schmidt@musterstadt.example");
    const wrong = new URL(flow.callback);
    wrong.searchParams.set("state", "forged-state-value");
    await expectRefused(() => callback({ ...flow, callback: wrong.href }, "horizont_oidc=forged-state-value"), 400, "nicht auf diesem Gerät begonnen");
  });

  it("a callback without the state cookie of the browser that began it is refused (login CSRF)", async () => {
    const flow = await throughProvider("anna.schmidt@musterstadt.example");
    await expectRefused(() => callback(flow, ""), 400, "nicht auf diesem Gerät begonnen");
  });

  it("a replayed code is refused, by Horizont and by the provider", async () => {
    const flow = await throughProvider("anna.schmidt@musterstadt.example");
    expect((await callback(flow)).res.status).toBe(302);
    // The same callback again: its sign-in was used up.
    await expectRefused(() => callback(flow), 400, "nicht auf diesem Gerät begonnen");
    // The used code under a fresh sign-in of the same browser: the provider refuses it.
    const fresh = await throughProvider("anna.schmidt@musterstadt.example");
    const replay = new URL(fresh.callback);
    replay.searchParams.set("code", new URL(flow.callback).searchParams.get("code")!);
    await expectRefused(() => callback({ ...fresh, callback: replay.href }), 400, "schon verwendet");
  });

  for (const [name, change] of [
    ["a wrong issuer", (c: Record<string, unknown>) => ({ ...c, iss: "https://evil.example" })],
    ["a wrong audience", (c: Record<string, unknown>) => ({ ...c, aud: "another-app" })],
    ["an expired ID token", (c: Record<string, unknown>) => ({ ...c, iat: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 3600 })],
  ] as const) {
    it(`an ID token with ${name} (signed with the provider's own key) is refused`, async () => {
      const flow = await throughProvider("anna.schmidt@musterstadt.example");
      tamper = change;
      try {
        await expectRefused(() => callback(flow), 400, "Antwort des Anmeldedienstes ist ungültig");
      } finally {
        tamper = null;
      }
    });
  }

  it("the re-signing proxy alone changes nothing (so the three refusals above are about the claims)", async () => {
    const flow = await throughProvider("anna.schmidt@musterstadt.example");
    tamper = (c) => c;
    try {
      expect((await callback(flow)).res.status).toBe(302);
    } finally {
      tamper = null;
    }
  });

  it("an account whose e-mail is not verified is refused", async () => {
    const flow = await throughProvider("unverified@musterstadt.example");
    await expectRefused(() => callback(flow), 403, "keine bestätigte E-Mail-Adresse");
  });

  it("a person unknown to Horizont is refused with a page that says whom to ask", async () => {
    const flow = await throughProvider("nobody@musterstadt.example");
    await expectRefused(() => callback(flow), 403, "Ihr Konto ist in Horizont noch nicht angelegt – wenden Sie sich an");
  });

  it("a deactivated person is refused", async () => {
    const db = getDb();
    await db.update(people).set({ active: false, deactivatedAt: new Date() }).where(eq(people.email, "daniel.fischer@musterstadt.example"));
    const flow = await throughProvider("daniel.fischer@musterstadt.example");
    await expectRefused(() => callback(flow), 403, "Ihr Konto in Horizont ist deaktiviert");
  });

  it("a person imported but never onboarded is activated by the first directory sign-in (audited)", async () => {
    const db = getDb();
    await db.update(people).set({ active: false, deactivatedAt: null }).where(eq(people.email, "daniel.fischer@musterstadt.example"));
    const { res } = await directorySignIn("daniel.fischer@musterstadt.example");
    expect(res.status).toBe(302);
    const [daniel] = await db.select().from(people).where(eq(people.email, "daniel.fischer@musterstadt.example"));
    expect(daniel!.active).toBe(true);
    expect(await db.select().from(auditLog).where(and(eq(auditLog.action, "sso.activate"), eq(auditLog.subjectPersonId, daniel!.id)))).toHaveLength(1);
  });

  it("a provider that is down: the sign-in page says so and password sign-in still works", async () => {
    const start = await get(appUrl, "/auth/oidc?authority=beispielkreis");
    expect(start.status).toBe(302);
    const location = start.headers.get("location")!;
    expect(location).toContain("/login?sso=unavailable");
    const page = await (await get(appUrl, location)).text();
    expect(page).toContain("Der Anmeldedienst Ihrer Behörde ist gerade nicht erreichbar");
    expect(await h.signIn(appUrl, "hr@beispielkreis.example")).toMatch(/^horizont_session=/);
  });

  it("with create-on-first-sign-in and a group mapping, an unknown person is created without unit and gets the roles its groups map to, audited", async () => {
    const db = getDb();
    await withMusterstadtProvider({ groupRoles: { "GG-Horizont-Personal": "hr", "GG-Admins": "lead" }, createOnFirstSignIn: true }, async () => {
      const { res } = await directorySignIn("nobody@musterstadt.example");
      expect(res.status).toBe(302);
      const [nora] = await db.select().from(people).where(eq(people.email, "nobody@musterstadt.example"));
      expect(nora).toMatchObject({ givenName: "Nora", familyName: "Neu", unitId: null, active: true, authorityId: musterstadt });
      // HR finds her in the people list (no unit, no role description yet).
      const hrPeople = await (await get(appUrl, "/hr/people?unit=none", await h.signIn(appUrl, "hr@musterstadt.example"))).text();
      expect(hrPeople).toContain("Neu");
      // Anna's directory group maps to HR: granted at sign-in and audited.
      const anna = (await db.select({ id: people.id }).from(people).where(eq(people.email, "anna.schmidt@musterstadt.example")))[0]!;
      expect((await directorySignIn("anna.schmidt@musterstadt.example")).res.status).toBe(302);
      expect(await rolesOf(anna.id)).toContain("hr");
      const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.action, "sso.roles"), eq(auditLog.subjectPersonId, anna.id)));
      expect(entry?.details).toMatchObject({ added: ["hr"] });
    });
  });

  it("an admin gains no role through a group mapping (the account form would refuse it too): skipped and audited; removals still apply; others still get it", async () => {
    const db = getDb();
    const admin = (await db.select({ id: people.id }).from(people).where(eq(people.email, "admin@musterstadt.example")))[0]!;
    // Another admin once made them a lead; their directory groups no longer say so.
    await db.insert(personRoles).values({ personId: admin.id, role: "lead" });
    await withMusterstadtProvider({ groupRoles: { "GG-Admins": "hr", "GG-Horizont-Personal": "hr", "GG-Teamleitung": "lead" } }, async () => {
      const { res } = await directorySignIn("admin@musterstadt.example");
      expect(res.status).toBe(302);
      expect(await rolesOf(admin.id)).toEqual(["admin"]);
      const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.action, "sso.roles"), eq(auditLog.subjectPersonId, admin.id)));
      expect(entry?.details).toMatchObject({ added: [], removed: ["lead"], skipped: ["hr"], groups: ["GG-Admins"] });
      // The admin's session does not reach HR's pages, and HR's audit log names the skipped role.
      expect((await get(appUrl, "/hr/people", h.sessionCookieOf(res)!)).status).toBe(403);
      const log = await (await get(appUrl, "/hr/audit?action=sso.roles", await h.signIn(appUrl, "hr@musterstadt.example"))).text();
      expect(log.replace(/<!-- -->/g, "")).toContain("nicht übernommen (eigenes Administrationskonto): Personal");
      // Anna, who is not an admin, still gets the role her group maps to.
      const anna = (await db.select({ id: people.id }).from(people).where(eq(people.email, "anna.schmidt@musterstadt.example")))[0]!;
      await db.delete(personRoles).where(and(eq(personRoles.personId, anna.id), eq(personRoles.role, "hr")));
      expect(await rolesOf(anna.id)).not.toContain("hr");
      expect((await directorySignIn("anna.schmidt@musterstadt.example")).res.status).toBe(302);
      expect(await rolesOf(anna.id)).toContain("hr");
    });
  });

  it("sign-out ends the Horizont session and continues at the provider's end_session_endpoint", async () => {
    const { res } = await directorySignIn("anna.schmidt@musterstadt.example");
    const session = h.sessionCookieOf(res)!;
    const out = await post(appUrl, "/logout", "", session);
    expect(out.status).toBe(302);
    const location = new URL(out.headers.get("location")!);
    expect(location.origin + location.pathname).toBe(`${issuer}/session/end`);
    expect(location.searchParams.get("id_token_hint")).toBeTruthy();
    expect(location.searchParams.get("post_logout_redirect_uri")).toBe(`${appUrl}/login?signedOut=1`);
    expect((await get(appUrl, "/profile", session)).status).toBe(302);
  });

  it("an admin sets up the provider in /admin/sso: the secret is stored encrypted, admin cannot be mapped, bad input is a 400", async () => {
    const db = getDb();
    const admin = await h.signIn(appUrl, "admin@musterstadt.example");
    const fields = {
      intent: "save",
      issuer,
      clientId: "horizont-test",
      clientSecret: "test-secret",
      emailClaim: "email",
      groupClaim: "groups",
      groupRoles: "GG-Horizont-Personal = hr",
      passwordSignInOff: "on",
    };
    const before = await databaseChecksum();
    for (const [bad, message] of [
      [{ groupRoles: "GG-Admins = admin" }, "Zeile 1 ist nicht im Format"],
      [{ issuer: "http://directory.example" }, "https-Adresse des Anmeldedienstes"],
      [{ emailClaim: "e mail" }, "Namen eines Claims"],
    ] as const) {
      const res = await post(appUrl, "/admin/sso", new URLSearchParams({ ...fields, ...bad }), admin);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain(message);
    }
    expect(await databaseChecksum()).toEqual(before);
    const saved = await post(appUrl, "/admin/sso", new URLSearchParams(fields), admin);
    expect(saved.status).toBe(302);
    try {
      const [row] = await db.select().from(oidcProviders).where(eq(oidcProviders.authorityId, musterstadt));
      expect(row).toMatchObject({ issuer, clientId: "horizont-test", groupRoles: { "GG-Horizont-Personal": "hr" }, passwordSignInOff: true });
      expect(row!.clientSecretEncrypted).not.toContain("test-secret");
      const page = await (await get(appUrl, "/admin/sso", admin)).text();
      expect(page).not.toContain("test-secret");
      expect(page).not.toContain(row!.clientSecretEncrypted);
      // Password sign-in is off: Anna is sent to her authority account, the admin keeps break-glass.
      const refused = await post(appUrl, "/login", new URLSearchParams({ email: "anna.schmidt@musterstadt.example", password: h.demoPassword, redirectTo: "/" }));
      expect(refused.status).toBe(403);
      expect(await refused.text()).toContain("Die Anmeldung mit Passwort ist für Ihre Behörde abgeschaltet");
      expect(h.sessionCookieOf(refused)).toBeNull();
      expect(await h.signIn(appUrl, "admin@musterstadt.example")).toMatch(/^horizont_session=/);
      // The directory sign-in works with the stored (decrypted) secret.
      expect((await directorySignIn("anna.schmidt@musterstadt.example")).res.status).toBe(302);
    } finally {
      expect((await post(appUrl, "/admin/sso", new URLSearchParams({ intent: "remove" }), admin)).status).toBe(302);
    }
    expect(await db.select().from(oidcProviders).where(eq(oidcProviders.authorityId, musterstadt))).toEqual([]);
  });
});
