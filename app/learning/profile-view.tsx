// The competence profile as a page section: summary, bar chart against the requirement (with
// the same data as tables), per competence "why this level" and the modules that close a gap.
import { Link } from "@remix-run/react";
import { useT } from "~/i18n/use-t";
import { competenceDescriptor, competenceName, dimensionName, formatDate, levelName } from "~/competences/labels";
import { moduleHref, type ModuleRef } from "./profile";
import type { Profile } from "./profile.server";
import { Chart, ChartRows, ChartValue } from "~/shell/charts";
import { DataTable } from "~/shell/data-table";

/** Loader data as it reaches the component (dates travel as strings or Dates). */
export type Wire<T> = T extends Date ? string | Date : T extends (infer U)[] ? Wire<U>[] : T extends object ? { [K in keyof T]: Wire<T[K]> } : T;
export type ViewProfile = Wire<Profile>;
type ViewRow = ViewProfile["dimensions"][number]["rows"][number];

export function LevelText({ level }: { level: number }) {
  const { t, lang } = useT();
  if (level === 0) return <>{t("competences.noLevel")}</>;
  return <>{t("competences.levelNamed", { level, name: levelName(level, lang) })}</>;
}

export function GapBadge({ gap }: { gap: number }) {
  const { t } = useT();
  if (gap <= 0)
    return (
      <span className="badge badge--ok">
        <span aria-hidden="true">✓ </span>
        {t("competences.met")}
      </span>
    );
  return (
    <span className="badge badge--bad">
      <span aria-hidden="true">− </span>
      {t("competences.gapOf", { gap })}
    </span>
  );
}

function ExpiresSoonBadge() {
  const { t } = useT();
  return (
    <span className="badge badge--warn">
      <span aria-hidden="true">⚠ </span>
      {t("competences.expiresSoon")}
    </span>
  );
}

function ExpiryText({ row }: { row: ViewRow }) {
  const { t, lang } = useT();
  if (row.current === 0) return <>{t("common.none")}</>;
  if (!row.validUntil) return <>{t("competences.noExpiry")}</>;
  return (
    <>
      {t("competences.validUntil", { date: formatDate(row.validUntil, lang) })}
      {row.expiresSoon ? (
        <>
          {" "}
          <ExpiresSoonBadge />
        </>
      ) : null}
    </>
  );
}

/** Horizontal bars: current level as the bar, the requirement as a marker. Decorative: the tables carry the data. */
function ProfileChart({ profile }: { profile: ViewProfile }) {
  const { t, lang } = useT();
  const rows = profile.dimensions.flatMap((d) => d.rows.map((r) => ({ ...r, name: competenceName(r.competenceId, lang) })));
  const labelW = 360;
  const unit = 80;
  const rowH = 26;
  const top = 28;
  const width = labelW + unit * 4 + 70;
  const height = top + rows.length * rowH + 10;
  return (
    <figure className="chart card">
      <figcaption>
        <strong>{t("competences.profile.chartTitle")}</strong>{" "}
        <span className="muted small">{t("competences.profile.chartHint")}</span>
      </figcaption>
      <p className="chart-legend small" aria-hidden="true">
        <span className="chart-key chart-key--bar" /> {t("competences.profile.chartLegendCurrent")}{" "}
        <span className="chart-key chart-key--req" /> {t("competences.profile.chartLegendRequired")}
      </p>
      <Chart label={null} width={width} height={height}>
        {[0, 1, 2, 3, 4].map((l) => (
          <g key={l}>
            <line x1={labelW + l * unit} x2={labelW + l * unit} y1={top - 6} y2={height - 6} className="chart-grid" />
            <text x={labelW + l * unit} y={top - 12} textAnchor="middle" className="chart-axis">
              {l}
            </text>
          </g>
        ))}
        <ChartRows
          rows={rows}
          labelW={labelW}
          top={top}
          rowH={rowH}
          labelMax={Infinity}
          bar={(r, y) => {
            const state = r.required === 0 ? "none" : r.gap > 0 ? "gap" : "met";
            return (
              <>
                <rect x={labelW} y={y + 4} width={Math.max(r.current * unit, 2)} height={rowH - 10} className={`chart-bar chart-bar--${state}`} />
                {r.required > 0 ? <line x1={labelW + r.required * unit} x2={labelW + r.required * unit} y1={y + 1} y2={y + rowH - 3} className="chart-req" /> : null}
                <ChartValue x={labelW + 4 * unit + 8} y={y + 16}>
                  {state === "gap" ? `−${r.gap}` : state === "met" ? "✓" : ""}
                </ChartValue>
              </>
            );
          }}
        />
      </Chart>
    </figure>
  );
}

