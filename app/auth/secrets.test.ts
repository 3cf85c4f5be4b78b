import crypto from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { resetEnvForTests } from "~/env.server";
import { decryptSecret, encryptSecret, MissingSecretsKeyError } from "./secrets.server";

const original = process.env.SECRETS_KEY;
afterEach(() => {
  process.env.SECRETS_KEY = original;
  resetEnvForTests();
});

function useKey(key: string | undefined) {
  if (key === undefined) delete process.env.SECRETS_KEY;
  else process.env.SECRETS_KEY = key;
  resetEnvForTests();
}

describe("client secrets at rest", () => {
  it("round-trips, and the stored text does not contain the secret", () => {
    useKey(crypto.randomBytes(32).toString("base64"));
    const stored = encryptSecret("s3cr3t-value", "authority-a");
    expect(stored).not.toContain("s3cr3t-value");
    expect(decryptSecret(stored, "authority-a")).toBe("s3cr3t-value");
  });

  it("cannot be read with another key or moved to another authority's row", () => {
    useKey(crypto.randomBytes(32).toString("base64"));
    const stored = encryptSecret("s3cr3t-value", "authority-a");
    expect(() => decryptSecret(stored, "authority-b")).toThrow();
    useKey(crypto.randomBytes(32).toString("base64"));
    expect(() => decryptSecret(stored, "authority-a")).toThrow();
  });

  it("without SECRETS_KEY nothing is stored", () => {
    useKey(undefined);
    expect(() => encryptSecret("x", "authority-a")).toThrow(MissingSecretsKeyError);
  });
});
