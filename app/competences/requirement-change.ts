// What a change to a role's required levels means for one person (pure): the competences in
// which their gap grew, i.e. where they now fall short where they did not before, or further.
import { gap } from "./levels";

export interface RaisedRequirement {
  competenceId: string;
  from: number;
  to: number;
  current: number;
}

/** Competences whose gap grows from `before` to `after` requirements at the person's `current` levels. */
export function grownGaps(before: Readonly<Record<string, number>>, after: Readonly<Record<string, number>>, current: Readonly<Record<string, number>> | undefined): RaisedRequirement[] {
  const out: RaisedRequirement[] = [];
  for (const [competenceId, to] of Object.entries(after)) {
    const from = before[competenceId] ?? 0;
    const level = current?.[competenceId] ?? 0;
    if (gap(to, level) > gap(from, level)) out.push({ competenceId, from, to, current: level });
  }
  return out;
}
