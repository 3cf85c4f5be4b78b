// What Horizont records and who sees it, with the authority's current settings (readable by
// every employee, as the service agreement requires).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getViewer } from "~/auth/access.server";
import { getDb } from "~/db/client.server";
import { getSettings } from "~/org/settings.server";
import { pageTitle } from "~/shell/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "privacy.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await getViewer(request);
  return { settings: viewer ? await getSettings(getDb(), viewer.authorityId) : null };
}

export default function Privacy() {
  const { t } = useTranslation();
  const { settings } = useLoaderData<typeof loader>();
  const onOff = (value: boolean) => (value ? t("privacy.on") : t("privacy.off"));
  return (
    <div className="page">
      <h1>{t("privacy.title")}</h1>
      <p className="lead-text">{t("privacy.intro")}</p>
      {settings ? (
        <>
          <section className="card">
            <h2>{t("privacy.whoSees")}</h2>
            <ul>
              <li>{t("privacy.whoSeesYou")}</li>
              <li>{settings.leadsSeeIndividualProfiles ? t("privacy.whoSeesLead") : t("privacy.whoSeesLeadOff", { min: settings.minGroupSize })}</li>
              <li>{t("privacy.whoSeesHr", { min: settings.minGroupSize })}</li>
            </ul>
          </section>
          <section className="card">
            <h2>{t("privacy.currentSettings")}</h2>
            <div className="table-wrap">
              <table>
                <tbody>
                  {(["leadsSeeIndividualProfiles", "observedAssessments", "perPersonReports"] as const).map((key) => (
                    <tr key={key}>
                      <th scope="row">{t(`settings.${key}`)}</th>
                      <td>{onOff(settings[key])}</td>
                    </tr>
                  ))}
                  <tr>
                    <th scope="row">{t("settings.minGroupSize")}</th>
                    <td>{settings.minGroupSize}</td>
                  </tr>
                  <tr>
                    <th scope="row">{t("settings.auditRetentionMonths")}</th>
                    <td>{settings.auditRetentionMonths}</td>
                  </tr>
                  <tr>
                    <th scope="row">{t("settings.leaverRetentionMonths")}</th>
                    <td>{settings.leaverRetentionMonths}</td>
                  </tr>
                  <tr>
                    <th scope="row">{t("settings.retakeWaitMinutes")}</th>
                    <td>{settings.retakeWaitMinutes}</td>
                  </tr>
                </tbody>
              </table>
            </div>
          </section>
        </>
      ) : (
        <p>{t("privacy.signInForSettings")}</p>
      )}
      <section className="card">
        <h2>{t("privacy.notRecorded")}</h2>
        <p>{t("privacy.notRecordedText")}</p>
        <h2>{t("privacy.logged")}</h2>
        <p>{t("privacy.loggedText", { months: settings?.auditRetentionMonths ?? 24 })}</p>
      </section>
    </div>
  );
}
