// Public: the authority's revocation list (BitstringStatusListCredential), signed on request so a
// revocation counts at once.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { statusListCredential } from "~/badges/credentials.server";
import { jsonDocument, notConfigured, publicOrigin } from "~/badges/http.server";
import { getDb } from "~/db/client.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  try {
    const list = await getDb().transaction((tx) => statusListCredential(tx, publicOrigin(request), params.authorityId ?? ""));
    if (!list) throw new Response("Not found", { status: 404 });
    return jsonDocument(list, "no-cache");
  } catch (error) {
    if (error instanceof Response) throw error;
    return notConfigured(error, request);
  }
}
