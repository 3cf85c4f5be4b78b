import { describe, expect, it } from "vitest";
import { affectedCitations, affects, canonicalStatute, changeApplies, fromNormKey, normKey, parseNorms } from "./norms";

const one = (citation: string) => {
  const norms = parseNorms(citation);
  expect(norms, citation).toHaveLength(1);
  return norms[0];
};

describe("parsing a citation", () => {
  it("reads section, paragraph and statute as cited in modules", () => {
    expect(one("§ 81 Abs. 4 AufenthG")).toEqual({ statute: "AufenthG", section: "81", paragraph: "4" });
    expect(one("§81 AufenthG")).toEqual({ statute: "AufenthG", section: "81", paragraph: null });
    expect(one("§ 81 Absatz 4 Satz 1 AufenthG")).toEqual({ statute: "AufenthG", section: "81", paragraph: "4" });
    expect(one("§ 60a Abs. 2 S. 1 AufenthG")).toEqual({ statute: "AufenthG", section: "60a", paragraph: "2" });
    expect(one("§ 25 Abs. 5 Satz 1 Nr. 2 aufenthg")).toEqual({ statute: "AufenthG", section: "25", paragraph: "5" });
    expect(one("§ 81 IV 1 AufenthG")).toEqual({ statute: "AufenthG", section: "81", paragraph: "4" });
  });

  it("knows Art. for the DSGVO and the Grundgesetz and other spellings of the statutes", () => {
    expect(one("Art. 6 Abs. 1 lit. e DSGVO")).toEqual({ statute: "DSGVO", section: "6", paragraph: "1" });
    expect(one("Artikel 15 DS-GVO")).toEqual({ statute: "DSGVO", section: "15", paragraph: null });
    expect(one("Art. 3 Abs. 3 GG")).toEqual({ statute: "GG", section: "3", paragraph: "3" });
    expect(one("§ 7 SGB II")).toEqual({ statute: "SGB II", section: "7", paragraph: null });
    expect(one("§ 7 Abs. 1 SGB 2")).toEqual({ statute: "SGB II", section: "7", paragraph: "1" });
    expect(one("§ 1 AGG")).toEqual({ statute: "AGG", section: "1", paragraph: null });
    expect(one("§ 26 BDSG")).toEqual({ statute: "BDSG", section: "26", paragraph: null });
    expect(one("§ 25 VwVfG")).toEqual({ statute: "VwVfG", section: "25", paragraph: null });
    expect(one("§ 2 FreizügG/EU")).toEqual({ statute: "FreizügG/EU", section: "2", paragraph: null });
    // The statutes the modules name without a section until now: BQFG, LADG (Berlin), OZG, TVöD (VKA).
    expect(one("§ 4 BQFG")).toEqual({ statute: "BQFG", section: "4", paragraph: null });
    expect(one("§ 7 LADG Berlin")).toEqual({ statute: "LADG", section: "7", paragraph: null });
    expect(normKey(one("§ 7 LADG"))).toBe(normKey(one("§ 7 LADG Berlin")));
    expect(one("§ 1a Abs. 2 OZG")).toEqual({ statute: "OZG", section: "1a", paragraph: "2" });
    expect(one("§ 12 TVöD (VKA)")).toEqual({ statute: "TVöD (VKA)", section: "12", paragraph: null });
  });

  it("expands several sections and ranges; their paragraphs are ambiguous, so each is taken whole", () => {
    expect(parseNorms("§§ 53 bis 55 AufenthG").map((n) => n.section)).toEqual(["53", "54", "55"]);
    expect(parseNorms("§§ 81, 82 Abs. 1 AufenthG")).toEqual([
      { statute: "AufenthG", section: "81", paragraph: null },
      { statute: "AufenthG", section: "82", paragraph: null },
    ]);
  });

  it("refuses what is not a citation", () => {
    for (const text of ["", "AufenthG", "BQFG", "LADG Berlin", "Gesetz zur Änderung des Onlinezugangsgesetzes (BGBl. 2024 I Nr. 245)", "§ 81 AufenthG (x) (y)", "§ AufenthG", "§ 81", "§ 81 Abs. 4", "Paragraf 81 AufenthG", "§ 81 AufenthG <script>", "§§ 90 bis 10 AufenthG"])
      expect(parseNorms(text), text).toEqual([]);
  });

  it("canonicalises statute names and SGB books", () => {
    expect(canonicalStatute("aufenthg")).toBe("AufenthG");
    expect(canonicalStatute("SGB XII")).toBe("SGB XII");
    expect(canonicalStatute("SGB 12")).toBe("SGB XII");
    expect(canonicalStatute("SGB 99")).toBeNull();
    expect(canonicalStatute("LBG NRW")).toBe("LBG NRW");
  });

  it("has a key that survives the round trip and ignores the spelling", () => {
    expect(normKey(one("§ 81 Abs. 4 AufenthG"))).toBe("aufenthg|81|4");
    expect(normKey(one("§81 Absatz 4 Satz 2 aufenthg"))).toBe("aufenthg|81|4");
    expect(normKey(one("§ 81 AufenthG"))).toBe("aufenthg|81|");
    expect(fromNormKey("aufenthg|81|")).toEqual({ statute: "aufenthg", section: "81", paragraph: null });
    expect(affects(fromNormKey(normKey(one("§ 81 AufenthG")))!, one("§ 81 Abs. 4 AufenthG"))).toBe(true);
  });
});

