// Level derivation as the profile shows it.
import { describe, expect, it } from "vitest";
import { currentLevel, gap, gapSummary, type EvidenceLike } from "./levels";

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

describe("expiry", () => {
  it("flags evidence that expires within 60 days, not later and not already expired", async () => {
    const { expiresSoon } = await import("./levels");
    expect(expiresSoon(new Date("2026-07-15T00:00:00Z"), at)).toBe(true);
    expect(expiresSoon(new Date("2026-07-31T00:00:00Z"), at)).toBe(true);
    expect(expiresSoon(new Date("2026-08-15T00:00:00Z"), at)).toBe(false);
    expect(expiresSoon(new Date("2026-05-01T00:00:00Z"), at)).toBe(false);
    expect(expiresSoon(null, at)).toBe(false);
  });

  it("says until when the current level holds: the latest expiry among evidence at that level", async () => {
    const { levelValidUntil } = await import("./levels");
    const soon = ev(2, "quiz", { validUntil: new Date("2026-07-01T00:00:00Z") });
    const later = ev(2, "observed", { validUntil: new Date("2027-01-01T00:00:00Z") });
    expect(levelValidUntil([soon, later, ev(1, "quiz")], at)).toEqual(new Date("2027-01-01T00:00:00Z"));
    expect(levelValidUntil([soon, ev(2, "certificate")], at)).toBeNull();
    expect(levelValidUntil([ev(3, "self")], at)).toBeNull();
  });

  it("explains each piece of evidence and shows the self-assessment beside the level", async () => {
    const { standing } = await import("./levels");
    const expired = ev(3, "observed", { validUntil: new Date("2026-05-01T00:00:00Z") });
    const basis = ev(2, "quiz", { validUntil: new Date("2026-07-10T00:00:00Z"), achievedAt: new Date("2024-07-10T00:00:00Z") });
    const self = ev(4, "self", { achievedAt: new Date("2026-04-01T00:00:00Z") });
    const s = standing(3, [expired, basis, self], at);
    expect(s).toMatchObject({ current: 2, required: 3, gap: 1, selfLevel: 4, expiresSoon: true });
    expect(s.validUntil).toEqual(new Date("2026-07-10T00:00:00Z"));
    const statuses = new Map(s.explanation.map((e) => [e.evidence, e.status]));
    expect(statuses.get(expired)).toBe("expired");
    expect(statuses.get(basis)).toBe("basis");
    expect(statuses.get(self)).toBe("self");
    expect(s.explanation.find((e) => e.evidence === basis)?.expiresSoon).toBe(true);
  });

  it("adds months without overflowing short months", async () => {
    const { addMonths } = await import("~/dates/calendar");
    expect(addMonths(new Date("2026-01-31T12:00:00Z"), 1)).toEqual(new Date("2026-02-28T12:00:00Z"));
    expect(addMonths(new Date("2024-03-15T12:00:00Z"), 24)).toEqual(new Date("2026-03-15T12:00:00Z"));
  });
});

describe("gaps and missing levels", () => {
  it("counts competences below the requirement as gaps and sums what is missing as missing levels", () => {
    const cells = [
      { required: 3, current: 1 }, // one gap, two levels missing
      { required: 2, current: 2 }, // met
      { required: 4, current: 0 }, // one gap, four levels missing
      { required: 0, current: 3 }, // not required
      { required: 1, current: 3 }, // exceeded: no negative gap
    ];
    expect(gapSummary(cells)).toEqual({ gaps: 2, missingLevels: 6 });
    expect(gapSummary([])).toEqual({ gaps: 0, missingLevels: 0 });
  });
});
