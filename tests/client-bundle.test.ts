// Database code never reaches the browser: a real client build contains no drizzle code and no
// table or column name of the schema, and the sign-in and account pages load no chunk with them.
// The lint rule in eslint.config.js keeps route modules and components from importing the schema;
// this test proves what actually ships. And the JavaScript a page loads stays within its budget
// (issue 15): at most 150 KB brotli-compressed on /login, 250 KB on any page.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { getTableConfig, type PgTable } from "drizzle-orm/pg-core";
import { is } from "drizzle-orm";
import { PgTable as PgTableClass } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as schema from "~/db/schema";
import { brotli } from "../scripts/precompress.mjs";

/** Compressed JavaScript budgets in bytes (brotli at the level the build's copies use). */
const LOGIN_BUDGET = 150 * 1024;
const PAGE_BUDGET = 250 * 1024;

const root = path.resolve(import.meta.dirname, "..");
let dir: string;
let assets: string;
let files: { name: string; text: string }[] = [];

/**
 * Every snake_case SQL name of the schema (tables and columns): what a shipped schema gives away.
 * One-word names ("people", "units") are also ordinary words of the UI and its URLs.
 */
function schemaNames() {
  const names = new Set<string>();
  for (const value of Object.values(schema)) {
    if (!is(value, PgTableClass)) continue;
    const config = getTableConfig(value as PgTable);
    for (const name of [config.name, ...config.columns.map((c) => c.name)]) if (name.includes("_")) names.add(name);
  }
  return [...names];
}

/** Places in the client build where a name appears as a string literal (as a schema declares it). */
function literalHits(name: string) {
  const pattern = new RegExp(`["'\`]${name}["'\`]`);
  return files.filter((f) => pattern.test(f.text)).map((f) => f.name);
}

function readManifest() {
  const file = fs.readdirSync(assets).find((f) => /^manifest-.*\.js$/.test(f));
  if (!file) throw new Error("no manifest in the client build");
  const text = fs.readFileSync(path.join(assets, file), "utf8");
  return JSON.parse(text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1)) as {
    entry: { module: string; imports?: string[] };
    routes: Record<string, { module: string; imports?: string[]; parentId?: string }>;
  };
}

