// My team (leads): the members × competences gap matrix of a unit the lead leads, sortable and
// filterable through query parameters (works without JavaScript), overdue assignments, and the
// forms to record an observed assessment and to assign modules or courses.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import * as z from "zod";
import { requirePermission, teamUnitAccess } from "~/auth/access.server";
import { CompetenceFormError } from "~/competences/form-error";
import { withdrawAssignment } from "~/competences/assignments.server";
import { assignLearning, assignWorkshop, eventTarget } from "~/learning/assigning.server";
import { assignableWorkshops } from "~/events/views.server";
import { catalogForAuthority, type AuthorityCatalog } from "~/courses/authority-catalog.server";
import { recordObservation } from "~/competences/evidence.server";
import { framework } from "~/competences/framework";
import { assignSchema, observeSchema, withdrawSchema } from "~/competences/forms";
import { competenceName, dimensionName, formatDate } from "~/competences/labels";
import { compactCell, compactRows, moduleForGap, teamQuerySchema, workshopAssignedNotice, type MatrixColumn } from "~/competences/team";
import { AssignForm, ObserveForm, type AssignPrefill } from "~/competences/team-forms";
import { matrixBodyHtml } from "~/competences/matrix-html";
import { MatrixFocusInfo, shortCompetenceName } from "~/competences/matrix-view";
import { compactLevels, getTeam, teamAggregates } from "~/competences/team.server";
import { getDb } from "~/db/client.server";
import { applyOnce } from "~/db/once.server";
import { getSettings } from "~/org/settings.server";
import { Notice } from "~/shell/forms";
import { fieldError, invalid, parseForm } from "~/shell/forms.server";
import { pageTitle } from "~/shell/meta";
import { berlinDate } from "~/dates/calendar";
import { ScrollRegion } from "~/shell/scroll-region";
import { DataTable } from "~/shell/data-table";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "competences.team.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "read:team:own");
  const url = new URL(request.url);
  const query = teamQuerySchema.parse(Object.fromEntries(url.searchParams));
  const db = getDb();
  const now = new Date();
  const units = await teamUnitAccess(db, viewer, query.unit);
  const unit = units.find((u) => u.id === query.unit) ?? units[0];
  const [team, settings, catalog, workshops] = await Promise.all([
    getTeam(db, { authorityId: viewer.authorityId, unitId: unit.id, viewerId: viewer.id, query, at: now, locale: viewer.locale ?? "de" }),
    getSettings(db, viewer.authorityId),
    // Module titles, minutes and competences as the authority's people get them.
    catalogForAuthority(db, viewer.authorityId),
    assignableWorkshops(db, viewer.authorityId, unit.id, now),
  ]);
  // Privacy: with "leads see individual profiles" switched off the lead gets no fact about an
  // individual member's competences or learning (not even in the loader data): no per-person
  // levels, no per-person open or overdue assignments; only per-competence aggregates over the
  // members the one suppression rule counts (see ~/privacy/suppression and teamAggregates).
  const individual = settings.leadsSeeIndividualProfiles;
  const aggregates = individual ? null : teamAggregates(team, settings.minGroupSize, query);
  const open = (individual ? team.open : []).map((a) => ({
    ...a,
    title: a.courseId
      ? ((a.moduleId ? catalog.module(a.courseId, a.moduleId)?.title : undefined) ?? catalog.course(a.courseId)?.title ?? a.courseId)
      : (a.eventTitle ?? ""),
  }));
  return {
    units,
    unit,
    query,
    individual,
    suppressed: aggregates !== null && aggregates.counted === 0,
    memberCount: team.members.length,
    /** Members the aggregates cover (without individual profiles). */
    counted: aggregates?.counted ?? null,
    minGroupSize: settings.minGroupSize,
    // Rows compact (see compactRows); the member list once, for the table and both forms.
    // Without individual profiles no per-person row leaves the server.
    matrix: { columns: aggregates ? aggregates.columns : team.matrix.columns, dimension: team.matrix.dimension, sort: team.matrix.sort, dir: team.matrix.dir },
    rows: individual ? compactRows(team.matrix.rows, team.members) : [],
    members: team.members.map(({ roleId: _roleId, ...m }) => m),
    // Current levels for the assignment form: only where the lead may see individual profiles.
    memberLevels: individual ? compactLevels(team.members, team.cells) : null,
    open,
    settings: { observedAssessments: settings.observedAssessments, leadsSeeIndividualProfiles: settings.leadsSeeIndividualProfiles },
    workshops,
    courses: catalog.courses.map((c) => ({ courseId: c.id, title: c.title, modules: c.modules.map((m) => ({ moduleId: m.id, title: m.title, minutes: m.minutes, competences: m.competences })) })),
    today: berlinDate(now),
    observeSubmissionId: crypto.randomUUID(),
    assignSubmissionId: crypto.randomUUID(),
    prefill: individual ? gapPrefill(url, catalog, team.members, team.cells) : null,
  };
}

