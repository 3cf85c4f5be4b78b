// Someone else's profile, for their lead (where the authority allows it) and HR of the same
// authority. Every view is written to the audit log; HR can record an external certificate here.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { notFound, requireUser } from "~/auth/access.server";
import { audit } from "~/audit/audit.server";
import { accessResponse, CompetenceFormError, profileAccess } from "~/competences/access.server";
import { CertificateForm } from "~/competences/evidence-forms";
import { recordCertificate } from "~/competences/evidence.server";
import { certificateSchema } from "~/competences/forms";
import { getProfile } from "~/competences/profile.server";
import { ProfileView } from "~/competences/profile-view";
import { getDb } from "~/db/client.server";
import { claimSubmission } from "~/db/once.server";
import { Notice } from "~/shell/forms";
import { fieldError, invalid, parseForm } from "~/shell/forms.server";
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
  const profile = await db
    .transaction(async (tx) => {
      const { person, relation } = await profileAccess(tx, viewer, id.data);
      await audit(tx, { authorityId: viewer.authorityId, actorId: viewer.id, action: "profile.view", subjectPersonId: person.id, details: { relation } });
      return { relation, profile: await getProfile(tx, viewer.authorityId, person.id, now) };
    })
    .catch((error) => {
      throw accessResponse(error);
    });
  if (!profile.profile) throw notFound();
  return { profile: profile.profile, relation: profile.relation, submissionId: crypto.randomUUID() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireUser(request);
  const id = personIdParam.safeParse(params.personId);
  if (!id.success) throw notFound();
  const { submission } = await parseForm(request, certificateSchema);
  if (submission.status !== "success") return invalid(submission.reply());
  const { submissionId, validUntil, ...value } = submission.value;
  try {
    await getDb().transaction(async (tx) => {
      if (!(await claimSubmission(tx, submissionId, viewer.id))) return;
      await recordCertificate(tx, viewer, { ...value, personId: id.data, validUntil: validUntil ?? null }, new Date());
    });
  } catch (error) {
    if (error instanceof CompetenceFormError) return fieldError(submission, error.field, error.messageKey);
    throw accessResponse(error);
  }
  return redirect(`/profile/${id.data}?saved=certificate#c-${value.competenceId}`);
}

export default function PersonProfile() {
  const { t } = useTranslation();
  const { profile, relation, submissionId } = useLoaderData<typeof loader>();
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
    </div>
  );
}
