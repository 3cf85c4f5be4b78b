// The team matrix (pure): members × competences with gaps, per-competence coverage and the
// "only one person holds level 3+" warning, sorted and filtered as the lead asked.
import type { TFunction } from "i18next";
import * as z from "zod";
import type { Framework } from "./framework";
import { gap, gapSummary } from "./levels";

export interface TeamMember {
  id: string;
  givenName: string;
  familyName: string;
  /** False for someone without a role description: nothing is required of them yet. */
  hasRole?: boolean;
  /** The member's role description (members who share it form one group for suppression). */
  roleId?: string | null;
}

export interface TeamCell {
  personId: string;
  competenceId: string;
  /** Required level of the member's role (0 when the role does not name it). */
  required: number;
  current: number;
}

/** Level from which a competence counts as held securely (proficient, see the framework's scale). */
export const SECURE_LEVEL = 3;

export const teamQuerySchema = z.object({
  unit: z.uuid().optional().catch(undefined),
  dimension: z.string().regex(/^[a-z]+$/).optional().catch(undefined),
  /** "name", "gap" (total gap) or a competence id (gap in that competence). */
  sort: z.string().max(60).optional().catch(undefined),
  dir: z.enum(["asc", "desc"]).optional().catch(undefined),
});
export type TeamQuery = z.infer<typeof teamQuerySchema>;

export interface MatrixColumn {
  competenceId: string;
  dimension: string;
  /** Members whose role requires it. */
  requiring: number;
  /** Of those, members at or above the requirement. */
  meeting: number;
  /** Members at level 3 or more. */
  secureHolders: number;
  /** Exactly one member holds level 3+ in a competence the unit needs. */
  singleHolder: boolean;
}

export interface MatrixRow {
  member: TeamMember;
  cells: { required: number; current: number; gap: number }[];
  /** "Lücken": competences below the requirement (see gapSummary). */
  gaps: number;
  /** "Fehlende Stufen": the levels missing across those competences. */
  missingLevels: number;
  /** No role description ("keine Stelle"): no requirements, so no gaps to speak of. */
  noRole: boolean;
}

export function buildMatrix(input: {
  framework: Pick<Framework, "dimensions">;
  members: readonly TeamMember[];
  cells: readonly TeamCell[];
  query: TeamQuery;
  locale?: string;
}) {
  const cellMap = new Map<string, Map<string, TeamCell>>();
  const needed = new Set<string>();
  for (const cell of input.cells) {
    let ofPerson = cellMap.get(cell.personId);
    if (!ofPerson) cellMap.set(cell.personId, (ofPerson = new Map()));
    ofPerson.set(cell.competenceId, cell);
    if (cell.required > 0) needed.add(cell.competenceId);
  }
  const dimensions = input.framework.dimensions.map((d) => d.id);
  const dimension = input.query.dimension && dimensions.includes(input.query.dimension) ? input.query.dimension : undefined;
  const competences = input.framework.dimensions
    .filter((d) => !dimension || d.id === dimension)
    .flatMap((d) => d.competences.filter((c) => needed.has(c.id)).map((c) => ({ competenceId: c.id, dimension: d.id })));

  const rows: MatrixRow[] = input.members.map((member) => {
    const ofPerson = cellMap.get(member.id);
    const cells = competences.map(({ competenceId }) => {
      const cell = ofPerson?.get(competenceId);
      const required = cell?.required ?? 0;
      const current = cell?.current ?? 0;
      return { required, current, gap: gap(required, current) };
    });
    return { member, cells, ...gapSummary(cells), noRole: member.hasRole === false };
  });

  const columns: MatrixColumn[] = competences.map((c, i) => {
    let requiring = 0;
    let meeting = 0;
    let secureHolders = 0;
    for (const row of rows) {
      const cell = row.cells[i];
      if (cell.required > 0) {
        requiring++;
        if (cell.current >= cell.required) meeting++;
      }
      if (cell.current >= SECURE_LEVEL) secureHolders++;
    }
    return { ...c, requiring, meeting, secureHolders, singleHolder: requiring > 0 && secureHolders === 1 };
  });

  const sort = input.query.sort ?? "name";
  const col = competences.findIndex((c) => c.competenceId === sort);
  // Names are collated once (members × log members), then compared by rank.
  const collator = new Intl.Collator(input.locale ?? "de");
  const rank = new Map(
    [...input.members]
      .sort((a, b) => collator.compare(a.familyName, b.familyName) || collator.compare(a.givenName, b.givenName))
      .map((m, i) => [m, i]),
  );
  const byName = (a: MatrixRow, b: MatrixRow) => rank.get(a.member)! - rank.get(b.member)!;
  // Gaps sort largest first by default; names A–Z.
  const dir = input.query.dir ?? (sort === "name" ? "asc" : "desc");
  const sign = dir === "asc" ? 1 : -1;
  const effectiveSort = sort === "gap" || col >= 0 ? sort : "name";
  rows.sort((a, b) => {
    // Without a role there is no figure to compare: those rows go last either way.
    if (effectiveSort !== "name" && a.noRole !== b.noRole) return a.noRole ? 1 : -1;
    if (effectiveSort === "gap") return sign * (a.missingLevels - b.missingLevels || a.gaps - b.gaps) || byName(a, b);
    if (col >= 0) return sign * (a.cells[col].gap - b.cells[col].gap) || byName(a, b);
    return sign * byName(a, b);
  });
  return { columns, rows, dimension: dimension ?? null, sort: effectiveSort, dir };
}

