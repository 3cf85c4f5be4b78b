// Public: one verification key (Multikey, Ed25519) of an authority.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { keyDocument } from "~/badges/credentials.server";
import { jsonDocument, publicOrigin } from "~/badges/http.server";
import { getDb } from "~/db/client.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const document = await keyDocument(getDb(), publicOrigin(request), params.keyId ?? "");
  if (!document) throw new Response("Not found", { status: 404 });
  return jsonDocument(document, "public, max-age=3600");
}
