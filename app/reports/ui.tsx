// Small view helpers of the HR workspace: print button, number formatting, suppression note,
// the report table.
import { useEffect, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/shell/data-table";

/** Shown only once JavaScript runs (without it the browser's own print command works). */
export function PrintButton() {
  const { t } = useTranslation();
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  if (!ready) return null;
  return (
    <button type="button" className="button button--secondary no-print" onClick={() => window.print()}>
      {t("hr.print")}
    </button>
  );
}

export function useNumber() {
  const { i18n } = useTranslation();
  return (value: number | null | undefined, digits = 0) =>
    value === null || value === undefined ? "–" : value.toLocaleString(i18n.language, { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function SuppressedNote({ min }: { min: number }) {
  const { t } = useTranslation();
  return <span className="badge badge--muted">{t("hr.coverage.suppressed", { min })}</span>;
}

export function Figure({ title, hint, children }: { title: string; hint: string; children: ReactNode }) {
  return (
    <figure className="chart">
      <figcaption>
        <strong>{title}</strong>
        <span className="muted small"> {hint}</span>
      </figcaption>
      {children}
    </figure>
  );
}

export interface ReportRow {
  key: string;
  /** The row's name (a unit, role, competence or month), the table's first column. */
  head: ReactNode;
  /** Too few people to show: the note stands in place of the row's numbers. */
  suppressed: boolean;
  cells: ReactNode[];
  /** Marks a row for the page's own scripts and tests (e.g. data-competence). */
  data?: Record<`data-${string}`, string>;
}

/** A report table: names down, numeric columns across, suppressed rows told apart, in its own scroll region. */
export function ReportTable({
  id,
  region,
  head,
  columns,
  rows,
  min,
}: {
  id?: string;
  region: { label: string } | { labelledBy: string };
  head: ReactNode;
  columns: ReactNode[];
  rows: ReportRow[];
  /** The smallest group shown (the suppression note names it). */
  min: number;
}) {
  return (
    <DataTable {...region} id={id} columns={[head, ...columns.map((column) => ({ label: column, className: "num" }))]}>
      {rows.map((row) => (
        <tr key={row.key} {...row.data}>
          <th scope="row">{row.head}</th>
          {row.suppressed ? (
            <td colSpan={columns.length}>
              <SuppressedNote min={min} />
            </td>
          ) : (
            row.cells.map((cell, i) => (
              <td className="num" key={i}>
                {cell}
              </td>
            ))
          )}
        </tr>
      ))}
    </DataTable>
  );
}
