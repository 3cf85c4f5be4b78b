// The server the end-to-end tests run against: production build, fresh embedded database.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dataDir = process.env.E2E_DATA_DIR ?? path.join(root, ".cache", `e2e-data-${process.env.PORT ?? 3210}`);
fs.rmSync(dataDir, { recursive: true, force: true });
process.env.DATA_DIR = dataDir;
process.env.NODE_ENV = "production";
// Plain http on localhost: the cookie cannot be Secure-only here.
process.env.COOKIE_SECURE ??= "0";
// A real OpenID provider with the demo accounts beside the app (tests/e2e/sso.spec.ts signs in
// through its own page); the demo authority's directory sign-in points at it.
const port = Number(process.env.PORT ?? 3210);
const idpPort = Number(process.env.E2E_IDP_PORT ?? port + 5);
const { startIdentityProvider, demoAccounts, devClient } = await import("./idp-dev.mjs");
const client = devClient([`http://localhost:${port}`, `http://127.0.0.1:${port}`]);
const idp = await startIdentityProvider({ port: idpPort, accounts: demoAccounts, clients: [client] });
Object.assign(process.env, {
  OIDC_ISSUER: idp.issuer,
  OIDC_CLIENT_ID: client.client_id,
  OIDC_CLIENT_SECRET: client.client_secret,
  OIDC_AUTHORITY: "musterstadt",
  OIDC_ALLOW_INSECURE_LOOPBACK: "1",
});
const { buildIfNeeded } = await import("./start.mjs");
buildIfNeeded();
// As `npm start`: the embedded demo gets its SECRETS_KEY beside its (fresh) data, so the Open
// Badges download is offered and the specs can check it (tests/e2e/courses.spec.ts).
const { embeddedSecretsKey } = await import("./lib/secrets-key.mjs");
embeddedSecretsKey(root);
const { serve } = await import("./server.mjs");
await serve();

// Test-only control port (this script is never the production server): runs the hourly clean-up
// at once with an injected clock, so a spec can let "months pass" for the retention after leaving.
// Bound to 127.0.0.1 on PORT + 1, outside the app and its routes.
const http = await import("node:http");
const { pathToFileURL } = await import("node:url");
const build = await import(pathToFileURL(path.join(root, "build", "index.js")).href);
const controlPort = Number(process.env.PORT ?? 3210) + 1;
http
  .createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname === "/large-team" && (req.method === "POST" || req.method === "DELETE")) {
      await largeTeam(req.method, res);
      return;
    }
    if (req.method !== "POST" || url.pathname !== "/cleanup") {
      res.writeHead(404).end();
      return;
    }
    const now = new Date(url.searchParams.get("now") ?? Date.now());
    try {
      await build.entry.module.runCleanup(now);
      res.writeHead(200, { "Content-Type": "text/plain" }).end(`clean-up ran at ${now.toISOString()}`);
    } catch (error) {
      res.writeHead(500, { "Content-Type": "text/plain" }).end(String(error));
    }
  })
  .listen(controlPort, "127.0.0.1");

/**
 * POST /large-team: the large-authority generator's first unit alone (300 members, lead@grossstadt.example
 * leads it) in the running server's database; DELETE removes that authority again. For the
 * large-team story (tests/e2e/large-team.spec.ts); the generator is loaded on first use.
 */
async function largeTeam(method, res) {
  try {
    const { tsImport } = await import("tsx/esm/api");
    const generator = await tsImport("./generate-large-authority.ts", import.meta.url);
    const { db } = globalThis.__horizontDatabase;
    if (method === "POST") {
      const started = Date.now();
      const made = await generator.generateLargeAuthority(db, { people: generator.UNIT_SIZE });
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ unitId: made.unitIds[0], ms: Date.now() - started }));
    } else {
      await generator.removeLargeAuthority(db);
      res.writeHead(204).end();
    }
  } catch (error) {
    res.writeHead(500, { "Content-Type": "text/plain" }).end(String(error));
  }
}
