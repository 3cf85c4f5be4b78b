// List of role descriptions with grading, counselling share, people and version.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/auth/access.server";
import { getDb } from "~/db/client.server";
import { listRoles } from "~/role-descriptions/roles.server";
import { useNumber } from "~/reports/ui";
import { pageTitle } from "~/shell/meta";
import { DataTable } from "~/shell/data-table";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "hr.roles.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "read:report:any");
  return { roles: await listRoles(getDb(), viewer.authorityId) };
}

export default function RolesIndex() {
  const { t } = useTranslation();
  const { roles } = useLoaderData<typeof loader>();
  const num = useNumber();
  return (
    <>
      <div className="page-header">
        <h2>{t("hr.roles.title")}</h2>
        <Link to="/hr/roles/new" className="button no-print">
          {t("hr.roles.new")}
        </Link>
      </div>
      <p>{t("hr.roles.intro")}</p>
      {roles.length === 0 ? (
        <p>{t("hr.roles.empty")}</p>
      ) : (
        <DataTable
          label={t("hr.roles.title")}
          columns={[
            t("hr.roles.columnTitle"),
            t("hr.roles.payGrade"),
            { label: t("hr.roles.counsellingShare"), className: "num" },
            { label: t("hr.roles.people"), className: "num" },
            { label: t("hr.roles.version"), className: "num" },
            t("hr.roles.status"),
          ]}
        >
          {roles.map((r) => (
            <tr key={r.id}>
              <th scope="row">
                <Link to={`/hr/roles/${r.id}`}>{r.title}</Link>
              </th>
              <td>
                {r.payScheme} {r.payGrade}
              </td>
              <td className="num">{num(r.counsellingShare)} %</td>
              <td className="num">{num(r.people)}</td>
              <td className="num">{r.version}</td>
              <td>{r.status === "active" ? <span className="badge badge--ok">{t("hr.roles.active")}</span> : <span className="badge badge--muted">{t("hr.roles.retired")}</span>}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}
