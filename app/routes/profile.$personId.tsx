// Someone else's profile, for their lead (where the authority allows it) and HR of the same
// authority. Every view is written to the audit log; HR can record an external certificate here.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import type { SerializeFrom } from "@remix-run/node";
import { credentialsOf, revokeCredential } from "~/badges/credentials.server";
import { useTranslation } from "react-i18next";
import * as z from "zod";
import { forbidden, notFound, profileAccess, requireUser } from "~/auth/access.server";
import { audit } from "~/audit/audit.server";
import { CompetenceFormError } from "~/competences/form-error";
import { CertificateForm } from "~/competences/evidence-forms";
import { recordCertificate } from "~/competences/evidence.server";
import { certificateSchema } from "~/competences/forms";
import { getProfile } from "~/learning/profile.server";
import { ProfileView } from "~/learning/profile-view";
import { getDb } from "~/db/client.server";
import { applyOnce } from "~/db/once.server";
import { Notice } from "~/shell/forms";
import { fieldError, invalid, parseForm, readFormData } from "~/shell/forms.server";
import { pageTitle } from "~/shell/meta";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, "competences.profile.titleOther", { name: data ? `${data.profile.person.givenName} ${data.profile.person.familyName}` : "" });

const personIdParam = z.uuid();

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  const id = personIdParam.safeParse(params.personId);
  if (!id.success) throw notFound();
  if (id.data === viewer.id) throw redirect("/profile");
  const db = getDb();
  const now = new Date();
  const profile = await db.transaction(async (tx) => {
    const { person, relation } = await profileAccess(tx, viewer, id.data);
    await audit(tx, { authorityId: viewer.authorityId, actorId: viewer.id, action: "profile.view", subjectPersonId: person.id, details: { relation } });
    const credentials = relation === "hr" ? await credentialsOf(tx, viewer.authorityId, person.id) : [];
    return { relation, credentials, profile: await getProfile(tx, viewer.authorityId, person.id, now) };
  });
  if (!profile.profile) throw notFound();
  return { profile: profile.profile, relation: profile.relation, credentials: profile.credentials, submissionId: crypto.randomUUID() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireUser(request);
  const id = personIdParam.safeParse(params.personId);
  if (!id.success) throw notFound();
  const form = await readFormData(request);
  if (form.get("intent") === "revokeCredential") {
    // HR of the same authority only (profileAccess answers 403/404 otherwise); audited; a repeat changes nothing.
    const credentialId = String(form.get("credentialId") ?? "");
    await getDb().transaction(async (tx) => {
      const { relation } = await profileAccess(tx, viewer, id.data);
      if (relation !== "hr") throw forbidden();
      await revokeCredential(tx, { authorityId: viewer.authorityId, actorId: viewer.id, credentialId, now: new Date() });
    });
    return redirect(`/profile/${id.data}?saved=revoked#credentials-title`);
  }
  const { submission } = await parseForm(form, certificateSchema);
  if (submission.status !== "success") return invalid(submission.reply());
  const { submissionId, validUntil, ...value } = submission.value;
  const done = `/profile/${id.data}?saved=certificate#c-${value.competenceId}`;
  try {
    return redirect(
      await applyOnce(getDb(), submissionId, viewer.id, done, async (tx) => {
        await recordCertificate(tx, viewer, { ...value, personId: id.data, validUntil: validUntil ?? null }, new Date());
        return done;
      }),
    );
  } catch (error) {
    if (error instanceof CompetenceFormError) return fieldError(submission, error.field, error.messageKey);
    throw error;
  }
}

function CredentialList({ name, credentials, revoked }: { name: string; credentials: SerializeFrom<typeof loader>["credentials"]; revoked: boolean }) {
  const { t, i18n } = useTranslation();
  const date = new Intl.DateTimeFormat(i18n.language === "en" ? "en-GB" : "de-DE", { dateStyle: "medium", timeZone: "Europe/Berlin" });
  return (
    <section className="card" aria-labelledby="credentials-title">
      <h2 id="credentials-title">{t("badges.hr.title")}</h2>
      <p>{t("badges.hr.intro")}</p>
      {revoked ? <Notice>{t("badges.hr.revokedNotice")}</Notice> : null}
      {credentials.length === 0 ? (
        <p className="muted">{t("badges.hr.none")}</p>
      ) : (
        <ul className="plain-list">
          {credentials.map((c) => (
            <li key={c.id} className="credential-row">
              <p>
                <strong>{c.name}</strong>
                <br />
                <span className="small">
                  {t("badges.hr.code")}: <a href={`/certificates/${c.code}`}>{c.code}</a> · {t("badges.hr.issued")} {date.format(new Date(c.issuedAt))} ·{" "}
                  {c.revokedAt ? t("badges.hr.revokedOn", { date: date.format(new Date(c.revokedAt)) }) : t("badges.hr.valid")}
                </span>
              </p>
              {c.revokedAt ? null : (
                <Form method="post">
                  <input type="hidden" name="intent" value="revokeCredential" />
                  <input type="hidden" name="credentialId" value={c.id} />
                  <button type="submit" className="button button--quiet" aria-label={t("badges.hr.revokeLabel", { name: c.name })}>
                    {t("badges.hr.revoke")}
                  </button>
                </Form>
              )}
            </li>
          ))}
        </ul>
      )}
      <p className="visually-hidden">{t("badges.hr.caption", { name })}</p>
    </section>
  );
}

export default function PersonProfile() {
  const { t } = useTranslation();
  const { profile, relation, credentials, submissionId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const name = `${profile.person.givenName} ${profile.person.familyName}`;
  return (
    <div className="page">
      {relation === "lead" ? (
        <p className="no-print">
          <Link to="/team">{t("competences.profile.backToTeam")}</Link>
        </p>
      ) : null}
      <h1>{t("competences.profile.titleOther", { name })}</h1>
      <p className="lead-text">{t("competences.profile.introOther")}</p>
      <p className="muted small">{t("competences.profile.viewLogged")}</p>
      {params.get("saved") === "certificate" ? <Notice>{t("competences.profile.certificateSaved")}</Notice> : null}
      <ProfileView profile={profile} self={false} />
      {relation === "hr" ? <CertificateForm submissionId={submissionId} lastResult={actionData?.result} /> : null}
      {relation === "hr" ? <CredentialList name={name} credentials={credentials} revoked={params.get("saved") === "revoked"} /> : null}
    </div>
  );
}
