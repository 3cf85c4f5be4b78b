// Prepared, migrated databases for tests: a PGlite data-dir dump and a PostgreSQL template
// database, both named by a hash of the migrations so a schema change makes new ones.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import postgres from "postgres";

export const root = path.resolve(import.meta.dirname, "../..");
export const cacheDir = path.join(root, ".cache", "test");

export function migrationsHash() {
  const hash = crypto.createHash("sha256");
  const dir = path.join(root, "drizzle");
  const walk = (d: string) => {
    for (const name of fs.readdirSync(d).sort()) {
      const full = path.join(d, name);
      if (fs.statSync(full).isDirectory()) walk(full);
      else hash.update(name).update(fs.readFileSync(full));
    }
  };
  walk(dir);
  // The framework sync runs in the template too.
  hash.update(fs.readFileSync(path.join(root, "app/competences/framework.json")));
  return hash.digest("hex").slice(0, 12);
}

export const pgliteTemplatePath = () => path.join(cacheDir, `pglite-${migrationsHash()}.tar.gz`);
export const postgresTemplateName = () => `horizont_tpl_${migrationsHash()}`;

/** A connection URL for another database on the same server. */
export function withDatabase(url: string, database: string) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export function adminClient(url: string) {
  return postgres(url, { max: 1, onnotice: () => {} });
}
