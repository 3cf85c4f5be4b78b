// The calendar file of one registration (same UID across changes, SEQUENCE from the event).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requireUser } from "~/auth/access.server";
import { getDb } from "~/db/client.server";
import { calendarFile } from "~/events/events.server";
import { calendarData } from "~/events/views.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  const found = await calendarData(getDb(), viewer, params.eventId ?? "");
  if (!found) throw notFound();
  const body = calendarFile(found.event, found.cancelled, new URL(request.url).hostname, new Date());
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="veranstaltung-${found.event.id.slice(0, 8)}.ics"`,
      "Cache-Control": "private, no-store",
    },
  });
}
