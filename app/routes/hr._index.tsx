// HR start page: what each section of the workspace is for.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/auth/access.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "read:report:any");
  return null;
}

const sections = ["roles", "people", "staffing", "coverage", "import", "legal", "audit"] as const;

export default function HrIndex() {
  const { t } = useTranslation();
  return (
    <>
      <p className="lead-text">{t("hr.intro")}</p>
      <h2 className="visually-hidden">{t("hr.overview.title")}</h2>
      <ul className="cards">
        {sections.map((s) => (
          <li key={s}>
            <div className="card">
              <h3>
                <Link to={`/hr/${s}`}>{t(`hr.tab.${s}`)}</Link>
              </h3>
              <p>{t(`hr.overview.${s}`)}</p>
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