/** The chunk a module imports with `import("…")` and every chunk that one imports in turn. */
function withStaticImports(file: string, into: Set<string>) {
  if (into.has(file)) return;
  into.add(file);
  for (const [, spec] of read(file).matchAll(/\bimport\s*(?:[^"'()]*?from\s*)?["']([^"']+\.js)["']/g)) withStaticImports(spec, into);
}

const dynamicImport = /\bimport\(\s*["']([^"']+\.js)["']\s*\)/g;
const read = (file: string) => fs.readFileSync(path.join(assets, file.replace(/^\/build\//, "")), "utf8");

/** The chunks a page's scripts load with `import("…")`: the language catalogs (one per page). */
function dynamicChunksOf(files: Iterable<string>) {
  return [...new Set([...files].flatMap((f) => [...read(f).matchAll(dynamicImport)].map(([, spec]) => spec)))];
}

/**
 * Every script a browser loads for a route on first visit: entry, then each route from root down,
 * and the larger of the language catalogs it loads before hydrating (one per page).
 */
function scriptsOf(manifest: ReturnType<typeof readManifest>, id: string) {
  const chain: string[] = [];
  for (let route: string | undefined = id; route; route = manifest.routes[route]?.parentId) chain.unshift(route);
  const files = new Set([manifest.entry.module, ...(manifest.entry.imports ?? [])]);
  for (const route of chain) for (const f of [manifest.routes[route]!.module, ...(manifest.routes[route]!.imports ?? [])]) files.add(f);
  const catalogs = dynamicChunksOf(files).map((spec) => {
    const chunk = new Set<string>();
    withStaticImports(spec, chunk);
    return [...chunk].filter((f) => !files.has(f));
  });
  const larger = catalogs.sort((a, b) => sizeOf(b) - sizeOf(a))[0] ?? [];
  for (const f of larger) files.add(f);
  return [...files].map((m) => m.replace(/^\/build\//, ""));
}

const sizeOf = (chunks: string[]) => chunks.reduce((sum, f) => sum + compressedSize(f.replace(/^\/build\//, "")), 0);

/** The catalogs every page may load: at least two (else the budgets measure too little). */
function catalogChunksOf(manifest: ReturnType<typeof readManifest>) {
  return dynamicChunksOf([manifest.entry.module, ...(manifest.entry.imports ?? [])]);
}

const compressedSizes = new Map<string, number>();
function compressedSize(name: string) {
  let size = compressedSizes.get(name);
  if (size === undefined) {
    size = brotli(fs.readFileSync(path.join(assets, name))).length;
    compressedSizes.set(name, size);
  }
  return size;
}

describe("client build", () => {
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "horizont-client-build-"));
    assets = path.join(dir, "public", "build");
    const result = spawnSync(path.join(root, "node_modules", ".bin", "remix"), ["build"], {
      cwd: root,
      encoding: "utf8",
      env: {
        ...process.env,
        NODE_ENV: "production",
        REMIX_ASSETS_BUILD_DIR: assets,
        REMIX_SERVER_BUILD_PATH: path.join(dir, "build", "index.js"),
        REMIX_CACHE_DIR: path.join(dir, "cache"),
      },
    });
    if (result.status !== 0) throw new Error(`remix build failed:\n${result.stdout}\n${result.stderr}`);
    const walk = (folder: string): string[] =>
      fs.readdirSync(folder, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(folder, e.name)) : [path.join(folder, e.name)]));
    files = walk(assets)
      .filter((f) => f.endsWith(".js"))
      .map((f) => ({ name: path.relative(assets, f), text: fs.readFileSync(f, "utf8") }));
  }, 180_000);

  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("contains no drizzle code in any client chunk", () => {
    expect(files.length).toBeGreaterThan(10);
    const hits = files.filter((f) => /drizzle/i.test(f.text)).map((f) => f.name);
    expect(hits).toEqual([]);
  });

  it("names no table and no column of the schema in any client chunk", () => {
    const names = schemaNames();
    // The schema has many snake_case names; an empty list would make this test pass vacuously.
    expect(names).toEqual(expect.arrayContaining(["quiz_attempts", "person_roles", "password_hash", "unit_id"]));
    const hits = names.flatMap((name) => literalHits(name).map((file) => `${name} in ${file}`));
    expect(hits).toEqual([]);
  });

  it("loads no schema chunk on /login and /account", () => {
    const manifest = readManifest();
    for (const id of ["routes/login", "routes/account"]) {
      const route = manifest.routes[id];
      expect(route, id).toBeDefined();
      const loaded = [route.module, ...(route.imports ?? [])].map((m) => m.replace(/^\/build\//, ""));
      for (const name of loaded) {
        const text = fs.readFileSync(path.join(assets, name), "utf8");
        expect(/drizzle/i.test(text), `${id} loads ${name} with drizzle`).toBe(false);
        expect(/["']password_hash["']/.test(text), `${id} loads ${name} with the people table`).toBe(false);
      }
    }
  });

  it("loads one language's catalog per page, not both", () => {
    const manifest = readManifest();
    const catalogs = catalogChunksOf(manifest);
    expect(catalogs).toHaveLength(2);
    const german = catalogs.map(read).filter((text) => text.includes("Anmelden"));
    expect(german).toHaveLength(1);
    // Neither catalog is in what every page loads anyway.
    const always = scriptsOf(manifest, "root").filter((f) => !catalogs.some((c) => c.endsWith(f)));
    const both = always.filter((f) => {
      const text = fs.readFileSync(path.join(assets, f), "utf8");
      return text.includes("Anmelden") && text.includes("Sign in");
    });
    expect(both).toEqual([]);
  });

  it("keeps the sign-in page within 150 KB of compressed JavaScript", () => {
    const manifest = readManifest();
    const files = scriptsOf(manifest, "routes/login");
    const total = files.reduce((sum, f) => sum + compressedSize(f), 0);
    const largest = files.sort((a, b) => compressedSize(b) - compressedSize(a)).slice(0, 3).map((f) => `${f} ${compressedSize(f)}`);
    expect(total, `largest: ${largest.join(", ")}`).toBeLessThanOrEqual(LOGIN_BUDGET);
    // The page needs no form-validation library: zod stays on the server.
    expect(files.some((f) => /ZodError/.test(fs.readFileSync(path.join(assets, f), "utf8")))).toBe(false);
  });

  it("keeps every page within 250 KB of compressed JavaScript", () => {
    const manifest = readManifest();
    const over = Object.keys(manifest.routes)
      .map((id) => ({ id, total: scriptsOf(manifest, id).reduce((sum, f) => sum + compressedSize(f), 0) }))
      .filter((r) => r.total > PAGE_BUDGET)
      .map((r) => `${r.id}: ${Math.round(r.total / 1024)} KB`);
    expect(over).toEqual([]);
  });

  it("ships no zod locale but the built-in English one (no whole-library import of zod)", () => {
    // Phrases of zod's Turkish and French locales: `import { z } from "zod"` bundles every locale.
    const hits = files.filter((f) => f.text.includes("e-posta adresi") || f.text.includes("adresse e-mail")).map((f) => f.name);
    expect(hits).toEqual([]);
  });
});
