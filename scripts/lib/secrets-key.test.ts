import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { embeddedSecretsKey } from "./secrets-key.mjs";

describe("the embedded demo's SECRETS_KEY", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "horizont-key-"));

  it("is made once per data directory, readable only by its owner, and the same at the next start", () => {
    const first: Record<string, string | undefined> = { DATA_DIR: "demo-data" };
    expect(embeddedSecretsKey(root, first)).toBe(true);
    expect(Buffer.from(first.SECRETS_KEY!, "base64")).toHaveLength(32);
    const file = path.join(root, "demo-data", "secrets.key");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const second: Record<string, string | undefined> = { DATA_DIR: "demo-data" };
    embeddedSecretsKey(root, second);
    expect(second.SECRETS_KEY).toBe(first.SECRETS_KEY);
    const other: Record<string, string | undefined> = { DATA_DIR: "other-data" };
    embeddedSecretsKey(root, other);
    expect(other.SECRETS_KEY).not.toBe(first.SECRETS_KEY);
  });

  it("leaves a configured key and a server installation alone", () => {
    const configured: Record<string, string | undefined> = { DATA_DIR: "x", SECRETS_KEY: "given" };
    expect(embeddedSecretsKey(root, configured)).toBe(false);
    expect(configured.SECRETS_KEY).toBe("given");
    const server: Record<string, string | undefined> = { DATA_DIR: "y", DATABASE_URL: "postgres://db/horizont" };
    expect(embeddedSecretsKey(root, server)).toBe(false);
    expect(server.SECRETS_KEY).toBeUndefined();
    expect(fs.existsSync(path.join(root, "y", "secrets.key"))).toBe(false);
  });
});
