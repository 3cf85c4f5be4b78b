// Level derivation as the profile shows it.
import { describe, expect, it } from "vitest";
import { currentLevel, gap, type EvidenceLike } from "./levels";

const at = new Date("2026-06-01T00:00:00Z");
const ev = (level: number, source: EvidenceLike["source"], extra: Partial<EvidenceLike> = {}): EvidenceLike => ({
  level,
  source,
  achievedAt: new Date("2026-01-01T00:00:00Z"),
  validUntil: null,
  revokedAt: null,
  ...extra,
});

describe("current level", () => {
  it("is the highest level among counting evidence", () => {
    expect(currentLevel([ev(1, "quiz"), ev(3, "observed"), ev(2, "certificate")], at).level).toBe(3);
  });
  it("ignores self-assessment, however high", () => {
    expect(currentLevel([ev(4, "self"), ev(1, "quiz")], at).level).toBe(1);
    expect(currentLevel([ev(4, "self")], at)).toEqual({ level: 0, basis: null });
  });
  it("ignores expired and revoked evidence", () => {
    const expired = ev(3, "quiz", { validUntil: new Date("2026-05-31T23:59:59Z") });
    const revoked = ev(4, "observed", { revokedAt: new Date("2026-02-01T00:00:00Z") });
    expect(currentLevel([expired, revoked, ev(2, "quiz")], at).level).toBe(2);
  });
  it("names the newest evidence among equals as the basis", () => {
    const older = ev(2, "quiz");
    const newer = ev(2, "observed", { achievedAt: new Date("2026-03-01T00:00:00Z") });
    expect(currentLevel([older, newer], at).basis).toBe(newer);
  });
});

describe("gap", () => {
  it("is required minus current where positive", () => {
    expect(gap(3, 1)).toBe(2);
    expect(gap(2, 3)).toBe(0);
    expect(gap(2, 0)).toBe(2);
  });
});
