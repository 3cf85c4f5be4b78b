// My profile: the signed-in person's competences against their role, and their self-assessment.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { notFound, requireUser } from "~/auth/access.server";
import { CompetenceFormError } from "~/competences/form-error";
import { SelfAssessmentForm } from "~/competences/evidence-forms";
import { recordSelfAssessment } from "~/competences/evidence.server";
import { selfAssessmentSchema } from "~/competences/forms";
import { getProfile } from "~/learning/profile.server";
import { ProfileView } from "~/learning/profile-view";
import { getDb } from "~/db/client.server";
import { applyOnce } from "~/db/once.server";
import { Notice } from "~/shell/forms";
import { fieldError, invalid, parseForm } from "~/shell/forms.server";
import { markNotificationsRead, recordProfileVisit, unreadNotifications } from "~/competences/notifications.server";
import { NotificationList } from "~/competences/notifications-view";
import * as z from "zod";
import { pageTitle } from "~/shell/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "competences.profile.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  const db = getDb();
  const now = new Date();
  const profile = await getProfile(db, viewer.authorityId, viewer.id, now);
  if (!profile) throw notFound();
  const notifications = await unreadNotifications(db, viewer.authorityId, viewer.id);
  // What is new since the last visit is marked; this visit becomes the next reference.
  const seenAt = await recordProfileVisit(db, viewer.id, now);
  return { profile, notifications, seenAt: seenAt?.toISOString() ?? null, submissionId: crypto.randomUUID() };
}

const readSchema = z.object({ intent: z.literal("notifications-read"), back: z.enum(["/", "/profile"]).catch("/profile"), ids: z.array(z.uuid("validation.invalidChoice")).max(50) });
/** The profile page's two forms, told apart by their intent. */
const profileFormSchema = z.discriminatedUnion("intent", [selfAssessmentSchema, readSchema]);

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireUser(request);
  const { submission } = await parseForm(request, profileFormSchema);
  if (submission.status !== "success") return invalid(submission.reply());
  const form = submission.value;
  if (form.intent === "notifications-read") {
    await getDb().transaction((tx) => markNotificationsRead(tx, viewer.authorityId, viewer.id, form.ids, new Date()));
    return redirect(`${form.back}?read=notifications`);
  }
  const { submissionId, ...value } = form;
  const done = `/profile?saved=self#c-${value.competenceId}`;
  try {
    return redirect(
      await applyOnce(getDb(), submissionId, viewer.id, done, async (tx) => {
        await recordSelfAssessment(tx, viewer, value, new Date());
        return done;
      }),
    );
  } catch (error) {
    if (error instanceof CompetenceFormError) return fieldError(submission, error.field, error.messageKey);
    throw error;
  }
}

export default function MyProfile() {
  const { t } = useTranslation();
  const { profile, notifications, seenAt, submissionId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <div className="page">
      <h1>{t("competences.profile.title")}</h1>
      <p className="lead-text">{t("competences.profile.intro")}</p>
      {params.get("saved") === "self" ? <Notice>{t("competences.profile.selfSaved")}</Notice> : null}
      {params.get("read") === "notifications" ? <Notice>{t("competences.notifications.read")}</Notice> : null}
      <NotificationList notifications={notifications} back="/profile" />
      <ProfileView
        profile={profile}
        self
        news={{ seenAt, raised: notifications.flatMap((n) => (n.details.competences ?? []).map((c) => c.competenceId)) }}
      />
      <SelfAssessmentForm submissionId={submissionId} lastResult={actionData?.result} />
    </div>
  );
}
