// Norm citations as written in module frontmatter and in HR's change records ("§ 81 Abs. 4
// AufenthG", "Art. 6 Abs. 1 lit. e DSGVO"): parsing into statute, section and paragraph, a
// normalised key, and the rule which recorded change affects which citation. Pure code.

/** One cited norm: the statute, the section (§ or Art.) and optionally the paragraph (Abs.). */
export interface NormRef {
  statute: string;
  section: string;
  /** Absatz; null when the whole section is cited. Satz, Nr., lit. are not kept (coarser is safer). */
  paragraph: string | null;
}

/** Canonical spelling of the statutes modules cite, keyed by the lower-case form without spaces, dots or dashes. */
const statutes: Record<string, string> = Object.fromEntries(
  [
    "AufenthG",
    "AufenthV",
    "AsylG",
    "AsylbLG",
    "BeschV",
    "BDSG",
    "BGB",
    "BGG",
    "BPersVG",
    "BVerfGG",
    "BVFG",
    "FreizügG/EU",
    "GG",
    "AGG",
    "DSGVO",
    "EMRK",
    "AEUV",
    "GRCh",
    "IntV",
    "OWiG",
    "PassG",
    "PAuswG",
    "StAG",
    "StGB",
    "StPO",
    "VwGO",
    "VwVfG",
    "VwZG",
    "VwVG",
    "BITV 2.0",
    "BQFG",
    "GFK",
    "LADG",
    "OZG",
    "ZPO",
  ].map((s) => [squash(s), s]),
);
// Other spellings of the same statutes.
statutes[squash("DS-GVO")] = "DSGVO";
statutes[squash("EU-DSGVO")] = "DSGVO";
statutes[squash("Grundgesetz")] = "GG";
statutes[squash("FreizügG")] = "FreizügG/EU";
// The modules cite Berlin's Landesantidiskriminierungsgesetz as Berlin abbreviates it, „LADG“;
// „LADG Berlin“ is the same law.
statutes[squash("LADG Berlin")] = "LADG";

const romans: Record<string, number> = { i: 1, v: 5, x: 10 };
function romanValue(s: string): number | null {
  if (!/^[ivx]+$/i.test(s)) return null;
  let total = 0;
  const lower = s.toLowerCase();
  for (let i = 0; i < lower.length; i++) {
    const v = romans[lower[i]];
    const next = romans[lower[i + 1]] ?? 0;
    total += v < next ? -v : v;
  }
  return total > 0 && total <= 40 ? total : null;
}
const romanOf = (n: number) => {
  const parts: [number, string][] = [[40, "XL"], [10, "X"], [9, "IX"], [5, "V"], [4, "IV"], [1, "I"]];
  let out = "";
  for (const [value, letters] of parts)
    while (n >= value) {
      out += letters;
      n -= value;
    }
  return out;
};

function squash(s: string) {
  return s.toLowerCase().replace(/[\s.\-–]/g, "");
}

/** The canonical statute name: known abbreviations in their usual spelling, SGB books in roman numerals. */
export function canonicalStatute(raw: string): string | null {
  const text = raw.replace(/\s+/g, " ").trim().replace(/^(des|der|dem)\s+/i, "");
  if (!text) return null;
  const sgb = /^SGB\s*([IVX]+|\d{1,2})$/i.exec(text);
  if (sgb) {
    const n = /^\d+$/.test(sgb[1]) ? Number(sgb[1]) : romanValue(sgb[1]);
    return n && n <= 14 ? `SGB ${romanOf(n)}` : null;
  }
  const known = statutes[squash(text)];
  if (known) return known;
  // An unknown statute is kept as written; it must at least look like a name (a qualifier in
  // parentheses is part of it: "TVöD (VKA)").
  return /^[\p{L}][\p{L}\d /.-]*(?:\([\p{L}\d /.-]+\))?$/u.test(text) ? text : null;
}

const SECTION = String.raw`\d{1,4}[a-z]?`;
const head = new RegExp(String.raw`^(§§?|Art(?:ikel|\.)?|Artt\.)\s*(${SECTION}(?:\s*(?:,|und|u\.|bis|–|-)\s*${SECTION})*)\b\s*(.*)$`, "i");
// Parts between the section and the statute that narrow the citation further than we track.
const finerParts = [
  /^(?:S\.|Satz)\s*\d+/i,
  /^(?:Nr\.?|Nummer|Ziff\.?|Ziffer)\s*\d+[a-z]?/i,
  /^(?:lit\.?|Buchst\.?|Buchstabe)\s*[a-z]\)?/i,
  /^(?:Alt\.?|Alternative|Var\.?|Variante|Halbs\.?|Hs\.?|HS)\s*\d+/i,
  /^(?:UAbs\.?|Unterabs\.?|Unterabsatz)\s*\d+/i,
  /^(?:i\.\s?V\.\s?m\.?|ff\.|f\.)/i,
];

