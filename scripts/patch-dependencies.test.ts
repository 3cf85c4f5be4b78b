// The dependency fixes of scripts/patch-dependencies.mjs are in place (npm ci runs it).
import { describe, expect, it } from "vitest";
import { patchesApplied } from "./patch-dependencies.mjs";

describe("patched dependencies", () => {
  it("postgres.js survives a connection that closes before a deferred write (porsager/postgres#1154)", () => {
    expect(patchesApplied()).toBe(true);
  });
});
