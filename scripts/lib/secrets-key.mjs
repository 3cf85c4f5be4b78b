// The embedded demo's SECRETS_KEY (used by `npm start`).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * The embedded demo (no DATABASE_URL, no SECRETS_KEY) gets a key of its own, kept beside its data
 * in DATA_DIR/secrets.key (mode 600), so `npm ci && npm start` shows the whole story: signed
 * Open Badges credentials and stored OpenID client secrets. A server installation sets
 * SECRETS_KEY itself (README, "Settings"); nothing is generated when DATABASE_URL is set.
 * @param {string} root the app's folder (DATA_DIR is relative to it)
 * @param {Record<string, string | undefined>} [env] the environment to read and complete
 */
export function embeddedSecretsKey(root, env = process.env) {
  if (env.SECRETS_KEY || env.DATABASE_URL) return false;
  const dir = path.resolve(root, env.DATA_DIR || "./data");
  const file = path.join(dir, "secrets.key");
  fs.mkdirSync(dir, { recursive: true });
  if (!fs.existsSync(file)) fs.writeFileSync(file, crypto.randomBytes(32).toString("base64") + "\n", { mode: 0o600, flag: "wx" });
  env.SECRETS_KEY = fs.readFileSync(file, "utf8").trim();
  return true;
}

