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
const { buildIfNeeded } = await import("./start.mjs");
buildIfNeeded();
const { serve } = await import("./server.mjs");
await serve();