function ModuleList({ modules, competenceId }: { modules: Wire<ModuleRef>[]; competenceId: string }) {
  const { t } = useT();
  return (
    <ul className="module-list">
      {modules.map((m) => (
        <li key={`${m.courseId}/${m.moduleId}`}>
          <Link to={moduleHref(m)}>{m.title}</Link>{" "}
          <span className="muted small">
            ({t("competences.profile.certifies", { level: m.competences[competenceId] })}, {t("competences.profile.minutes", { minutes: m.minutes })})
          </span>
        </li>
      ))}
    </ul>
  );
}

/** Evidence recorded after the last visit (none when there was no earlier visit). */
function isNew(createdAt: string | Date | undefined, seenAt: string | null | undefined) {
  return !!createdAt && !!seenAt && new Date(createdAt).getTime() > new Date(seenAt).getTime();
}

function NewBadge({ text }: { text: string }) {
  return (
    <>
      {" "}
      <span className="badge badge--new">{text}</span>
    </>
  );
}

function CompetenceDetails({ row, showModules, seenAt, raised }: { row: ViewRow; showModules: boolean; seenAt?: string | null; raised?: boolean }) {
  const { t, lang } = useT();
  const name = competenceName(row.competenceId, lang);
  const descriptor = row.current > 0 ? competenceDescriptor(row.competenceId, row.current, lang) : null;
  const nextDescriptor = row.gap > 0 ? competenceDescriptor(row.competenceId, row.required, lang) : null;
  return (
    <section className="competence card" id={`c-${row.competenceId}`} aria-labelledby={`c-${row.competenceId}-h`}>
      <h3 id={`c-${row.competenceId}-h`}>
        {name}
        {raised ? <NewBadge text={t("competences.notifications.newRequirement")} /> : null}
      </h3>
      <p>
        <LevelText level={row.current} />
        {row.required > 0 ? (
          <>
            {" · "}
            {t("competences.profile.required")}: {row.required} · <GapBadge gap={row.gap} />
          </>
        ) : null}
        {row.selfLevel ? (
          <span className="muted">
            {" · "}
            {t("competences.profile.self")}: {row.selfLevel}
          </span>
        ) : null}
      </p>
      {descriptor ? <p className="small muted">{descriptor}</p> : null}
      <details>
        <summary>{t("competences.profile.why")}</summary>
        {row.explanation.length === 0 ? (
          <p>{t("competences.profile.whyNone")}</p>
        ) : (
          <ul className="evidence-list">
            {row.explanation.map(({ evidence: e, status, expiresSoon }) => (
              <li key={e.id} className={`evidence evidence--${status}`}>
                <strong>{t(`competences.sources.${e.source}`)}</strong>
                {e.module ? (
                  <>
                    {" "}
                    <Link to={moduleHref(e.module)}>{e.module.title}</Link>
                    {e.module.version ? ` ${t("competences.profile.moduleVersion", { version: e.module.version })}` : null}
                  </>
                ) : null}
                : {t("competences.level", { level: e.level })},{" "}
                {t("competences.profile.evidenceFrom", { date: formatDate(e.achievedAt, lang) })}
                {e.validUntil ? `, ${t("competences.validUntil", { date: formatDate(e.validUntil, lang) })}` : ""}
                {e.recordedByName && e.source !== "self" ? `, ${t("competences.profile.recordedBy", { name: e.recordedByName })}` : ""}
                {" – "}
                <span className={status === "basis" ? "evidence-status evidence-status--basis" : "evidence-status"}>{t(`competences.status.${status}`)}</span>
                {expiresSoon ? (
                  <>
                    {" "}
                    <ExpiresSoonBadge />
                  </>
                ) : null}
                {isNew(e.createdAt, seenAt) ? <NewBadge text={t("competences.notifications.newEvidence")} /> : null}
                {e.note && !e.module ? <q className="evidence-note">{e.note}</q> : null}
              </li>
            ))}
          </ul>
        )}
      </details>
      {showModules && row.gap > 0 ? (
        <div className="gap-modules">
          {nextDescriptor ? (
            <p className="small">
              {t("competences.levelNamed", { level: row.required, name: levelName(row.required, lang) })}: {nextDescriptor}
            </p>
          ) : null}
          {row.closingModules.length > 0 ? (
            <>
              <h4>{t("competences.profile.closing")}</h4>
              <ModuleList modules={row.closingModules} competenceId={row.competenceId} />
            </>
          ) : (
            <p className="small">{t("competences.profile.noModule")}</p>
          )}
          {row.partialModules.length > 0 ? (
            <>
              <h4>{t("competences.profile.partial")}</h4>
              <ModuleList modules={row.partialModules} competenceId={row.competenceId} />
            </>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

/** What is new since the person's last visit (own profile only). */
export interface ProfileNews {
  seenAt: string | null;
  /** Competences whose requirement was raised (unread notifications). */
  raised: string[];
}

export function ProfileView({ profile, self, news }: { profile: ViewProfile; self: boolean; news?: ProfileNews }) {
  const { t, lang } = useT();
  const raised = new Set(news?.raised ?? []);
  return (
    <>
      <p>
        {profile.role ? (
          <>
            {self ? t("competences.profile.yourRole") : t("competences.profile.roleOf")}{" "}
            <Link to={`/roles/${profile.role.id}`}>{profile.role.title}</Link> ({profile.role.payScheme} {profile.role.payGrade})
          </>
        ) : self ? (
          t("competences.profile.noRole")
        ) : (
          t("competences.profile.noRoleOther", { name: `${profile.person.givenName} ${profile.person.familyName}` })
        )}
        {profile.person.unitName ? (
          <>
            <br />
            {t("competences.profile.unit", { name: profile.person.unitName })}
          </>
        ) : null}
      </p>
      {profile.role ? (
        <p className="notice">
          {t("competences.profile.summary", {
            met: profile.totals.met,
            required: profile.totals.required,
            gaps: profile.totals.gaps,
            missing: profile.totals.missingLevels,
            count: profile.totals.expiringSoon,
          })}
        </p>
      ) : null}
      {profile.role ? <p className="small muted">{t("competences.gapsExplained")}</p> : null}
      <ProfileChart profile={profile} />
      {profile.dimensions.map((d) => (
        <section key={d.id} aria-labelledby={`dim-${d.id}`}>
          <h2 id={`dim-${d.id}`}>{dimensionName(d.id, lang)}</h2>
          <DataTable
            labelledBy={`profile-caption-${d.id}`}
            caption={<caption id={`profile-caption-${d.id}`}>{t("competences.profile.tableCaption", { dimension: dimensionName(d.id, lang) })}</caption>}
            columns={[
              t("competences.profile.competence"),
              t("competences.profile.current"),
              { label: t("competences.profile.required"), className: "num" },
              t("competences.profile.gap"),
              t("competences.profile.expiry"),
              { label: t("competences.profile.self"), className: "num" },
            ]}
          >
            {d.rows.map((r) => (
              <tr key={r.competenceId}>
                <th scope="row">
                  <a href={`#c-${r.competenceId}`}>{competenceName(r.competenceId, lang)}</a>
                  {raised.has(r.competenceId) ? <NewBadge text={t("competences.notifications.newRequirement")} /> : null}
                  {r.explanation.some((x) => isNew(x.evidence.createdAt, news?.seenAt)) ? <NewBadge text={t("competences.notifications.newBadge")} /> : null}
                </th>
                <td>
                  <LevelText level={r.current} />
                </td>
                <td className="num">{r.required > 0 ? r.required : t("common.none")}</td>
                <td>{r.required > 0 ? <GapBadge gap={r.gap} /> : t("competences.notRequired")}</td>
                <td>
                  <ExpiryText row={r} />
                </td>
                <td className="num">{r.selfLevel ?? t("common.none")}</td>
              </tr>
            ))}
          </DataTable>
          {d.rows.map((r) => (
            <CompetenceDetails key={r.competenceId} row={r} showModules seenAt={news?.seenAt} raised={raised.has(r.competenceId)} />
          ))}
        </section>
      ))}
    </>
  );
}
