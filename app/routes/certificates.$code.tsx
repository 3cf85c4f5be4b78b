// Public verification of a certificate code: shows only name, course and date (no sign-in).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { verifyCertificate } from "~/courses/certificates.server";
import { getDb } from "~/db/client.server";
import { pageTitle } from "~/shell/meta";

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "courses.verify.title"), { name: "robots", content: "noindex" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const code = (params.code ?? "").slice(0, 40);
  const found = await verifyCertificate(getDb(), code);
  return data({ code, found }, { status: found ? 200 : 404, headers: { "Cache-Control": "no-store" } });
}

export default function VerifyCertificate() {
  const { t, i18n } = useTranslation();
  const { code, found } = useLoaderData<typeof loader>();
  const date = new Intl.DateTimeFormat(i18n.language === "en" ? "en-GB" : "de-DE", { dateStyle: "long", timeZone: "Europe/Berlin" });
  return (
    <div className="page page--narrow">
      <h1>{t("courses.verify.title")}</h1>
      <p className="code-box">{code}</p>
      {found ? (
        <div className="notice notice--ok" role="status">
          <p>
            <strong>{t("courses.verify.valid")}</strong>
          </p>
          <dl className="facts">
            <dt>{t("courses.verify.name")}</dt>
            <dd>{found.name}</dd>
            <dt>{t("courses.verify.course")}</dt>
            <dd>{found.courseTitle}</dd>
            <dt>{t("courses.verify.date")}</dt>
            <dd>{date.format(new Date(found.completedAt))}</dd>
          </dl>
        </div>
      ) : (
        <div className="notice notice--error" role="alert">
          <p>{t("courses.verify.invalid")}</p>
        </div>
      )}
    </div>
  );
}
