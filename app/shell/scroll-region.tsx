// A wide table's own scroll region, the one used by every wide table: the page never scrolls
// sideways, the region does (WCAG 2.1 1.4.10 Reflow). Header row and first column stay in view
// (sticky, see app.css "table-wrap[role=region]").
import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

export type RegionLabel = { label: string; labelledBy?: never } | { labelledBy: string; label?: never };

/**
 * Focusable (arrow keys scroll it), labelled (by the table's caption or heading, or a label), and
 * with a visible hint only while its content is wider than the region (measured in the browser;
 * without JavaScript no hint shows, the region still scrolls).
 */
export function ScrollRegion({ className, before, children, ...name }: RegionLabel & { className?: string; before?: ReactNode; children: ReactNode }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const hintId = useId();
  const [wide, setWide] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const check = () => {
      setWide(el.scrollWidth > el.clientWidth + 1);
      // Sticky header row and first column: how far they cover the scrolled content (scroll-padding).
      const head = el.querySelector("thead");
      const first = el.querySelector("tbody th:first-child");
      el.style.setProperty("--sticky-top", `${head ? head.getBoundingClientRect().height : 0}px`);
      el.style.setProperty("--sticky-left", `${first ? first.getBoundingClientRect().width : 0}px`);
    };
    check();
    const observer = new ResizeObserver(check);
    observer.observe(el);
    // The table itself may grow (e.g. rows revealed) without the region changing size.
    if (el.firstElementChild) observer.observe(el.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return (
    <>
      {before}
      {wide ? (
        <p className="scroll-hint small no-print" id={hintId}>
          <span aria-hidden="true">↔ </span>
          {t("common.scrollHint")}
        </p>
      ) : null}
      <div
        ref={ref}
        className={`table-wrap${className ? ` ${className}` : ""}`}
        tabIndex={0}
        role="region"
        aria-label={name.label}
        aria-labelledby={name.labelledBy}
        aria-describedby={wide ? hintId : undefined}
        // Chromium does not scroll a focused element that is already partly in view, so a cell
        // half under the sticky names or header would stay covered: scroll it clear (scroll-padding
        // holds their size) whenever focus moves inside the region.
        onFocus={(event) => {
          if (event.target !== event.currentTarget) event.target.scrollIntoView({ block: "nearest", inline: "nearest" });
        }}
      >
        {children}
      </div>
    </>
  );
}
