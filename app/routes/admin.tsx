// Administration area (admins of an authority): org units, accounts, settings.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { NavLink, Outlet } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/auth/access.server";
import { pageTitle } from "~/shell/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "admin.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "read:administration:any");
  return null;
}

export default function AdminLayout() {
  const { t } = useTranslation();
  return (
    <div className="page">
      <h1>{t("admin.title")}</h1>
      <p className="lead-text">{t("admin.intro")}</p>
      <nav aria-label={t("admin.tabs")}>
        <ul className="tabs">
          <li>
            <NavLink to="/admin/accounts">{t("admin.accountsTitle")}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/units">{t("admin.unitsTitle")}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/settings">{t("admin.settingsTitle")}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/sso">{t("sso.admin.title")}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/mail">{t("mail.admin.title")}</NavLink>
          </li>
          <li>
            <NavLink to="/hr/audit">{t("hr.audit.title")}</NavLink>
          </li>
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}
