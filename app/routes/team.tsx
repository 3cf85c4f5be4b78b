// My team (leads): the members × competences gap matrix of a unit the lead leads, sortable and
// filterable through query parameters (works without JavaScript), overdue assignments, and the
// forms to record an observed assessment and to assign modules or courses.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireRole } from "~/auth/access.server";
import { accessResponse, CompetenceFormError, teamUnitAccess } from "~/competences/access.server";
import { assignLearning, berlinDate } from "~/competences/assignments.server";
import { getCourse, getModule, listCourses } from "~/courses/catalog.server";
import { recordObservation } from "~/competences/evidence.server";
import { framework } from "~/competences/framework";
import { assignSchema, observeSchema } from "~/competences/forms";
import { competenceName, dimensionName, formatDate } from "~/competences/labels";
import { compactCell, compactRows, teamQuerySchema, type MatrixColumn } from "~/competences/team";
import { AssignForm, ObserveForm } from "~/competences/team-forms";
import { getTeam } from "~/competences/team.server";
import { mustSuppress } from "~/hr/suppression";
import { getDb } from "~/db/client.server";
import { claimSubmission, recordSubmissionResult, submissionResult } from "~/db/once.server";
import { getSettings } from "~/org/settings.server";
import { Notice } from "~/shell/forms";
import { fieldError, invalid, parseForm, readFormData } from "~/shell/forms.server";
import { pageTitle } from "~/shell/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "competences.team.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, "lead");
  const url = new URL(request.url);
  const query = teamQuerySchema.parse(Object.fromEntries(url.searchParams));
  const db = getDb();
  const now = new Date();
  const units = await teamUnitAccess(db, viewer, query.unit).catch((error) => {
    throw accessResponse(error);
  });
  const unit = units.find((u) => u.id === query.unit) ?? units[0];
  const [team, settings] = await Promise.all([
    getTeam(db, { authorityId: viewer.authorityId, unitId: unit.id, viewerId: viewer.id, query, at: now, locale: viewer.locale ?? "de" }),
    getSettings(db, viewer.authorityId),
  ]);
  const overdue = team.overdue.map((a) => ({
    ...a,
    title: (a.moduleId ? getModule(a.courseId, a.moduleId)?.title : undefined) ?? getCourse(a.courseId)?.title ?? a.courseId,
  }));
  // Privacy: with "leads see individual profiles" switched off the lead gets no per-person
  // competence data at all (not even in the loader data), only the per-competence aggregates,
  // and those only for a team of at least the authority's minimum group size.
  const individual = settings.leadsSeeIndividualProfiles;
  const suppressed = !individual && mustSuppress(team.matrix.rows.length, settings.minGroupSize);
  return {
    units,
    unit,
    query,
    individual,
    suppressed,
    memberCount: team.members.length,
    minGroupSize: settings.minGroupSize,
    // Rows compact (see compactRows); the member list once, for the table and both forms.
    // Without individual profiles no per-person row leaves the server.
    matrix: { columns: suppressed ? [] : team.matrix.columns, dimension: team.matrix.dimension, sort: team.matrix.sort, dir: team.matrix.dir },
    rows: individual ? compactRows(team.matrix.rows, team.members) : [],
    members: team.members,
    overdue,
    settings: { observedAssessments: settings.observedAssessments, leadsSeeIndividualProfiles: settings.leadsSeeIndividualProfiles },
    courses: listCourses().map((c) => ({ courseId: c.id, title: c.title, modules: c.modules.map((m) => ({ moduleId: m.id, title: m.title, minutes: m.minutes })) })),
    today: berlinDate(now),
    observeSubmissionId: crypto.randomUUID(),
    assignSubmissionId: crypto.randomUUID(),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireRole(request, "lead");
  const url = new URL(request.url);
  const back = new URLSearchParams();
  const unit = url.searchParams.get("unit");
  if (unit) back.set("unit", unit);
  const intent = (await readFormData(request.clone())).get("intent");
  const now = new Date();
  try {
    if (intent === "observe") {
      const { submission } = await parseForm(request, observeSchema);
      if (submission.status !== "success") return invalid(submission.reply());
      const { submissionId, ...value } = submission.value;
      try {
        await getDb().transaction(async (tx) => {
          if (!(await claimSubmission(tx, submissionId, viewer.id))) return;
          await recordObservation(tx, viewer, value, now);
        });
      } catch (error) {
        if (error instanceof CompetenceFormError) return fieldError(submission, error.field, error.messageKey);
        throw error;
      }
      back.set("saved", "observe");
      return redirect(`/team?${back}`);
    }
    if (intent === "assign") {
      const { submission } = await parseForm(request, assignSchema);
      if (submission.status !== "success") return invalid(submission.reply());
      const { submissionId, ...value } = submission.value;
      try {
        const to = await getDb().transaction(async (tx) => {
          if (!(await claimSubmission(tx, submissionId, viewer.id))) return (await submissionResult(tx, submissionId)) ?? `/team?${back}`;
          const created = await assignLearning(tx, viewer, value, now);
          back.set("assigned", String(created));
          const result = `/team?${back}`;
          await recordSubmissionResult(tx, submissionId, result);
          return result;
        });
        return redirect(to);
      } catch (error) {
        if (error instanceof CompetenceFormError) return fieldError(submission, error.field, error.messageKey);
        throw error;
      }
    }
  } catch (error) {
    throw accessResponse(error);
  }
  throw new Response("Unknown form", { status: 400 });
}

