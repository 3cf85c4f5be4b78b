// Start page after sign-in: what the person can do here, by role.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/auth/access.server";
import { navigationFor } from "~/shell/navigation";
import { pageTitle } from "~/shell/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.home");

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  return { givenName: viewer.givenName, roles: viewer.roles };
}

export default function Home() {
  const { t } = useTranslation();
  const { givenName, roles } = useLoaderData<typeof loader>();
  const areas = navigationFor(roles).filter((item) => item.to !== "/");
  return (
    <div className="page">
      <h1>{t("home.title", { name: givenName })}</h1>
      <p className="lead-text">{t("home.intro")}</p>
      <ul className="cards">
        {areas.map((item) => (
          <li key={item.to}>
            <div className="card">
              <h2>
                <Link to={item.to}>{t(item.label)}</Link>
              </h2>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
