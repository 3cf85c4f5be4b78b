// The shapes every SVG chart shares (the HR reports' charts and the profile's bars): the labelled
// frame, row labels, the rows of a bar chart and figures written on the chart. Colour is never the
// only cue: values stand on the chart, and the same figures always stand in a table next to it.
import type { ReactNode } from "react";

/** Width of the charts' coordinate system; the frame scales to its box. */
export const CHART_WIDTH = 640;

/** Height of one row of the bar charts (a name left of each bar). */
export const CHART_ROW_HEIGHT = 28;

/**
 * The one chart frame: scales to its box. With a label it is an image for screen readers; with
 * `label={null}` it is decorative (hidden from them) because a table beside it carries the data.
 */
export function Chart({ label, width = CHART_WIDTH, height, children }: { label: string | null; width?: number; height: number; children: ReactNode }) {
  const name = label === null ? { "aria-hidden": true, focusable: false } : { role: "img", "aria-label": label };
  return (
    <svg viewBox={`0 0 ${width} ${height}`} width="100%" className="chart-svg" {...name}>
      {children}
    </svg>
  );
}

/** A name that fits beside (or under) a bar: cut with an ellipsis after `max` characters. */
export function ChartLabel({ x, y, name, max = 30, anchor = "end" }: { x: number; y: number; name: string; max?: number; anchor?: "end" | "middle" }) {
  return (
    <text x={x} y={y} textAnchor={anchor} className="chart-label">
      {name.length > max ? `${name.slice(0, max - 1)}…` : name}
    </text>
  );
}

/** A figure written on the chart (colour is never the only cue). */
export function ChartValue({ x, y, anchor, children }: { x: number; y: number; anchor?: "middle" | "end"; children: ReactNode }) {
  return (
    <text x={x} y={y} textAnchor={anchor} className="chart-value">
      {children}
    </text>
  );
}

/**
 * The rows of a bar chart: each row's name right-aligned before `labelW` (cut after `labelMax`
 * characters), its bar drawn by `bar` from the row's top `y`.
 */
export function ChartRows<T extends { name: string }>({
  rows,
  labelW,
  top,
  bar,
  rowH = CHART_ROW_HEIGHT,
  labelMax,
}: {
  rows: T[];
  labelW: number;
  top: number;
  bar: (row: T, y: number) => ReactNode;
  rowH?: number;
  labelMax?: number;
}) {
  return rows.map((r, i) => {
    const y = i * rowH + top;
    return (
      <g key={r.name + i}>
        <ChartLabel x={labelW - 8} y={y + rowH - 10} name={r.name} max={labelMax} />
        {bar(r, y)}
      </g>
    );
  });
}
