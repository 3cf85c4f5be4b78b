// Parsing a staff list (CSV) for import, pure: English or German headers, ";" or "," between
// fields, decimal comma, and a per-row list of problems (message keys) for the preview.
import { isPlainName } from "~/shell/text";
import { parse } from "csv-parse/sync";
import * as z from "zod";

export type ImportField = "name" | "givenName" | "familyName" | "email" | "unit" | "role" | "fte";

const headerNames: Record<string, ImportField> = {
  name: "name",
  "vollständiger name": "name",
  vorname: "givenName",
  "given name": "givenName",
  givenname: "givenName",
  "first name": "givenName",
  nachname: "familyName",
  "family name": "familyName",
  familyname: "familyName",
  "last name": "familyName",
  email: "email",
  "e-mail": "email",
  "e-mail-adresse": "email",
  mail: "email",
  unit: "unit",
  einheit: "unit",
  organisationseinheit: "unit",
  role: "role",
  stelle: "role",
  stellenbeschreibung: "role",
  rolle: "role",
  fte: "fte",
  vzä: "fte",
  vzae: "fte",
  stellenanteil: "fte",
};

export interface ImportRow {
  /** Line in the file (the header is line 1). */
  line: number;
  givenName: string;
  familyName: string;
  email: string;
  unit: string;
  role: string;
  fte: number | null;
  /** Message keys ("hr.import.errors.emailInvalid"), empty when the row is fine so far. */
  errors: string[];
}

export type ParseResult = { ok: true; rows: ImportRow[]; delimiter: ";" | "," } | { ok: false; error: string };

export const MAX_IMPORT_ROWS = 20_000;
const emailSchema = z.email();

export function detectDelimiter(firstLine: string): ";" | "," {
  const count = (c: string) => firstLine.split(c).length - 1;
  return count(";") >= count(",") && count(";") > 0 ? ";" : ",";
}

/** "Schmidt, Anna" or "Anna Schmidt" → given and family name. */
export function splitName(full: string): { givenName: string; familyName: string } {
  const name = full.trim().replace(/\s+/g, " ");
  if (name.includes(",")) {
    const [family, ...given] = name.split(",");
    return { givenName: given.join(",").trim(), familyName: family.trim() };
  }
  const at = name.lastIndexOf(" ");
  return at < 0 ? { givenName: "", familyName: name } : { givenName: name.slice(0, at), familyName: name.slice(at + 1) };
}

/** "0,5", "0.5", "50 %" → 0.5; empty → 1 (full time); anything else → null. */
export function parseFte(raw: string | undefined): number | null {
  const text = (raw ?? "").trim();
  if (text === "") return 1;
  const percent = text.endsWith("%");
  const n = Number(text.replace("%", "").trim().replace(",", "."));
  if (!Number.isFinite(n)) return null;
  const fte = percent || n > 1 ? n / 100 : n;
  return fte >= 0.05 && fte <= 1 ? Math.round(fte * 1000) / 1000 : null;
}

export function parseImportCsv(text: string): ParseResult {
  const content = text.replace(/^\uFEFF/, "");
  const firstLine = content.split(/\r?\n/, 1)[0] ?? "";
  if (!firstLine.trim()) return { ok: false, error: "hr.import.errors.empty" };
  const delimiter = detectDelimiter(firstLine);
  let records: string[][];
  try {
    records = parse(content, { delimiter, skip_empty_lines: true, relax_column_count: true, trim: true, bom: true });
  } catch (error) {
    return { ok: false, error: `hr.import.errors.unreadable|${JSON.stringify({ detail: (error as Error).message.slice(0, 200) })}` };
  }
  const header = records[0].map((h) => headerNames[h.trim().toLowerCase()]);
  const col = (field: ImportField) => header.indexOf(field);
  const hasName = col("name") >= 0 || (col("givenName") >= 0 && col("familyName") >= 0);
  const missing = [!hasName ? "Name" : null, col("email") < 0 ? "E-Mail" : null, col("unit") < 0 ? "Einheit" : null].filter(Boolean);
  if (missing.length) return { ok: false, error: `hr.import.errors.missingColumns|${JSON.stringify({ columns: missing.join(", ") })}` };
  if (records.length - 1 > MAX_IMPORT_ROWS) return { ok: false, error: `hr.import.errors.tooManyRows|${JSON.stringify({ max: MAX_IMPORT_ROWS })}` };
  const get = (record: string[], field: ImportField) => (col(field) >= 0 ? (record[col(field)] ?? "").trim() : "");
  const rows = records.slice(1).map((record, index): ImportRow => {
    const names =
      col("givenName") >= 0 && col("familyName") >= 0
        ? { givenName: get(record, "givenName"), familyName: get(record, "familyName") }
        : splitName(get(record, "name"));
    const email = get(record, "email").toLowerCase();
    const rawFte = get(record, "fte");
    const fte = parseFte(rawFte);
    const errors: string[] = [];
    if (!names.givenName || !names.familyName || !isPlainName(names.givenName) || !isPlainName(names.familyName)) errors.push("hr.import.errors.name");
    if (names.givenName.length > 100 || names.familyName.length > 100) errors.push("hr.import.errors.nameTooLong");
    if (!emailSchema.safeParse(email).success || email.length > 254) errors.push("hr.import.errors.email");
    if (!get(record, "unit")) errors.push("hr.import.errors.unitMissing");
    if (fte === null) errors.push("hr.import.errors.fte");
    return { line: index + 2, ...names, email, unit: get(record, "unit"), role: get(record, "role"), fte, errors };
  });
  // The same address twice in one file: every occurrence after the first is an error.
  const seen = new Set<string>();
  for (const row of rows) {
    if (row.email && seen.has(row.email)) row.errors.push("hr.import.errors.duplicateInFile");
    seen.add(row.email);
  }
  return { ok: true, rows, delimiter };
}
