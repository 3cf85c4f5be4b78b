// Small view helpers of the HR workspace: print button, number formatting, suppression note.
import { useEffect, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

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
