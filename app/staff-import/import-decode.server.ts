// Turning an uploaded staff list into text for the CSV parser. Excel on German Windows saves
// "CSV (Trennzeichen-getrennt)" as Windows-1252, other tools as UTF-8 with or without a byte order
// mark; an .xlsx workbook is read directly (its first worksheet). Node's built-in TextDecoder
// (full ICU) does the decoding: a strict UTF-8 decode first, Windows-1252 when that fails.
// exceljs (with its zip and XML libraries) is loaded on the first .xlsx upload, not at start-up
// (issue 15, server memory).
import type { Cell as XlsxCell } from "exceljs";

export type DecodeResult = { ok: true; text: string; encoding: "utf-8" | "utf-8-bom" | "windows-1252" | "xlsx" } | { ok: false; error: string };

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const isZip = (bytes: Uint8Array) => ZIP_MAGIC.every((b, i) => bytes[i] === b);

/** Text of a CSV file: UTF-8 (with or without BOM) when the bytes are valid UTF-8, else Windows-1252. */
export function decodeText(bytes: Uint8Array): DecodeResult {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  try {
    // ignoreBOM: false (the default) strips a leading BOM; fatal: invalid sequences throw.
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return { ok: true, text, encoding: bom ? "utf-8-bom" : "utf-8" };
  } catch {
    // Every byte is a character in Windows-1252 (the WHATWG decoder maps the five unassigned ones).
    return { ok: true, text: new TextDecoder("windows-1252").decode(bytes), encoding: "windows-1252" };
  }
}

const quote = (value: string) => (/[";\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

function cellText(cell: XlsxCell): string {
  const value = cell.value;
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "1" : "0";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  // Rich text, hyperlinks (mailto: addresses), formulas: the text Excel shows.
  return cell.text ?? "";
}

/** The first worksheet of an .xlsx workbook as ";"-separated text, or an error key. */
export async function xlsxToCsv(bytes: Uint8Array): Promise<DecodeResult> {
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch {
    return { ok: false, error: "hr.import.notReadableXlsx" };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { ok: false, error: "hr.import.notReadableXlsx" };
  const lines: string[] = [];
  const width = sheet.columnCount;
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) cells.push(quote(cellText(row.getCell(c)).trim()));
    lines.push(cells.join(";"));
  });
  return { ok: true, text: lines.join("\r\n") + "\r\n", encoding: "xlsx" };
}

/** Decodes an upload by its content (a ZIP container is read as .xlsx), not by its name. */
export async function decodeStaffList(bytes: Uint8Array): Promise<DecodeResult> {
  if (isZip(bytes)) return xlsxToCsv(bytes);
  return decodeText(bytes);
}
