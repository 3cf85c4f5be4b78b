// "Meine Daten" (Art. 15 DSGVO): everything Horizont holds about the signed-in person, readable,
// with a JSON download. Only the person's own data; the page takes no id.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { notFound, requireUser } from "~/auth/access.server";
import { getDb } from "~/db/client.server";
import { getSettings } from "~/org/settings.server";
import { personalDataOf } from "~/people/personal-data.server";
import { pageTitle } from "~/shell/meta";
import { DataTable } from "~/shell/data-table";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "personalData.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  const data = await personalDataOf(getDb(), viewer.id);
  if (!data) throw notFound();
  const { leaverRetentionMonths } = await getSettings(getDb(), viewer.authorityId);
  return { ...data, leaverRetentionMonths };
}

const show = (value: unknown) => (value === null || value === undefined ? "–" : typeof value === "object" ? JSON.stringify(value) : String(value));

export default function PersonalDataPage() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const label = (key: string) => t(`personalData.tables.${key}`, { defaultValue: key });
  return (
    <div className="page">
      <h1>{t("personalData.title")}</h1>
      <p>{t("personalData.intro")}</p>
      <p>{t("personalData.afterLeaving", { count: data.leaverRetentionMonths })}</p>
      <p>
        <a className="button" href="/account/data.json" download>
          {t("personalData.download")}
        </a>
      </p>
      <section className="card" aria-labelledby="pd-person">
        <h2 id="pd-person">{t("personalData.person")}</h2>
        <dl>
          {Object.entries(data.person).map(([key, value]) => (
            <div key={key}>
              <dt className="label">{key}</dt>
              <dd>{show(value)}</dd>
            </div>
          ))}
        </dl>
      </section>
      {data.sections.map((section) => {
        const id = `pd-${section.table}-${section.column}`;
        const columns = [...new Set(section.rows.flatMap((row) => Object.keys(row)))];
        return (
          <section key={id} aria-labelledby={id}>
            <h2 id={id}>
              {label(section.label)}
              {section.relation === "by" ? ` (${t("personalData.byYou")})` : ""}{" "}
              <span className="muted">{t("personalData.count", { count: section.rows.length })}</span>
            </h2>
            {section.rows.length > 0 ? <p className="muted">{t(section.deletedWithPerson ? "personalData.deletedAfterLeaving" : "personalData.keptWithoutYou")}</p> : null}
            {section.rows.length === 0 ? (
              <p className="muted">{t("personalData.empty")}</p>
            ) : (
              <DataTable labelledBy={id} columns={columns}>
                {section.rows.map((row, i) => (
                  <tr key={i}>
                    {columns.map((c) => (
                      <td key={c}>{show(row[c])}</td>
                    ))}
                  </tr>
                ))}
              </DataTable>
            )}
          </section>
        );
      })}
    </div>
  );
}
