// The dependency fixes of scripts/patch-dependencies.mjs are in place (npm ci runs it), they are
// applied in a checkout whose path has a space, and the server refuses to start without them.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { assertPatched, patches, patchesApplied } from "./patch-dependencies.mjs";

const scripts = path.resolve(import.meta.dirname);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "horizont patch "));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A checkout in `dir` with the patch script and an unpatched postgres.js of the patch's version. */
function fakeCheckout(dir: string) {
  fs.mkdirSync(path.join(dir, "scripts/lib"), { recursive: true });
  fs.copyFileSync(path.join(scripts, "patch-dependencies.mjs"), path.join(dir, "scripts/patch-dependencies.mjs"));
  fs.copyFileSync(path.join(scripts, "lib/is-main.mjs"), path.join(dir, "scripts/lib/is-main.mjs"));
  for (const patch of patches) {
    fs.mkdirSync(path.join(dir, "node_modules", patch.name), { recursive: true });
    fs.writeFileSync(path.join(dir, "node_modules", patch.name, "package.json"), JSON.stringify({ version: patch.version }));
    for (const rel of patch.files) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), patch.edits.map((e) => e.from).join("\n\n"));
    }
  }
}

describe("patched dependencies", () => {
  it("postgres.js survives a connection that closes before a deferred write (porsager/postgres#1154)", () => {
    expect(patchesApplied()).toBe(true);
  });

  it("npm ci patches the driver in a checkout whose path contains a space", () => {
    const dir = path.join(tmp, "mein checkout");
    fakeCheckout(dir);
    expect(patchesApplied(dir)).toBe(false);
    const run = spawnSync(process.execPath, [path.join(dir, "scripts/patch-dependencies.mjs")], { encoding: "utf8" });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/patched/);
    expect(patchesApplied(dir)).toBe(true);
  });

  it("the server refuses to start on an unpatched driver, and says what to run", () => {
    const dir = path.join(tmp, "unpatched");
    fakeCheckout(dir);
    expect(() => assertPatched(dir)).toThrow(/not patched.*npm ci/);
    expect(() => assertPatched()).not.toThrow();
  });
});