/**
 * A matrix row as the team page sends it to the browser: the member as an index into the
 * page's member list (sent once, in name order, for the forms too) and the cells as one string
 * of two digits per cell, required level then current level (levels are 0–4). 4,500 cells as
 * objects made the loader payload as costly to encode as the table was to render.
 */
export interface CompactRow {
  member: number;
  levels: string;
  gaps: number;
  missingLevels: number;
  noRole: boolean;
}

export function compactRows(rows: readonly MatrixRow[], members: readonly TeamMember[]): CompactRow[] {
  const index = new Map(members.map((m, i) => [m.id, i]));
  return rows.map((row) => ({
    member: index.get(row.member.id)!,
    levels: row.cells.map((c) => `${c.required}${c.current}`).join(""),
    gaps: row.gaps,
    missingLevels: row.missingLevels,
    noRole: row.noRole,
  }));
}

/** Cell `i` of a compact row. */
export function compactCell(levels: string, i: number): { required: number; current: number; gap: number } {
  const required = levels.charCodeAt(2 * i) - 48;
  const current = levels.charCodeAt(2 * i + 1) - 48;
  return { required, current, gap: gap(required, current) };
}

/** A module as the gap action sees it: where it lives and the level it certifies in one competence. */
export interface GapModule {
  courseId: string;
  moduleId: string;
  level: number;
  minutes: number;
}

/**
 * The module a lead assigns from a gap cell: the one that closes the gap (certifies the required
 * level or more; the lowest such level, then the shortest), else the one that narrows it most
 * (certifies the highest level above the current one). Null when no module raises the level.
 */
export function moduleForGap(modules: readonly GapModule[], required: number, current: number): GapModule | null {
  if (required <= current) return null;
  const closing = modules.filter((m) => m.level >= required).sort((a, b) => a.level - b.level || a.minutes - b.minutes);
  if (closing.length > 0) return closing[0];
  const narrowing = modules.filter((m) => m.level > current).sort((a, b) => b.level - a.level || a.minutes - b.minutes);
  return narrowing[0] ?? null;
}

/** The notice after assigning a workshop to `created` people, `waitlisted` of whom got no seat. */
export function workshopAssignedNotice(t: TFunction, created: number, waitlisted: number): string {
  if (waitlisted <= 0) return t("competences.team.workshopSaved", { count: created });
  if (waitlisted >= created) return t("competences.team.workshopAllWaitlisted", { count: created });
  return t("competences.team.workshopSomeWaitlisted", {
    count: created,
    seated: t("competences.team.workshopSeated", { count: created - waitlisted }),
    waitlisted: t("competences.team.workshopOnWaitlist", { count: waitlisted }),
  });
}
