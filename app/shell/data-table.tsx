// The frame most tables share: a table in its own scroll region (ScrollRegion), an optional
// caption, one header row of column titles, the body rows the page passes as children, and an
// optional footer (e.g. a total).
import type { ReactNode } from "react";
import { ScrollRegion, type RegionLabel } from "./scroll-region";

/** A column title, or one with a class for its header cell (e.g. "num" for figures). */
export type Column = ReactNode | { label: ReactNode; className?: string };

const isTitled = (c: Column): c is { label: ReactNode; className?: string } => typeof c === "object" && c !== null && "label" in c;

export function DataTable({
  columns,
  caption,
  id,
  regionClassName,
  foot,
  children,
  ...region
}: RegionLabel & { columns: Column[]; caption?: ReactNode; id?: string; regionClassName?: string; foot?: ReactNode; children: ReactNode }) {
  return (
    <ScrollRegion {...region} className={regionClassName}>
      <table id={id}>
        {caption}
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th scope="col" key={i} className={isTitled(c) ? c.className : undefined}>
                {isTitled(c) ? c.label : c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
        {foot ? <tfoot>{foot}</tfoot> : null}
      </table>
    </ScrollRegion>
  );
}
