// HR (for the authority or a unit) and a lead (for a unit they lead) create a workshop.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { forbidden, requireUser } from "~/auth/access.server";
import { getDb } from "~/db/client.server";
import { applyOnce } from "~/db/once.server";
import { EventForm } from "~/events/event-form";
import { eventSchema, formFieldName } from "~/events/event-schema";
import { createEvent, EventFormError } from "~/events/events.server";
import { eventFormOptions } from "~/events/views.server";
import { fieldError, invalid, parseForm } from "~/shell/forms.server";
import { pageTitle } from "~/shell/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "events.form.pageTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  return { options: await eventFormOptions(getDb(), viewer), submissionId: crypto.randomUUID() };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireUser(request);
  if (!viewer.roles.includes("hr") && !(viewer.roles.includes("lead") && viewer.ledUnitIds.length)) throw forbidden();
  const { submission } = await parseForm(request, eventSchema);
  if (submission.status !== "success") return invalid(submission.reply());
  const { submissionId, ...input } = submission.value;
  try {
    const target = await applyOnce(getDb(), submissionId, viewer.id, "/events", async (tx) => `/events/${await createEvent(tx, viewer, input, new Date())}?notice=created`);
    return redirect(target);
  } catch (error) {
    if (error instanceof EventFormError) return fieldError(submission, formFieldName(error.field), error.messageKey);
    throw error;
  }
}

export default function NewEvent() {
  const { t } = useTranslation();
  const { options, submissionId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="page">
      <p>
        <Link to="/events">{t("events.form.back")}</Link>
      </p>
      <h1>{t("events.form.pageTitle")}</h1>
      <p className="lead-text">{t("events.form.intro")}</p>
      <EventForm submissionId={submissionId} options={options} lastResult={actionData?.result} />
    </div>
  );
}
