// Accessibility statement with a feedback channel (§ 12b BGG, BITV 2.0).
import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getEnv } from "~/env.server";
import { pageTitle } from "~/shell/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "a11y.title");

export async function loader() {
  return { contact: getEnv().ACCESSIBILITY_CONTACT };
}

export default function Accessibility() {
  const { t } = useTranslation();
  const { contact } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <h1>{t("a11y.title")}</h1>
      <p className="lead-text">{t("a11y.intro")}</p>
      <h2>{t("a11y.statusTitle")}</h2>
      <p>{t("a11y.status")}</p>
      <h2>{t("a11y.knownIssues")}</h2>
      <p>{t("a11y.knownIssuesText")}</p>
      <h2>{t("a11y.feedbackTitle")}</h2>
      <p>
        {t("a11y.feedbackText")} <a href={`mailto:${contact}`}>{contact}</a>
      </p>
      <h2>{t("a11y.enforcementTitle")}</h2>
      <p>{t("a11y.enforcementText")}</p>
      <p className="muted">{t("a11y.date")}</p>
    </div>
  );
}
