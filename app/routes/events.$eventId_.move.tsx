// Move a workshop to new dates: everyone registered is told in the app and by mail, with the
// updated calendar file (same UIDs, higher SEQUENCE).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/auth/access.server";
import { getDb } from "~/db/client.server";
import { applyOnce } from "~/db/once.server";
import { MoveForm } from "~/events/event-form";
import { formFieldName, moveSchema } from "~/events/event-schema";
import { EventFormError, moveEvent } from "~/events/events.server";
import { eventForMove } from "~/events/views.server";
import { Notice } from "~/shell/forms";
import { fieldError, invalid, parseForm } from "~/shell/forms.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.event.title ?? ""} – Horizont` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  return { event: await eventForMove(getDb(), viewer, params.eventId ?? ""), submissionId: crypto.randomUUID() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireUser(request);
  const eventId = params.eventId ?? "";
  const { submission } = await parseForm(request, moveSchema);
  if (submission.status !== "success") return invalid(submission.reply());
  try {
    const target = await applyOnce(getDb(), submission.value.submissionId, viewer.id, `/events/${eventId}`, async (tx) => {
      await moveEvent(tx, viewer, eventId, submission.value.sessions, new Date());
      return `/events/${eventId}?notice=moved`;
    });
    return redirect(target);
  } catch (error) {
    if (error instanceof EventFormError) return fieldError(submission, error.field === "event" ? "form" : formFieldName(error.field), error.messageKey);
    throw error;
  }
}

export default function MoveEvent() {
  const { t } = useTranslation();
  const { event, submissionId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="page">
      <p>
        <Link to={`/events/${event.id}`}>{t("events.move.back", { title: event.title })}</Link>
      </p>
      <h1>{t("events.move.title", { title: event.title })}</h1>
      {event.status === "cancelled" ? (
        <Notice tone="warn" focus={false}>
          {t("events.status.eventCancelled")}
        </Notice>
      ) : (
        <>
          <p className="lead-text">{t("events.move.intro")}</p>
          <MoveForm submissionId={submissionId} sessions={event.sessions} lastResult={actionData?.result} />
        </>
      )}
    </div>
  );
}
