// Staff lists arrive from different systems: German or English headers, ";" or ",", decimal comma.
import { describe, expect, it } from "vitest";
import { parseFte, parseImportCsv, splitName } from "./import-parse";

describe("parsing a staff list", () => {
  it("reads German headers, semicolons and decimal commas", () => {
    const csv = "\uFEFFVorname;Nachname;E-Mail;Einheit;Stelle;VZÄ\r\nAnna;Schmidt;Anna.Schmidt@x.example;Aufenthalt 1;Sachbearbeitung;0,5\r\n";
    const result = parseImportCsv(csv);
    expect(result).toMatchObject({ ok: true, delimiter: ";" });
    if (!result.ok) return;
    expect(result.rows).toEqual([
      { line: 2, givenName: "Anna", familyName: "Schmidt", email: "anna.schmidt@x.example", unit: "Aufenthalt 1", role: "Sachbearbeitung", fte: 0.5, errors: [] },
    ]);
  });

  it("reads English headers with commas and a full-name column", () => {
    const result = parseImportCsv('name,email,unit,role,fte\n"Weber, Jonas",jonas@x.example,Servicepoint,,"0,75"\nMehmet Demir,m@x.example,Servicepoint,,\n');
    expect(result.ok && result.rows.map((r) => [r.givenName, r.familyName, r.fte])).toEqual([
      ["Jonas", "Weber", 0.75],
      ["Mehmet", "Demir", 1],
    ]);
  });

  it("marks each bad row with its problems and keeps the good ones clean", () => {
    const result = parseImportCsv("Name;E-Mail;Einheit;VZÄ\nAnna Schmidt;kein-mail;A;2,5\nBen Ott;b@x.example;;1\nBen Ott;b@x.example;A;1\n");
    expect(result.ok && result.rows.map((r) => r.errors)).toEqual([
      ["hr.import.errors.email", "hr.import.errors.fte"],
      ["hr.import.errors.unitMissing"],
      ["hr.import.errors.duplicateInFile"],
    ]);
  });

  it("names the missing columns", () => {
    expect(parseImportCsv("Name;Telefon\nA B;1\n")).toEqual({ ok: false, error: 'hr.import.errors.missingColumns|{"columns":"E-Mail, Einheit"}' });
    expect(parseImportCsv("")).toEqual({ ok: false, error: "hr.import.errors.empty" });
  });

  it("understands FTE as fraction or percent", () => {
    expect(parseFte("0,5")).toBe(0.5);
    expect(parseFte("75 %")).toBe(0.75);
    expect(parseFte("80")).toBe(0.8);
    expect(parseFte("")).toBe(1);
    expect(parseFte("0")).toBeNull();
    expect(parseFte("abc")).toBeNull();
    expect(splitName("Anna Maria Schmidt")).toEqual({ givenName: "Anna Maria", familyName: "Schmidt" });
  });
});