/**
 * From a gap cell (?gapFor=<member>&gapIn=<competence>): the assignment form comes prefilled with
 * that member and the module that closes (or narrows) the gap. Only with individual profiles.
 */
function gapPrefill(url: URL, catalog: AuthorityCatalog, members: readonly { id: string }[], cells: readonly { personId: string; competenceId: string; required: number; current: number }[]): AssignPrefill | null {
  const gapFor = url.searchParams.get("gapFor");
  const gapIn = url.searchParams.get("gapIn");
  if (!gapFor || !gapIn || !members.some((m) => m.id === gapFor)) return null;
  const cell = cells.find((c) => c.personId === gapFor && c.competenceId === gapIn);
  if (!cell || cell.required <= cell.current) return null;
  const candidates = catalog.modulesCertifying(gapIn, 1).map((m) => ({ courseId: m.courseId, moduleId: m.id, level: m.certifiesLevel, minutes: m.minutes }));
  const chosen = moduleForGap(candidates, cell.required, cell.current);
  return { personIds: [gapFor], target: chosen ? `module:${chosen.courseId}/${chosen.moduleId}` : "", competenceId: gapIn, level: chosen?.level ?? 0, required: cell.required };
}

/** The team page's three forms, told apart by their intent. */
const teamFormSchema = z.discriminatedUnion("intent", [observeSchema, assignSchema, withdrawSchema]);

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requirePermission(request, "write:team:own");
  const url = new URL(request.url);
  const back = new URLSearchParams();
  const unit = url.searchParams.get("unit");
  if (unit) back.set("unit", unit);
  const { submission } = await parseForm(request, teamFormSchema);
  if (submission.status !== "success") return invalid(submission.reply());
  const form = submission.value;
  const now = new Date();
  const db = getDb();
  if (form.intent === "withdraw") {
    const withdrawn = await db.transaction((tx) => withdrawAssignment(tx, viewer, form.assignmentId));
    back.set("withdrawn", withdrawn ? "1" : "0");
    return redirect(`/team?${back}`);
  }
  const { submissionId, ...value } = form;
  try {
    if (value.intent === "observe") {
      back.set("saved", "observe");
      const to = await applyOnce(db, submissionId, viewer.id, `/team?${back}`, async (tx) => {
        await recordObservation(tx, viewer, value, now);
        return `/team?${back}`;
      });
      return redirect(to);
    }
    if (eventTarget(value.target)) {
      // A workshop: the members are registered (seat or waiting list) and due on its first date.
      const to = await applyOnce(db, submissionId, viewer.id, `/team?${back}`, async (tx) => {
        const { created, waitlisted } = await assignWorkshop(tx, viewer, value, now);
        back.set("assigned", String(created));
        back.set("workshop", "1");
        if (waitlisted > 0) back.set("waitlisted", String(waitlisted));
        return `/team?${back}`;
      });
      return redirect(to);
    }
    const to = await applyOnce(db, submissionId, viewer.id, `/team?${back}`, async (tx) => {
      const { leadsSeeIndividualProfiles } = await getSettings(tx, viewer.authorityId);
      const created = await assignLearning(tx, viewer, { ...value, confirmMet: value.confirmMet === "on" }, now, { checkLevels: leadsSeeIndividualProfiles });
      back.set("assigned", String(created));
      return `/team?${back}`;
    });
    return redirect(to);
  } catch (error) {
    if (error instanceof CompetenceFormError) return fieldError(submission, error.field, error.messageKey);
    throw error;
  }
}

function sortHref(params: URLSearchParams, sort: string, current: { sort: string; dir: string }) {
  const next = new URLSearchParams(params);
  next.delete("saved");
  next.delete("assigned");
  next.delete("workshop");
  next.delete("waitlisted");
  next.delete("withdrawn");
  next.set("sort", sort);
  const defaultDir = sort === "name" ? "asc" : "desc";
  const dir = current.sort === sort ? (current.dir === "asc" ? "desc" : "asc") : defaultDir;
  next.set("dir", dir);
  return `?${next}`;
}

