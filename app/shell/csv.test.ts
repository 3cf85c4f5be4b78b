// Exports open correctly in German Excel.
import { describe, expect, it } from "vitest";
import { toCsv } from "./csv";

describe("CSV export", () => {
  it("writes a BOM, semicolons, decimal commas and quotes where needed", () => {
    expect(toCsv(["Einheit", "VZÄ"], [["Aufenthalt 1", 7.4], ['Team "A"; B', null]])).toBe(
      '\uFEFFEinheit;VZÄ\r\nAufenthalt 1;7,4\r\n"Team ""A""; B";\r\n',
    );
  });

  it("defuses cells Excel would run as formulas", () => {
    expect(toCsv(["x"], [["=HYPERLINK(1)"], [-3]])).toBe("\uFEFFx\r\n'=HYPERLINK(1)\r\n-3\r\n");
  });
});
