// The sign-in sheet (Teilnehmerliste) as PDF: HR, the trainer, or the lead who owns the event.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { forbidden, requireUser } from "~/auth/access.server";
import { getDb } from "~/db/client.server";
import { signInSheet } from "~/events/sign-in-sheet.server";
import { eventDetail } from "~/events/views.server";
import { authorityName } from "~/org/authorities.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  const db = getDb();
  const event = await eventDetail(db, viewer, params.eventId ?? "", new Date());
  if (!event.canTakeAttendance && !event.canManage) throw forbidden();
  const body = await signInSheet(event, await authorityName(db, viewer.authorityId));
  return new Response(Buffer.from(body), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="teilnehmerliste-${event.id.slice(0, 8)}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
}
