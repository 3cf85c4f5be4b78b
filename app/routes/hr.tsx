// HR workspace (Personal): role descriptions, people, staffing, coverage, import, changes in
// the law (Rechtsstand), audit log.
// Admins may read the audit log only; every child route checks access itself.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { hasPermission, requirePermission } from "~/auth/access.server";
import { PrintButton } from "~/reports/ui";
import { pageTitle } from "~/shell/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "hr.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "read:report:any", "read:audit-log:any");
  return { isHr: hasPermission(viewer, "read:report:any") };
}

const tabs = [
  { to: "/hr/roles", label: "hr.tab.roles" },
  { to: "/hr/people", label: "hr.tab.people" },
  { to: "/hr/staffing", label: "hr.tab.staffing" },
  { to: "/hr/coverage", label: "hr.tab.coverage" },
  { to: "/hr/import", label: "hr.tab.import" },
  { to: "/hr/legal", label: "hr.tab.legal" },
  { to: "/hr/audit", label: "hr.tab.audit" },
] as const;

export default function HrLayout() {
  const { t } = useTranslation();
  const { isHr } = useLoaderData<typeof loader>();
  return (
    <div className="page hr">
      <div className="page-header">
        <h1>{t("hr.title")}</h1>
        <PrintButton />
      </div>
      <nav aria-label={t("hr.tabs")} className="no-print">
        <ul className="tabs">
          {tabs
            .filter((tab) => isHr || tab.to === "/hr/audit")
            .map((tab) => (
              <li key={tab.to}>
                <NavLink to={tab.to}>{t(tab.label)}</NavLink>
              </li>
            ))}
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}
