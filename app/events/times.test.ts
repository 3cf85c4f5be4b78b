import { describe, expect, it } from "vitest";
import { berlinWallClock } from "~/dates/calendar";
import { berlinInstant } from "./times";

describe("Berlin wall-clock times of workshop sessions", () => {
  it("reads a winter and a summer time as the right instant", () => {
    expect(berlinInstant("2027-01-15", "09:00")).toEqual({ ok: true, at: new Date("2027-01-15T08:00:00Z") });
    expect(berlinInstant("2027-07-15", "09:00")).toEqual({ ok: true, at: new Date("2027-07-15T07:00:00Z") });
  });
  it("refuses a time the clocks skip in spring and one they pass twice in autumn", () => {
    expect(berlinInstant("2027-03-28", "02:30")).toEqual({ ok: false, error: "skipped" });
    expect(berlinInstant("2027-10-31", "02:30")).toEqual({ ok: false, error: "ambiguous" });
    expect(berlinInstant("2027-03-28", "03:00")).toEqual({ ok: true, at: new Date("2027-03-28T01:00:00Z") });
  });
  it("refuses malformed and impossible dates and times", () => {
    expect(berlinInstant("2027-02-30", "09:00")).toEqual({ ok: false, error: "date" });
    expect(berlinInstant("15.01.2027", "09:00")).toEqual({ ok: false, error: "date" });
    expect(berlinInstant("2027-01-15", "24:00")).toEqual({ ok: false, error: "time" });
    expect(berlinInstant("2027-01-15", "9 Uhr")).toEqual({ ok: false, error: "time" });
  });
  it("shows an instant as Berlin wall-clock time", () => {
    expect(berlinWallClock(new Date("2027-07-15T07:00:00Z"))).toBe("2027-07-15T09:00");
  });
});
