// Pieces of the team matrix: short column titles and the line that spells out the cell under
// focus or pointer (its scroll region is the shared ~/shell/scroll-region).
import { useEffect, useState } from "react";
import { competenceName } from "./labels";

/** Short column title of a competence (soft hyphens included); the full name where none is set. */
export function shortCompetenceName(t: unknown, id: string, lang: string): string {
  const key = `competences.matrix.short.${id.replace(".", "_")}`;
  const short = (t as (key: string) => string)(key);
  return short === key ? competenceName(id, lang) : short;
}

/**
 * One line above the matrix that spells out the gap cell under keyboard focus or the pointer:
 * member, full competence name, current and required level. One element for the whole table
 * (event delegation), so 4,500 cells stay plain.
 */
export function MatrixFocusInfo({ describe }: { describe: (href: string) => string | null }) {
  const [text, setText] = useState("");
  useEffect(() => {
    const table = document.querySelector(".matrix");
    if (!table) return;
    const show = (event: Event) => {
      // Keyboard focus wins: a table that scrolls a focused cell into view moves other cells under
      // a resting mouse pointer, and their mouseover must not replace the focused cell's line.
      const focused = document.activeElement?.closest?.("a.cell-link");
      if (event.type === "mouseover" && focused && table.contains(focused)) return;
      const link = (event.target as Element | null)?.closest?.("a.cell-link");
      const line = link ? describe(link.getAttribute("href") ?? "") : null;
      if (line) setText(line);
    };
    table.addEventListener("focusin", show);
    table.addEventListener("mouseover", show);
    return () => {
      table.removeEventListener("focusin", show);
      table.removeEventListener("mouseover", show);
    };
  }, [describe]);
  return (
    <p className="matrix-focus-info" id="matrix-focus-info" aria-live="polite">
      {text}
    </p>
  );
}
