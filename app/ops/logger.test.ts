import { describe, expect, it } from "vitest";
import { safeError } from "./logger.server";

describe("error logging", () => {
  it("keeps the failed SQL but never the query's parameters", () => {
    const cause = Object.assign(new Error("duplicate key"), { code: "23505", detail: "Key (email)=(anna.schmidt@musterstadt.example) already exists." });
    const error = Object.assign(new Error("Failed query: select * from sessions where id = $1\nparams: s3cr3t-session-id"), {
      query: "select * from sessions where id = $1",
      params: ["s3cr3t-session-id"],
      cause,
    });
    const text = JSON.stringify(safeError(error));
    expect(text).toContain("select * from sessions");
    expect(text).not.toContain("s3cr3t-session-id");
    expect(text).not.toContain("anna.schmidt");
  });
});
