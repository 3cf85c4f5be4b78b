import { describe, expect, it } from "vitest";
import { addMonths, berlinDate, berlinWallClock, dateOnly } from "./calendar";

describe("Berlin calendar dates", () => {
  it("turns the day at Berlin midnight, not UTC midnight, in winter and in summer", () => {
    // Winter (UTC+1): 23:30 UTC is already the next day in Berlin.
    expect(berlinDate(new Date("2026-01-14T22:59:00Z"))).toBe("2026-01-14");
    expect(berlinDate(new Date("2026-01-14T23:00:00Z"))).toBe("2026-01-15");
    // Summer (UTC+2): the day turns at 22:00 UTC.
    expect(berlinDate(new Date("2026-07-14T21:59:00Z"))).toBe("2026-07-14");
    expect(berlinDate(new Date("2026-07-14T22:00:00Z"))).toBe("2026-07-15");
  });

  it("keeps the day right across the summer-time change (last Sunday of March and of October)", () => {
    // 29 March 2026: clocks go from 02:00 to 03:00; the Sunday still has its own date from 00:00.
    expect(berlinWallClock(new Date("2026-03-29T00:59:00Z"))).toBe("2026-03-29T01:59");
    expect(berlinWallClock(new Date("2026-03-29T01:00:00Z"))).toBe("2026-03-29T03:00");
    expect(berlinDate(new Date("2026-03-28T22:59:00Z"))).toBe("2026-03-28");
    expect(berlinDate(new Date("2026-03-28T23:00:00Z"))).toBe("2026-03-29");
    expect(berlinDate(new Date("2026-03-29T21:59:00Z"))).toBe("2026-03-29");
    expect(berlinDate(new Date("2026-03-29T22:00:00Z"))).toBe("2026-03-30");
    // 25 October 2026: clocks go back from 03:00 to 02:00; the day is 25 hours long.
    expect(berlinWallClock(new Date("2026-10-25T00:30:00Z"))).toBe("2026-10-25T02:30");
    expect(berlinWallClock(new Date("2026-10-25T01:30:00Z"))).toBe("2026-10-25T02:30");
    expect(berlinDate(new Date("2026-10-24T21:59:00Z"))).toBe("2026-10-24");
    expect(berlinDate(new Date("2026-10-24T22:00:00Z"))).toBe("2026-10-25");
    expect(berlinDate(new Date("2026-10-25T22:59:00Z"))).toBe("2026-10-25");
    expect(berlinDate(new Date("2026-10-25T23:00:00Z"))).toBe("2026-10-26");
  });

  it("starts the new year at Berlin midnight", () => {
    expect(berlinDate(new Date("2026-12-31T22:59:59Z"))).toBe("2026-12-31");
    expect(berlinDate(new Date("2026-12-31T23:00:00Z"))).toBe("2027-01-01");
    // A due date of 31 December is still open at 23:30 Berlin time and past at 00:00.
    expect("2026-12-31" < berlinDate(new Date("2026-12-31T22:30:00Z"))).toBe(false);
    expect("2026-12-31" < berlinDate(new Date("2026-12-31T23:00:00Z"))).toBe(true);
  });

  it("reads a date input as the same calendar day in every zone", () => {
    for (const day of ["2026-03-29", "2026-10-25", "2026-12-31", "2027-01-01"]) {
      expect(berlinDate(dateOnly(day))).toBe(day);
      expect(dateOnly(day).toISOString().slice(0, 10)).toBe(day);
    }
  });

  it("adds months for expiry, clamping to the last day of a shorter month, across New Year and the changes", () => {
    expect(addMonths(dateOnly("2026-01-31"), 1)).toEqual(dateOnly("2026-02-28"));
    expect(addMonths(dateOnly("2027-12-31"), 2)).toEqual(dateOnly("2028-02-29"));
    expect(addMonths(dateOnly("2026-11-15"), 2)).toEqual(dateOnly("2027-01-15"));
    expect(addMonths(dateOnly("2026-03-29"), 7)).toEqual(dateOnly("2026-10-29"));
    expect(addMonths(dateOnly("2026-10-25"), -12)).toEqual(dateOnly("2025-10-25"));
    // An instant keeps its time of day in UTC: expiry is 24 months to the minute.
    expect(addMonths(new Date("2026-03-29T00:30:00Z"), 24)).toEqual(new Date("2028-03-29T00:30:00Z"));
  });
});
