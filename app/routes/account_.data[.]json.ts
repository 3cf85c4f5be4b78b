// Art. 15 DSGVO: the signed-in person's data as a JSON download (only their own; no id in the URL).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requireUser } from "~/auth/access.server";
import { getDb } from "~/db/client.server";
import { personalDataOf } from "~/people/personal-data.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  const data = await personalDataOf(getDb(), viewer.id);
  if (!data) throw notFound();
  const file = `horizont-meine-daten-${data.exportedAt.slice(0, 10)}.json`;
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${file}"`,
      "Cache-Control": "no-store",
    },
  });
}