describe("which citations a change affects", () => {
  const basis = ["§ 81 Abs. 4 AufenthG", "§ 81 Abs. 3 AufenthG", "§ 81 AufenthG", "§ 82 AufenthG", "§ 81 AsylG", "Art. 6 DSGVO"];

  it("a change of the whole section affects every paragraph of it", () => {
    expect(affectedCitations(one("§ 81 AufenthG"), basis)).toEqual(["§ 81 Abs. 4 AufenthG", "§ 81 Abs. 3 AufenthG", "§ 81 AufenthG"]);
  });

  it("a change of one paragraph affects that paragraph and citations of the whole section", () => {
    expect(affectedCitations(one("§ 81 Abs. 4 AufenthG"), basis)).toEqual(["§ 81 Abs. 4 AufenthG", "§ 81 AufenthG"]);
  });

  it("another statute with the same section number is not affected", () => {
    expect(affectedCitations(one("§ 82 AsylG"), basis)).toEqual([]);
    expect(affectedCitations(one("Art. 6 Abs. 1 DSGVO"), basis)).toEqual(["Art. 6 DSGVO"]);
  });
});

describe("whether a change still applies to a module", () => {
  const change = { norm: one("§ 81 AufenthG"), effectiveOn: "2026-12-01", resolved: false };

  it("applies while the module was reviewed before the change took effect", () => {
    expect(changeApplies(change, { legalBasis: ["§ 81 Abs. 4 AufenthG"], reviewedAt: "2026-11-15" })).toBe(true);
    expect(changeApplies(change, { legalBasis: ["§ 81 Abs. 4 AufenthG"], reviewedAt: null })).toBe(true);
  });

  it("stops applying once the module is reviewed on or after the change's date, or HR resolves it", () => {
    expect(changeApplies(change, { legalBasis: ["§ 81 Abs. 4 AufenthG"], reviewedAt: "2026-12-01" })).toBe(false);
    expect(changeApplies({ ...change, resolved: true }, { legalBasis: ["§ 81 Abs. 4 AufenthG"], reviewedAt: "2026-11-15" })).toBe(false);
  });

  it("never applies to a module that does not cite the norm", () => {
    expect(changeApplies(change, { legalBasis: ["§ 82 AufenthG"], reviewedAt: null })).toBe(false);
    expect(changeApplies(change, { legalBasis: [], reviewedAt: null })).toBe(false);
  });
});
