// A report table (header and rows) written as CSV for German Excel or as an XLSX workbook: one
// writer for HR's exports and the team export.
import { toCsv, type Cell } from "./csv";

export interface Table {
  name: string;
  header: string[];
  rows: Cell[][];
}

export function tableToCsv(table: Table): string {
  return toCsv(table.header, table.rows);
}

/** exceljs (with its zip and XML libraries) is loaded on the first export, not at start-up (issue 15). */
export async function tableToXlsx(table: Table): Promise<Buffer> {
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Horizont";
  // Sheet names: at most 31 characters, no []:*?/\
  const sheet = workbook.addWorksheet(table.name.replace(/[[\]:*?/\\]/g, " ").slice(0, 31));
  sheet.addRow(table.header).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row.map((c) => (c === undefined ? null : c)));
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  table.header.forEach((h, i) => {
    sheet.getColumn(i + 1).width = Math.min(50, Math.max(10, h.length + 2));
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
