// A role description (Stellenbeschreibung), read-only: tasks with time shares and categories,
// pay grade, and the level each competence requires. HR edits them in the HR area.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import * as z from "zod";
import { notFound, requireUser } from "~/auth/access.server";
import { framework } from "~/competences/framework";
import { competenceName, dimensionName, formatDate, levelName } from "~/competences/labels";
import { getRoleDescription } from "~/learning/profile.server";
import { getDb } from "~/db/client.server";
import { pageTitle } from "~/shell/meta";
import { DataTable } from "~/shell/data-table";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  data ? [{ title: `${data.role.title} – Horizont` }] : pageTitle(matches, "competences.role.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  const id = z.uuid().safeParse(params.roleId);
  if (!id.success) throw notFound();
  const role = await getRoleDescription(getDb(), viewer.authorityId, id.data);
  if (!role) throw notFound();
  const { requirements, ...rest } = role;
  return { role: { ...rest, requirements: Object.fromEntries(requirements) } };
}

const percent = (n: number, lang: string) => new Intl.NumberFormat(lang.startsWith("en") ? "en-GB" : "de-DE", { maximumFractionDigits: 2 }).format(n) + " %";

export default function RoleDescription() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { role } = useLoaderData<typeof loader>();
  const total = role.tasks.reduce((s, task) => s + task.sharePercent, 0);
  return (
    <div className="page">
      <p className="muted">{t("competences.role.title")}</p>
      <h1>{role.title}</h1>
      <dl className="facts">
        <dt>{t("competences.role.payGrade")}</dt>
        <dd>
          {role.payScheme} {role.payGrade}
        </dd>
        <dt>{t("competences.role.status")}</dt>
        <dd>
          {role.status === "active" ? t("competences.role.statusActive") : t("competences.role.statusRetired")} ·{" "}
          {t("competences.role.version", { version: role.version, date: formatDate(role.updatedAt, lang) })}
        </dd>
      </dl>
      <p className="muted">
        {t("competences.role.holders", { count: role.holders })} {t("competences.role.editedByHr")}
      </p>
      <h2>{t("competences.role.tasks")}</h2>
      <DataTable
        label={t("competences.role.tasks")}
        caption={<caption className="visually-hidden">{t("competences.role.tasks")}</caption>}
        columns={[t("competences.role.task"), t("competences.role.category"), { label: t("competences.role.share"), className: "num" }]}
        foot={
          <tr>
            <th scope="row">{t("competences.role.total")}</th>
            <td />
            <td className="num">{percent(total, lang)}</td>
          </tr>
        }
      >
        {role.tasks.map((task, i) => (
          <tr key={i}>
            <th scope="row">{task.title}</th>
            <td>{t(`competences.role.categories.${task.category as "other"}`)}</td>
            <td className="num">
              <span className="share-bar" aria-hidden="true" style={{ width: `${task.sharePercent / 10}rem` }} /> {percent(task.sharePercent, lang)}
            </td>
          </tr>
        ))}
      </DataTable>
      <h2>{t("competences.role.requirements")}</h2>
      {framework.dimensions.map((d) => (
        <div className="table-wrap" key={d.id}>
          <table>
            <caption>{t("competences.role.requirementsCaption", { dimension: dimensionName(d.id, lang) })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("competences.profile.competence")}</th>
                <th scope="col">{t("competences.profile.required")}</th>
              </tr>
            </thead>
            <tbody>
              {d.competences.map((c) => {
                const level = role.requirements[c.id];
                return (
                  <tr key={c.id}>
                    <th scope="row">{competenceName(c.id, lang)}</th>
                    <td>{level ? t("competences.levelNamed", { level, name: levelName(level, lang) }) : t("competences.notRequired")}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ))}
    </div>
  );
}
