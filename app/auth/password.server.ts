// Password hashing with argon2id (native module: import only from *.server.ts files).
import { hash, verify } from "@node-rs/argon2";

// argon2id is the library's default algorithm; these are OWASP's minimum recommended costs.
const options = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash) {
    // Spend the same time as a real check, so timing does not reveal whether the account exists.
    await verify(await dummyHash(), password).catch(() => false);
    return false;
  }
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
function dummyHash() {
  dummy ??= hash("horizont-timing-equaliser", options);
  return dummy;
}