function sortHref(params: URLSearchParams, sort: string, current: { sort: string; dir: string }) {
  const next = new URLSearchParams(params);
  next.delete("saved");
  next.delete("assigned");
  next.set("sort", sort);
  const defaultDir = sort === "name" ? "asc" : "desc";
  const dir = current.sort === sort ? (current.dir === "asc" ? "desc" : "asc") : defaultDir;
  next.set("dir", dir);
  return `?${next}`;
}

/**
 * One text node per cell keeps 300 × 15 cells light; the caption explains the notation. A plain
 * function, not a component: 4,500 component instances cost more than the cells themselves.
 */
function cellElement(levels: string, i: number, key: string) {
  const cell = compactCell(levels, i);
  if (cell.required === 0)
    return (
      <td key={key} className="cell cell--none">
        ·
      </td>
    );
  if (cell.gap === 0)
    return (
      <td key={key} className="cell cell--met">
        ✓
      </td>
    );
  return <td key={key} className={`cell cell--gap${Math.min(cell.gap, 3)}`}>{`−${cell.gap} (${cell.current})`}</td>;
}

/** Without individual profiles: per competence only how many members meet the requirement. */
function AggregateTable({ columns, unitName, suppressed, minGroupSize }: { columns: MatrixColumn[]; unitName: string; suppressed: boolean; minGroupSize: number }) {
  const { t, i18n } = useTranslation();
  if (suppressed) return <p>{t("competences.team.aggregatesSuppressed", { count: minGroupSize })}</p>;
  return (
    <>
      <p>{t("competences.team.aggregatesOnly")}</p>
      <div className="table-wrap">
        <table>
          <caption>{t("competences.team.aggregateCaption", { unit: unitName })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("competences.team.competence")}</th>
              <th scope="col" className="num">
                {t("competences.team.meeting")}
              </th>
              <th scope="col" className="num">
                {t("competences.team.secureHolders")}
              </th>
            </tr>
          </thead>
          <tbody>
            {columns.map((c) => (
              <tr key={c.competenceId}>
                <th scope="row">{competenceName(c.competenceId, i18n.language)}</th>
                <td className="num">{t("competences.team.meetingValue", { meeting: c.meeting, requiring: c.requiring })}</td>
                <td className="num">{c.secureHolders}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
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
  // Both forms share the action: each shows only the answer to its own submission.
  const resultFor = (intent: string) => (actionData?.result?.initialValue?.intent === intent ? actionData.result : undefined);
  const SortLink = ({ sortKey, label }: { sortKey: string; label: string }) => (
    <Link to={sortHref(params, sortKey, current)} className="sort-link">
      {label}
      <span className="visually-hidden">, {t("competences.team.sortBy", { column: label })}</span>
      {matrix.sort === sortKey ? <span aria-hidden="true">{matrix.dir === "asc" ? " ▲" : " ▼"}</span> : null}
    </Link>
  );
  return (
    <div className="page page--wide">
      <h1>{t("competences.team.title")}</h1>
      <p className="lead-text">{t("competences.team.intro")}</p>
      {params.get("saved") === "observe" ? <Notice>{t("competences.team.observeSaved")}</Notice> : null}
      {assigned !== null ? (
        <Notice>{Number(assigned) > 0 ? t("competences.team.assignSaved", { count: Number(assigned) }) : t("competences.team.assignNone")}</Notice>
      ) : null}
      <Form method="get" className="inline-form filters">
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
        <AggregateTable columns={matrix.columns} unitName={data.unit.name} suppressed={data.suppressed} minGroupSize={data.minGroupSize} />
      ) : (
        <div className="table-wrap matrix-wrap" tabIndex={0} role="region" aria-labelledby="matrix-caption">
          <table className="matrix">
            <caption id="matrix-caption">
              {t("competences.team.matrixCaption", { unit: data.unit.name })}
              <span className="caption-note">{t("competences.team.notation")}</span>
            </caption>
            <thead>
              <tr>
                <th scope="col" aria-sort={ariaSort("name")}>
                  <SortLink sortKey="name" label={t("competences.team.member")} />
                </th>
                {matrix.columns.map((c) => (
                  <th scope="col" key={c.competenceId} aria-sort={ariaSort(c.competenceId)} className="matrix-col">
                    <SortLink sortKey={c.competenceId} label={competenceName(c.competenceId, lang)} />
                  </th>
                ))}
                <th scope="col" aria-sort={ariaSort("gap")} className="num">
                  <SortLink sortKey="gap" label={t("competences.team.totalGap")} />
                </th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((row) => {
                const member = data.members[row.member];
                const name = `${member.familyName}, ${member.givenName}`;
                return (
                  <tr key={member.id}>
                    <th scope="row">
                      {data.settings.leadsSeeIndividualProfiles ? <Link to={`/profile/${member.id}`}>{name}</Link> : name}
                    </th>
                    {matrix.columns.map((c, i) => cellElement(row.levels, i, c.competenceId))}
                    <td className="num">{row.totalGap}</td>
                  </tr>
                );
              })}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t("competences.team.meeting")}</th>
                {matrix.columns.map((c) => (
                  <td key={c.competenceId} className="num">
                    {t("competences.team.meetingValue", { meeting: c.meeting, requiring: c.requiring })}
                  </td>
                ))}
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
              </tr>
            </tfoot>
          </table>
        </div>
      )}
      {data.individual ? (
        <div className="legend small">
          <strong>{t("competences.team.legend")}:</strong> <span className="cell--gap1 legend-swatch">−1 (1)</span> {t("competences.team.legendGap")} ·{" "}
          <span className="cell--met legend-swatch">✓</span> {t("competences.team.legendMet")} · <span className="cell--none legend-swatch">·</span>{" "}
          {t("competences.team.legendNone")}
        </div>
      ) : null}
      <h2>{t("competences.team.overdueTitle")}</h2>
      {data.overdue.length === 0 ? (
        <p>{t("competences.team.overdueNone")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t("competences.team.overdueTitle")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("competences.team.assignedTo")}</th>
                <th scope="col">{t("competences.team.what")}</th>
                <th scope="col">{t("competences.team.dueOn")}</th>
              </tr>
            </thead>
            <tbody>
              {data.overdue.map((a) => (
                <tr key={a.id}>
                  <th scope="row">
                    {a.familyName}, {a.givenName}
                  </th>
                  <td>{a.title}</td>
                  <td>
                    <span className="badge badge--bad">
                      <span aria-hidden="true">! </span>
                      {formatDate(a.dueOn, lang)}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="two-columns">
        {data.settings.observedAssessments ? (
          <ObserveForm members={data.members} submissionId={data.observeSubmissionId} today={data.today} lastResult={resultFor("observe")} />
        ) : (
          <section className="card">
            <h2>{t("competences.team.observeTitle")}</h2>
            <p>{t("competences.team.observeOff")}</p>
          </section>
        )}
        <AssignForm members={data.members} courses={data.courses} submissionId={data.assignSubmissionId} today={data.today} lastResult={resultFor("assign")} />
      </div>
    </div>
  );
}
