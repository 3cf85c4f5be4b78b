// The team page as a table for a team meeting (CSV/XLSX through HR's export mechanism), with
// the same privacy rules as the page: per-person rows only where leads see individual
// profiles, otherwise the per-competence aggregates, suppressed below the minimum group size.
import type { TFunction } from "i18next";
import type { Queryable } from "~/db/client.server";
import type { Table } from "~/shell/tables.server";
import type { Cell } from "~/shell/csv";
import type { Locale } from "~/i18n/i18n";
import { getSettings } from "~/org/settings.server";
import { competenceById } from "./framework";
import type { TeamQuery } from "./team";
import { getTeam, teamAggregates } from "./team.server";

export async function teamExportTable(
  db: Queryable,
  input: { authorityId: string; unitId: string; unitName: string; viewerId: string; query: TeamQuery; at: Date; t: TFunction; locale: Locale },
): Promise<Table & { individual: boolean }> {
  const { t, locale } = input;
  const [team, settings] = await Promise.all([
    getTeam(db, { authorityId: input.authorityId, unitId: input.unitId, viewerId: input.viewerId, query: { ...input.query, sort: "name", dir: "asc" }, at: input.at, locale }),
    getSettings(db, input.authorityId),
  ]);
  const name = (id: string) => competenceById(id)?.name[locale] ?? id;
  const sheet = `${t("competences.team.title")} ${input.unitName}`;
  const { columns, rows } = team.matrix;
  if (settings.leadsSeeIndividualProfiles) {
    const header = [t("competences.team.member"), ...columns.flatMap((c) => [`${name(c.competenceId)}: ${t("competences.profile.current")}`, `${name(c.competenceId)}: ${t("competences.profile.required")}`]), t("competences.gapsLabel"), t("competences.missingLevelsLabel")];
    const body: Cell[][] = rows.map((r) => {
      const person = `${r.member.familyName}, ${r.member.givenName}`;
      if (r.noRole) return [person, ...columns.flatMap((_, i) => [r.cells[i].current, null]), t("competences.team.noRoleShort"), null];
      return [person, ...r.cells.flatMap((c) => [c.current, c.required || null]), r.gaps, r.missingLevels];
    });
    return { name: sheet, header, rows: body, individual: true };
  }
  const header = [t("competences.team.competence"), t("competences.team.requiring"), t("competences.team.meeting"), t("competences.team.secureHolders"), t("hr.coverage.note")];
  // The page's aggregates, under the one suppression rule (see teamAggregates).
  const aggregates = teamAggregates(team, settings.minGroupSize, input.query);
  if (aggregates.counted === 0)
    return { name: sheet, header, rows: [[null, null, null, null, t("competences.team.aggregatesSuppressed", { count: settings.minGroupSize })]], individual: false };
  const note = aggregates.counted < rows.length ? t("competences.team.aggregatesCounted", { counted: aggregates.counted, members: rows.length, min: settings.minGroupSize }) : "";
  return { name: sheet, header, rows: aggregates.columns.map((c) => [name(c.competenceId), c.requiring, c.meeting, c.secureHolders, note]), individual: false };
}
