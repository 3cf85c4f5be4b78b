// My profile: the signed-in person's competences against their role, and their self-assessment.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { notFound, requireUser } from "~/auth/access.server";
import { CompetenceFormError } from "~/competences/access.server";
import { SelfAssessmentForm } from "~/competences/evidence-forms";
import { recordSelfAssessment } from "~/competences/evidence.server";
import { selfAssessmentSchema } from "~/competences/forms";
import { getProfile } from "~/competences/profile.server";
import { ProfileView } from "~/competences/profile-view";
import { getDb } from "~/db/client.server";
import { claimSubmission } from "~/db/once.server";
import { Notice } from "~/shell/forms";
import { fieldError, invalid, parseForm } from "~/shell/forms.server";
import { pageTitle } from "~/shell/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "competences.profile.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  const profile = await getProfile(getDb(), viewer.authorityId, viewer.id, new Date());
  if (!profile) throw notFound();
  return { profile, submissionId: crypto.randomUUID() };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireUser(request);
  const { submission } = await parseForm(request, selfAssessmentSchema);
  if (submission.status !== "success") return invalid(submission.reply());
  const value = submission.value;
  try {
    await getDb().transaction(async (tx) => {
      if (!(await claimSubmission(tx, value.submissionId, viewer.id))) return;
      await recordSelfAssessment(tx, viewer, value, new Date());
    });
  } catch (error) {
    if (error instanceof CompetenceFormError) return fieldError(submission, error.field, error.messageKey);
    throw error;
  }
  return redirect(`/profile?saved=self#c-${value.competenceId}`);
}

export default function MyProfile() {
  const { t } = useTranslation();
  const { profile, submissionId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <div className="page">
      <h1>{t("competences.profile.title")}</h1>
      <p className="lead-text">{t("competences.profile.intro")}</p>
      {params.get("saved") === "self" ? <Notice>{t("competences.profile.selfSaved")}</Notice> : null}
      <ProfileView profile={profile} self />
      <SelfAssessmentForm submissionId={submissionId} lastResult={actionData?.result} />
    </div>
  );
}
