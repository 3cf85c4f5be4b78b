// Encrypts secrets kept in the database (OpenID client secrets) with AES-256-GCM and SECRETS_KEY.
import crypto from "node:crypto";
import { getEnv } from "~/env.server";

export class MissingSecretsKeyError extends Error {
  constructor() {
    super("SECRETS_KEY is not set: secrets cannot be stored or read");
  }
}

function key(): Buffer {
  const value = getEnv().SECRETS_KEY;
  if (!value) throw new MissingSecretsKeyError();
  return Buffer.from(value, "base64");
}

export function canStoreSecrets() {
  return !!getEnv().SECRETS_KEY;
}

/** `context` (e.g. the authority id) is bound to the ciphertext: it cannot be moved to another row. */
export function encryptSecret(plain: string, context: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key(), iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64"), cipher.getAuthTag().toString("base64"), body.toString("base64")].join(":");
}

export function decryptSecret(stored: string, context: string): string {
  const [version, iv, tag, body] = stored.split(":");
  if (version !== "v1" || !iv || !tag || body === undefined) throw new Error("Unknown secret format");
  const decipher = crypto.createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64"));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(Buffer.from(tag, "base64"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64")), decipher.final()]).toString("utf8");
}