/** A column title that sorts the matrix by it (again: the other direction); ▲/▼ on the sorted one. */
function SortLink({ to, label, dir }: { to: string; label: string; dir: string | null }) {
  const { t } = useTranslation();
  return (
    <Link to={to} className="sort-link">
      {label}
      <span className="visually-hidden">, {t("competences.team.sortBy", { column: label })}</span>
      {dir ? <span aria-hidden="true">{dir === "asc" ? " ▲" : " ▼"}</span> : null}
    </Link>
  );
}

/** Without individual profiles: per competence only how many members meet the requirement. */
function AggregateTable({ columns, unitName, suppressed, minGroupSize, counted, members }: { columns: MatrixColumn[]; unitName: string; suppressed: boolean; minGroupSize: number; counted: number; members: number }) {
  const { t, i18n } = useTranslation();
  if (suppressed) return <p>{t("competences.team.aggregatesSuppressed", { count: minGroupSize })}</p>;
  return (
    <>
      <p>{t("competences.team.aggregatesOnly")}</p>
      {counted < members ? <p>{t("competences.team.aggregatesCounted", { counted, members, min: minGroupSize })}</p> : null}
      <DataTable
        labelledBy="aggregate-caption"
        caption={<caption id="aggregate-caption">{t("competences.team.aggregateCaption", { unit: unitName })}</caption>}
        columns={[
          t("competences.team.competence"),
          { label: t("competences.team.meeting"), className: "num" },
          { label: t("competences.team.secureHolders"), className: "num" },
        ]}
      >
        {columns.map((c) => (
          <tr key={c.competenceId}>
            <th scope="row">{competenceName(c.competenceId, i18n.language)}</th>
            <td className="num">{t("competences.team.meetingValue", { meeting: c.meeting, requiring: c.requiring })}</td>
            <td className="num">{c.secureHolders}</td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}

export default function Team() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { matrix } = data;
  const current = { sort: matrix.sort, dir: matrix.dir };
  const ariaSort = (key: string) => (matrix.sort === key ? (matrix.dir === "asc" ? "ascending" : "descending") : undefined);
  const singles = matrix.columns.filter((c) => c.singleHolder);
  const assigned = params.get("assigned");
  const withdrawn = params.get("withdrawn");
  const exportHref = (format: string) => `/team/export?${new URLSearchParams({ unit: data.unit.id, format, ...(matrix.dimension ? { dimension: matrix.dimension } : {}) })}`;
  // Both forms share the action: each shows only the answer to its own submission.
  const resultFor = (intent: string) => (actionData?.result?.initialValue?.intent === intent ? actionData.result : undefined);
  // The matrix's columns grouped by dimension (framework order), for the group header row.
  const dimensionGroups: { id: string; span: number }[] = [];
  for (const c of matrix.columns) {
    const last = dimensionGroups.at(-1);
    if (last && last.id === c.dimension) last.span++;
    else dimensionGroups.push({ id: c.dimension, span: 1 });
  }
  const groups = [{ span: 1, dimension: false }, ...dimensionGroups.map((g) => ({ span: g.span, dimension: true })), { span: 2, dimension: false }];
  // Gap cells link back to this page with member and competence: the assignment form comes
  // prefilled (see gapPrefill). Short links: a 300-member team has thousands of them.
  const gapBase = data.units.length > 1 ? `?unit=${data.unit.id}&` : "?";
  const describeGap = (href: string) => {
    const q = new URLSearchParams(href.replace(/^[^?]*\?/, "").replace(/#.*$/, ""));
    const m = data.members.findIndex((x) => x.id === q.get("gapFor"));
    const col = matrix.columns.findIndex((c) => c.competenceId === q.get("gapIn"));
    const row = data.rows.find((r) => r.member === m);
    if (m < 0 || col < 0 || !row) return null;
    const cell = compactCell(row.levels, col);
    const member = data.members[m];
    return t("competences.matrix.gapCell", {
      name: `${member.givenName} ${member.familyName}`,
      competence: competenceName(matrix.columns[col].competenceId, lang),
      current: cell.current,
      required: cell.required,
      gap: cell.gap,
    });
  };
  return (
    <div className="page page--wide page--team">
      <h1>{t("competences.team.title")}</h1>
      <p className="lead-text">{t("competences.team.intro")}</p>
      {params.get("saved") === "observe" ? <Notice>{t("competences.team.observeSaved")}</Notice> : null}
      {assigned !== null ? (
        <Notice>
          {Number(assigned) > 0
            ? params.get("workshop")
              ? workshopAssignedNotice(t, Number(assigned), Number(params.get("waitlisted")) || 0)
              : t("competences.team.assignSaved", { count: Number(assigned) })
            : t("competences.team.assignNone")}
        </Notice>
      ) : null}
      {withdrawn !== null ? <Notice>{withdrawn === "1" ? t("competences.team.withdrawn") : t("competences.team.withdrawnAlready")}</Notice> : null}
      <Form method="get" className="inline-form filters no-print">
        {data.units.length > 1 ? (
          <div className="field">
            <label htmlFor="team-unit">{t("competences.team.unit")}</label>
            <select id="team-unit" name="unit" defaultValue={data.unit.id}>
              {data.units.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <input type="hidden" name="unit" value={data.unit.id} />
        )}
        <div className="field">
          <label htmlFor="team-dimension">{t("competences.team.dimension")}</label>
          <select id="team-dimension" name="dimension" defaultValue={matrix.dimension ?? ""}>
            <option value="">{t("competences.team.allDimensions")}</option>
            {framework.dimensions.map((d) => (
              <option key={d.id} value={d.id}>
                {dimensionName(d.id, lang)}
              </option>
            ))}
          </select>
        </div>
        <input type="hidden" name="sort" value={matrix.sort} />
        <input type="hidden" name="dir" value={matrix.dir} />
        <button type="submit" className="button button--secondary">
          {t("competences.team.show")}
        </button>
      </Form>
      <h2>{data.unit.name}</h2>
      {singles.length > 0 ? (
        <div className="notice notice--warn" role="note">
          <p>
            <span aria-hidden="true">⚠ </span>
            {t("competences.team.singleHolderWarning", { names: singles.map((c) => competenceName(c.competenceId, lang)).join(", ") })}
          </p>
        </div>
      ) : null}
      {data.memberCount === 0 ? (
        <p>{t("competences.team.noMembers")}</p>
      ) : !data.individual ? (
        <AggregateTable columns={matrix.columns} unitName={data.unit.name} suppressed={data.suppressed} minGroupSize={data.minGroupSize} counted={data.counted ?? data.memberCount} members={data.memberCount} />
      ) : (
        <ScrollRegion labelledBy="matrix-caption" className="matrix-wrap" before={<MatrixFocusInfo describe={describeGap} />}>
          <table className="matrix">
            <caption id="matrix-caption">
              {t("competences.team.matrixCaption", { unit: data.unit.name })}
              <span className="caption-note">{t("competences.team.notation")}</span>
            </caption>
            {groups.map((g, i) => (
              <colgroup key={i} span={g.span} className={g.dimension ? "matrix-group" : undefined} />
            ))}
            <thead>
              <tr>
                <th scope="col" rowSpan={2} aria-sort={ariaSort("name")} className="matrix-name">
                  <SortLink to={sortHref(params, "name", current)} label={t("competences.team.member")} dir={matrix.sort === "name" ? matrix.dir : null} />
                </th>
                {dimensionGroups.map((g) => (
                  <th scope="colgroup" colSpan={g.span} key={g.id} className="matrix-dimension">
                    {dimensionName(g.id, lang)}
                  </th>
                ))}
                <th scope="col" rowSpan={2} className="num matrix-total">
                  {t("competences.gapsLabel")}
                </th>
                <th scope="col" rowSpan={2} aria-sort={ariaSort("gap")} className="num matrix-total">
                  <SortLink to={sortHref(params, "gap", current)} label={t("competences.missingLevelsLabel")} dir={matrix.sort === "gap" ? matrix.dir : null} />
                </th>
              </tr>
              <tr>
                {matrix.columns.map((c) => {
                  const full = competenceName(c.competenceId, lang);
                  // Short title on screen; the full name for screen readers and, on hover and focus, as a tip.
                  return (
                    <th scope="col" key={c.competenceId} aria-sort={ariaSort(c.competenceId)} className="matrix-col">
                      <Link to={sortHref(params, c.competenceId, current)} className="sort-link">
                        <span aria-hidden="true">{shortCompetenceName(t, c.competenceId, lang)}</span>
                        <span className="visually-hidden">
                          {full}, {t("competences.team.sortBy", { column: full })}
                        </span>
                        <span className="matrix-tip" aria-hidden="true">
                          {full}
                        </span>
                        {matrix.sort === c.competenceId ? <span aria-hidden="true">{matrix.dir === "asc" ? " ▲" : " ▼"}</span> : null}
                      </Link>
                    </th>
                  );
                })}
              </tr>
            </thead>
            {/* The 300 × 15 cells as one string of HTML (matrixBodyHtml): the server renders them
                without 20,000 React elements, and hydration leaves them alone. */}
            <tbody
              dangerouslySetInnerHTML={{
                __html: matrixBodyHtml(data.rows, data.members, matrix.columns.length, {
                  profileLinks: data.settings.leadsSeeIndividualProfiles,
                  gapBase,
                  competenceIds: matrix.columns.map((c) => c.competenceId),
                  noRole: t("competences.team.noRole"),
                }),
              }}
            />
            <tfoot>
              <tr>
                <th scope="row">{t("competences.team.meeting")}</th>
                {matrix.columns.map((c) => (
                  <td key={c.competenceId} className="num">
                    {t("competences.team.meetingValue", { meeting: c.meeting, requiring: c.requiring })}
                  </td>
                ))}
                <td />
                <td />
              </tr>
              <tr>
                <th scope="row">{t("competences.team.secureHolders")}</th>
                {matrix.columns.map((c) => (
                  <td key={c.competenceId} className={c.singleHolder ? "num cell--warn" : "num"}>
                    {c.secureHolders}
                    {c.singleHolder ? (
                      <>
                        {" "}
                        <span aria-hidden="true">⚠</span>
                        <span className="visually-hidden">{t("competences.team.singleHolder")}</span>
                      </>
                    ) : null}
                  </td>
                ))}
                <td />
                <td />
              </tr>
            </tfoot>
          </table>
        </ScrollRegion>
      )}
      {data.individual ? (
        <div className="legend small">
          <strong>{t("competences.team.legend")}:</strong> <span className="cell--gap1 legend-swatch">−1 (1)</span> {t("competences.team.legendGap")} ·{" "}
          <span className="cell--met legend-swatch">✓</span> {t("competences.team.legendMet")} · <span className="cell--none legend-swatch">·</span>{" "}
          {t("competences.team.legendNone")}
        </div>
      ) : null}
      {data.memberCount > 0 ? (
        <p className="no-print">
          {t("competences.team.exportIntro")} <a href={exportHref("csv")}>{t("competences.team.exportCsv")}</a> ·{" "}
          <a href={exportHref("xlsx")}>{t("competences.team.exportXlsx")}</a>
        </p>
      ) : null}
      <h2 id="open-assignments" className="no-print">
        {t("competences.team.openTitle")}
      </h2>
      {!data.individual ? (
        <p className="no-print">{t("competences.team.openHidden")}</p>
      ) : data.open.length === 0 ? (
        <p className="no-print">{t("competences.team.openNone")}</p>
      ) : (
        <DataTable
          labelledBy="open-assignments"
          regionClassName="no-print"
          caption={<caption className="visually-hidden">{t("competences.team.openTitle")}</caption>}
          columns={[
            t("competences.team.assignedTo"),
            t("competences.team.what"),
            t("competences.team.dueOn"),
            { label: <span className="visually-hidden">{t("competences.team.withdraw")}</span> },
          ]}
        >
          {data.open.map((a) => (
            <tr key={a.id}>
              <th scope="row">
                {a.familyName}, {a.givenName}
              </th>
              <td>
                {a.eventId ? (
                  <>
                    <Link to={`/events/${a.eventId}`}>{a.title}</Link> ({t("competences.team.workshopOn", { date: formatDate(a.eventStartsAt ?? a.dueOn, lang) })})
                  </>
                ) : (
                  a.title
                )}
              </td>
              <td>
                {a.overdue ? (
                  <span className="badge badge--bad">
                    <span aria-hidden="true">! </span>
                    {t("competences.team.overdueSince", { date: formatDate(a.dueOn, lang) })}
                  </span>
                ) : (
                  formatDate(a.dueOn, lang)
                )}
              </td>
              <td>
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="withdraw" />
                  <input type="hidden" name="assignmentId" value={a.id} />
                  <button type="submit" className="button button--secondary button--small">
                    {t("competences.team.withdraw")}
                    <span className="visually-hidden">: {t("competences.team.withdrawWhat", { title: a.title, name: `${a.givenName} ${a.familyName}` })}</span>
                  </button>
                </Form>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <div className="two-columns no-print">
        {data.settings.observedAssessments && data.settings.leadsSeeIndividualProfiles ? (
          <ObserveForm members={data.members} submissionId={data.observeSubmissionId} today={data.today} lastResult={resultFor("observe")} />
        ) : (
          <section className="card">
            <h2>{t("competences.team.observeTitle")}</h2>
            <p>{t("competences.team.observeOff")}</p>
          </section>
        )}
        <AssignForm key={data.assignSubmissionId} prefill={data.prefill} members={data.members} courses={data.courses} workshops={data.workshops} levels={data.memberLevels} submissionId={data.assignSubmissionId} today={data.today} lastResult={resultFor("assign")} />
      </div>
    </div>
  );
}
