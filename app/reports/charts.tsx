// SVG charts of the HR workspace (coverage and staffing pages). Each is a summary for the eye;
// the same figures always stand in a table next to it. Colour is never the only cue: values are
// written on the chart and the counselling share is hatched. The shapes every chart shares (the
// labelled frame, row labels, rows of bars, value labels) come from ~/shell/charts.
import { Chart, CHART_ROW_HEIGHT as rowH, CHART_WIDTH as W, ChartLabel, ChartRows, ChartValue } from "~/shell/charts";

export function HBarChart({ label, rows, max = 100, unit = " %" }: { label: string; rows: { name: string; value: number | null; note?: string }[]; max?: number; unit?: string }) {
  const labelW = 220;
  const scale = (v: number) => ((W - labelW - 70) * Math.min(v, max)) / (max || 1);
  return (
    <Chart label={label} height={rows.length * rowH + 8}>
      <ChartRows
        rows={rows}
        labelW={labelW}
        top={4}
        bar={(r, y) => (
          <>
            <rect x={labelW} y={y + 4} width={W - labelW - 70} height={rowH - 10} className="chart-track" />
            {r.value !== null ? <rect x={labelW} y={y + 4} width={scale(r.value)} height={rowH - 10} className="chart-bar" /> : null}
            <ChartValue x={r.value !== null ? labelW + scale(r.value) + 6 : labelW + 6} y={y + 18}>
              {r.value !== null ? `${r.value.toLocaleString("de-DE", { maximumFractionDigits: 1 })}${unit}` : r.note ?? "–"}
            </ChartValue>
          </>
        )}
      />
    </Chart>
  );
}

/** Per competence: people by level 0–4 as a stacked bar (darker = higher level), counts inside. */
export function LevelChart({ label, rows }: { label: string; rows: { name: string; levels: number[] | null }[] }) {
  const labelW = 250;
  const barW = W - labelW - 10;
  return (
    <Chart label={label} height={rows.length * rowH + 30}>
      {[0, 1, 2, 3, 4].map((l) => (
        <g key={l} transform={`translate(${labelW + l * 78}, 2)`}>
          <rect width="14" height="14" className={`chart-level chart-level--${l}`} />
          <text x="18" y="12" className="chart-small">
            {l}
          </text>
        </g>
      ))}
      <ChartRows
        rows={rows}
        labelW={labelW}
        top={24}
        bar={(r, y) => {
          const total = r.levels ? r.levels.reduce((s, n) => s + n, 0) : 0;
          let x = labelW;
          return r.levels && total > 0 ? (
            r.levels.map((n, l) => {
              const w = (barW * n) / total;
              const seg = (
                <g key={l}>
                  <rect x={x} y={y + 4} width={w} height={rowH - 8} className={`chart-level chart-level--${l}`} />
                  {w >= 18 ? (
                    <text x={x + w / 2} y={y + 18} textAnchor="middle" className={l >= 2 ? "chart-inside chart-inside--light" : "chart-inside"}>
                      {n}
                    </text>
                  ) : null}
                </g>
              );
              x += w;
              return seg;
            })
          ) : (
            <ChartValue x={labelW + 4} y={y + 18}>
              –
            </ChartValue>
          );
        }}
      />
    </Chart>
  );
}

/** Need (casework + hatched counselling) per variant against current staffing (dashed line). */
export function StaffingChart({ label, variants, currentFte, currentLabel }: { label: string; variants: { name: string; casework: number; counselling: number }[]; currentFte: number; currentLabel: string }) {
  const h = 260;
  const top = 20;
  const bottom = 40;
  const max = Math.max(currentFte, ...variants.map((v) => v.casework + v.counselling), 1) * 1.15;
  const y = (v: number) => h - bottom - ((h - bottom - top) * v) / max;
  const slot = (W - 60) / Math.max(variants.length, 1);
  const bw = Math.min(90, slot * 0.6);
  const fmt = (n: number) => n.toLocaleString("de-DE", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return (
    <Chart label={label} height={h}>
      <defs>
        <pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" className="chart-counselling-bg" />
          <line x1="0" y1="0" x2="0" y2="6" className="chart-hatch" />
        </pattern>
      </defs>
      <line x1="40" x2={W - 10} y1={h - bottom} y2={h - bottom} className="chart-axis" />
      {variants.map((v, i) => {
        const x = 50 + i * slot + (slot - bw) / 2;
        const total = v.casework + v.counselling;
        return (
          <g key={v.name + i}>
            <rect x={x} y={y(v.casework)} width={bw} height={h - bottom - y(v.casework)} className="chart-bar" />
            <rect x={x} y={y(total)} width={bw} height={y(v.casework) - y(total)} fill="url(#hatch)" className="chart-outline" />
            <ChartValue x={x + bw / 2} y={y(total) - 6} anchor="middle">
              {fmt(total)}
            </ChartValue>
            <ChartLabel x={x + bw / 2} y={h - bottom + 16} name={v.name} max={18} anchor="middle" />
          </g>
        );
      })}
      <line x1="40" x2={W - 10} y1={y(currentFte)} y2={y(currentFte)} className="chart-current" />
      <ChartValue x={W - 12} y={y(currentFte) - 6} anchor="end">
        {currentLabel}: {fmt(currentFte)}
      </ChartValue>
    </Chart>
  );
}

/** A monthly line with a value label on every point; gaps where figures are suppressed. */
export function TrendChart({ label, points }: { label: string; points: { month: string; value: number | null }[] }) {
  const h = 220;
  const left = 40;
  const bottom = 36;
  const top = 20;
  const step = (W - left - 20) / Math.max(points.length - 1, 1);
  const y = (v: number) => h - bottom - ((h - bottom - top) * v) / 100;
  const coords = points.map((p, i) => ({ ...p, x: left + i * step }));
  const path = coords
    .map((p, i) => (p.value === null ? null : `${i === 0 || coords[i - 1].value === null ? "M" : "L"}${p.x},${y(p.value)}`))
    .filter(Boolean)
    .join(" ");
  return (
    <Chart label={label} height={h}>
      {[0, 50, 100].map((g) => (
        <g key={g}>
          <line x1={left} x2={W - 10} y1={y(g)} y2={y(g)} className="chart-grid" />
          <text x={left - 6} y={y(g) + 4} textAnchor="end" className="chart-small">
            {g} %
          </text>
        </g>
      ))}
      <path d={path} className="chart-line" />
      {coords.map((p) => (
        <g key={p.month}>
          {p.value !== null ? (
            <>
              <circle cx={p.x} cy={y(p.value)} r="4" className="chart-point" />
              <text x={p.x} y={y(p.value) - 8} textAnchor="middle" className="chart-small">
                {Math.round(p.value)}
              </text>
            </>
          ) : null}
          <text x={p.x} y={h - bottom + 16} textAnchor="middle" className="chart-small">
            {p.month.slice(5, 7)}/{p.month.slice(2, 4)}
          </text>
        </g>
      ))}
    </Chart>
  );
}