/**
 * The norms of one citation. "§§ 53 bis 55 AufenthG" gives three (ranges of plain numbers are
 * expanded); several sections in one citation are kept whole (their Abs. is ambiguous). Returns
 * [] when the text is not a citation of the form "§|Art. <number> [Abs. <n>] … <statute>".
 */
export function parseNorms(citation: string): NormRef[] {
  const text = citation.replace(/[\u00a0\u202f]/g, " ").replace(/\s+/g, " ").trim();
  const match = head.exec(text);
  if (!match) return [];
  const sections = expandSections(match[2]);
  if (!sections.length) return [];
  let rest = match[3].trim();
  let paragraph: string | null = null;
  for (let guard = 0; guard < 12 && rest; guard++) {
    rest = rest.replace(/^[,;]\s*/, "");
    const abs = /^(?:Abs\.?|Absatz)\s*(\d{1,3}[a-z]?)\b\s*/i.exec(rest);
    if (abs) {
      paragraph ??= abs[1].toLowerCase();
      rest = rest.slice(abs[0].length);
      continue;
    }
    // "§ 81 IV 1 AufenthG": a roman numeral right after the section is the paragraph.
    const roman = /^([IVX]+)\b\s*/.exec(rest);
    if (roman && paragraph === null && romanValue(roman[1]) && rest.slice(roman[0].length).trim()) {
      paragraph = String(romanValue(roman[1]));
      rest = rest.slice(roman[0].length).replace(/^\d+\b\s*/, "");
      continue;
    }
    const finer = finerParts.map((re) => re.exec(rest)).find(Boolean);
    if (finer) {
      rest = rest.slice(finer[0].length).trim();
      continue;
    }
    break;
  }
  const statute = canonicalStatute(rest);
  if (!statute) return [];
  return sections.map((section) => ({ statute, section, paragraph: sections.length === 1 ? paragraph : null }));
}

function expandSections(list: string): string[] {
  const out: string[] = [];
  const parts = list.split(/\s*(,|und|u\.|bis|–|-)\s*/i);
  for (let i = 0; i < parts.length; i += 2) {
    const section = parts[i].toLowerCase();
    const joiner = parts[i - 1]?.toLowerCase();
    const previous = out[out.length - 1];
    if ((joiner === "bis" || joiner === "–" || joiner === "-") && /^\d+$/.test(section) && previous && /^\d+$/.test(previous)) {
      const from = Number(previous);
      const to = Number(section);
      if (to <= from || to - from > 30) return [];
      for (let n = from + 1; n <= to; n++) out.push(String(n));
    } else out.push(section);
  }
  return [...new Set(out)];
}

/** The normalised key of a norm, e.g. "aufenthg|81|4" or "aufenthg|81|" (stored with HR's change). */
export function normKey(norm: NormRef): string {
  return `${squash(norm.statute)}|${norm.section}|${norm.paragraph ?? ""}`;
}

export function fromNormKey(key: string): NormRef | null {
  const [statute, section, paragraph] = key.split("|");
  if (!statute || !section || paragraph === undefined) return null;
  return { statute, section, paragraph: paragraph || null };
}

/**
 * Whether a change of `changed` affects content citing `cited`: same statute and section, and
 * either side names the whole section or both name the same paragraph. A change of § 81 affects
 * every citation of § 81; a change of § 81 Abs. 4 affects § 81 Abs. 4 and § 81 (whole).
 */
export function affects(changed: NormRef, cited: NormRef): boolean {
  if (squash(changed.statute) !== squash(cited.statute) || changed.section !== cited.section) return false;
  return changed.paragraph === null || cited.paragraph === null || changed.paragraph === cited.paragraph;
}

/** The citations of `legalBasis` (as written) that a change of `changed` affects. */
export function affectedCitations(changed: NormRef, legalBasis: readonly string[]): string[] {
  return legalBasis.filter((citation) => parseNorms(citation).some((cited) => affects(changed, cited)));
}

/**
 * Whether a recorded change still applies to a module: it cites the norm, the change is not
 * resolved, and the module was not reviewed on or after the change's effective date (then the
 * content already reflects it). Dates are YYYY-MM-DD, so they compare as text.
 */
export function changeApplies(change: { norm: NormRef; effectiveOn: string; resolved: boolean }, module: { legalBasis: readonly string[]; reviewedAt: string | null }): boolean {
  if (change.resolved) return false;
  if (module.reviewedAt && module.reviewedAt >= change.effectiveOn) return false;
  return affectedCitations(change.norm, module.legalBasis).length > 0;
}
