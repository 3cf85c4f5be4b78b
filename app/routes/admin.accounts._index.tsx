// Accounts of the authority: search, status, roles; links to create and edit.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/auth/access.server";
import { getDb } from "~/db/client.server";
import { listAccounts } from "~/people/accounts.server";
import { pageTitle } from "~/shell/meta";
import { DataTable } from "~/shell/data-table";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "admin.accountsTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "read:administration:any");
  const q = (new URL(request.url).searchParams.get("q") ?? "").slice(0, 100);
  return { q, accounts: await listAccounts(getDb(), viewer.authorityId, q) };
}

export default function AdminAccounts() {
  const { t } = useTranslation();
  const { q, accounts } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-header">
        <h2>{t("admin.accountsTitle")}</h2>
        <Link to="/admin/accounts/new" className="button">
          {t("admin.newAccount")}
        </Link>
      </div>
      <Form method="get" className="inline-form" role="search">
        <div className="field">
          <label htmlFor="q">{t("admin.searchPeople")}</label>
          <input id="q" name="q" type="search" defaultValue={q} />
        </div>
        <button type="submit" className="button button--secondary">
          {t("common.search")}
        </button>
      </Form>
      <p className="muted" aria-live="polite">
        {t("admin.accountsIntro", { count: accounts.length })}
      </p>
      <DataTable
        label={t("admin.accountsTitle")}
        columns={[
          t("account.name"),
          t("admin.email"),
          t("admin.unit"),
          t("admin.roles"),
          t("admin.status"),
        ]}
      >
        {accounts.map((a) => (
          <tr key={a.id}>
            <th scope="row">
              <Link to={`/admin/accounts/${a.id}`}>
                {a.familyName}, {a.givenName}
              </Link>
            </th>
            <td>{a.email}</td>
            <td>{a.unitName ?? t("common.none")}</td>
            <td>{a.roles.map((r) => t(`roles.${r}`)).join(", ")}</td>
            <td>
              {a.active ? (
                <span className="badge badge--ok">{t("admin.active")}</span>
              ) : (
                <span className="badge badge--muted">{t("admin.inactive")}</span>
              )}
              {!a.hasPassword ? <span className="badge badge--warn">{t("admin.noPasswordYet")}</span> : null}
            </td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}
