// The signed-in person's own xAPI statements as a JSON download (only their own; no id in the URL).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/access.server";
import { getDb } from "~/db/client.server";
import { statementsOf } from "~/xapi/statements.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  const statements = await statementsOf(getDb(), viewer.id);
  const day = new Date().toISOString().slice(0, 10);
  return new Response(JSON.stringify(statements, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="horizont-lernprotokoll-${day}.json"`,
      "Cache-Control": "no-store",
    },
  });
}
