// A real OpenID provider (panva's oidc-provider) on a loopback port, with its own sign-in page and
// test accounts: used by the tests and by `npm run idp:dev` (the demo accounts, password
// "horizont-demo"). Development and tests only: in-memory storage, keys made at start.
//
//   npm run idp:dev            → http://127.0.0.1:7070, client "horizont-dev" / "horizont-dev-secret"
//   then start Horizont with OIDC_ISSUER=http://127.0.0.1:7070 OIDC_CLIENT_ID=horizont-dev
//   OIDC_CLIENT_SECRET=horizont-dev-secret OIDC_AUTHORITY=musterstadt OIDC_ALLOW_INSECURE_LOOPBACK=1
import http from "node:http";
import { pathToFileURL } from "node:url";
import { generateKeyPair, exportJWK } from "jose";
import Provider from "oidc-provider";

const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title, body) {
  return `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}label{display:block;margin-top:1rem}input{display:block;width:100%;padding:.4rem;font-size:1rem}button{margin-top:1rem;padding:.5rem 1rem;font-size:1rem}.error{color:#a00}</style>
</head><body><main>${body}</main></body></html>`;
}

function loginForm(uid, error = "", login = "") {
  return page(
    "Verzeichnisanmeldung (Testanbieter)",
    `<h1>Verzeichnisanmeldung</h1><p>Testanbieter für Horizont – nicht für den Echtbetrieb.</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ""}
<form method="post" action="/interaction/${escapeHtml(uid)}">
<label for="login">Benutzername (E-Mail)</label><input id="login" name="login" type="text" autocomplete="username" required value="${escapeHtml(login)}">
<label for="password">Kennwort</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Anmelden</button></form>`,
  );
}

async function readForm(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

/**
 * Starts the provider. `accounts`: { email, password, name?, given_name?, family_name?,
 * email_verified?, groups? }. `clients`: oidc-provider client metadata. `issuer` defaults to
 * http://<host>:<port> (a test may put a proxy in front and name that as issuer).
 * `signingKey`: a private JWK (RS256) so a test can sign tampered tokens with the same key.
 * @param {{ port: number, host?: string, issuer?: string, accounts: any[], clients: any[], signingKey?: any }} options
 */
export async function startIdentityProvider({ port, host = "127.0.0.1", issuer, accounts, clients, signingKey }) {
  const key = signingKey ?? (await exportJWK((await generateKeyPair("RS256", { extractable: true })).privateKey));
  const byLogin = new Map(accounts.map((a) => [a.email.toLowerCase(), a]));
  const provider = new Provider(issuer ?? `http://${host}:${port}`, {
    clients,
    jwks: { keys: [{ ...key, alg: "RS256", use: "sig", kid: key.kid ?? "idp-dev" }] },
    pkce: { required: () => true },
    scopes: ["openid", "email", "profile", "groups"],
    claims: { email: ["email", "email_verified"], profile: ["name", "given_name", "family_name"], groups: ["groups"] },
    conformIdTokenClaims: false, // the e-mail and groups travel in the ID token
    features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: ["idp-dev-cookie-key"] },
    ttl: { Session: 3600, Interaction: 600, Grant: 3600, AuthorizationCode: 60, IdToken: 300, AccessToken: 300 },
    // Consent is implied (a directory sign-in for the authority's own app).
    async loadExistingGrant(ctx) {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope("openid email profile groups");
      await grant.save();
      return grant;
    },
    async findAccount(_ctx, id) {
      const account = byLogin.get(id);
      if (!account) return undefined;
      return {
        accountId: id,
        async claims() {
          return {
            sub: id,
            email: account.email,
            email_verified: account.email_verified ?? true,
            name: account.name,
            given_name: account.given_name,
            family_name: account.family_name,
            groups: account.groups ?? [],
          };
        },
      };
    },
  });
  provider.proxy = true;
  const callback = provider.callback();
  const server = http.createServer(async (req, res) => {
    const match = /^\/interaction\/([\w-]+)$/.exec(new URL(req.url, "http://x").pathname);
    if (!match) return callback(req, res);
    try {
      const details = await provider.interactionDetails(req, res);
      res.setHeader("Content-Type", "text/html; charset=utf-8");
      res.setHeader("Cache-Control", "no-store");
      if (req.method === "GET") return res.end(loginForm(details.uid));
      const form = await readForm(req);
      const login = (form.get("login") ?? "").trim().toLowerCase();
      const account = byLogin.get(login);
      if (!account || account.password !== form.get("password")) {
        res.statusCode = 401;
        return res.end(loginForm(details.uid, "Benutzername oder Kennwort ist falsch.", login));
      }
      await provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
    } catch (error) {
      res.statusCode = 400;
      res.end(page("Fehler", `<p>${escapeHtml(error.message)}</p>`));
    }
  });
  await new Promise((resolve) => server.listen(port, host, resolve));
  return {
    issuer: provider.issuer,
    provider,
    signingKey: key,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(resolve);
      }),
  };
}

/** The demo accounts of the demo authority (see app/seed/demo-data.ts), password "horizont-demo". */
export const demoAccounts = [
  ["anna.schmidt", "Anna", "Schmidt"],
  ["jonas.weber", "Jonas", "Weber"],
  ["lea.yilmaz", "Lea", "Yılmaz"],
  ["hr", "Claudia", "Berger"],
  ["admin", "Markus", "Lehmann"],
].map(([local, given, family]) => ({
  email: `${local}@musterstadt.example`,
  password: "horizont-demo",
  given_name: given,
  family_name: family,
  name: `${given} ${family}`,
}));

export function devClient(appOrigins) {
  return {
    client_id: process.env.IDP_CLIENT_ID ?? "horizont-dev",
    client_secret: process.env.IDP_CLIENT_SECRET ?? "horizont-dev-secret",
    token_endpoint_auth_method: "client_secret_post",
    redirect_uris: appOrigins.map((o) => `${o}/auth/oidc/callback`),
    post_logout_redirect_uris: appOrigins.map((o) => `${o}/login?signedOut=1`),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const port = Number(process.env.IDP_PORT ?? 7070);
  const appPort = Number(process.env.PORT ?? 3000);
  const origins = [`http://localhost:${appPort}`, `http://127.0.0.1:${appPort}`];
  const client = devClient(origins);
  const idp = await startIdentityProvider({ port, accounts: demoAccounts, clients: [client] });
  console.log(`Test OpenID provider on ${idp.issuer} (demo accounts, password "horizont-demo").`);
  console.log(`Start Horizont with:\n  OIDC_ISSUER=${idp.issuer} OIDC_CLIENT_ID=${client.client_id} OIDC_CLIENT_SECRET=${client.client_secret} OIDC_AUTHORITY=musterstadt OIDC_ALLOW_INSECURE_LOOPBACK=1 npm start`);
  const stop = () => idp.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
