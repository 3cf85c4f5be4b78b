import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable, unavailableCode } from "./unavailable";

const wrapped = (cause: unknown) => Object.assign(new Error("Failed query: select 1\nparams: secret"), { cause });

describe("recognising an unreachable database", () => {
  it("sees a refused or lost connection, also inside drizzle's query error", () => {
    expect(isDatabaseUnavailable(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(isDatabaseUnavailable(wrapped(Object.assign(new Error("closed"), { code: "CONNECTION_CLOSED" })))).toBe(true);
    expect(isDatabaseUnavailable(wrapped(Object.assign(new Error("terminating connection"), { code: "57P01" })))).toBe(true);
    expect(isDatabaseUnavailable(wrapped(Object.assign(new Error("starting up"), { code: "57P03" })))).toBe(true);
    expect(unavailableCode(wrapped(Object.assign(new Error("x"), { code: "ECONNRESET" })))).toBe("ECONNRESET");
  });

  it("does not mistake an error in a query for an outage", () => {
    expect(isDatabaseUnavailable(wrapped(Object.assign(new Error("duplicate key"), { code: "23505" })))).toBe(false);
    expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
    expect(isDatabaseUnavailable(new Response("x", { status: 404 }))).toBe(false);
  });
});
