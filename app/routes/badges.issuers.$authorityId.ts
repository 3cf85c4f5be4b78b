// Public: the issuer's controller document (which keys sign for the authority, retired ones too).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { issuerDocument } from "~/badges/credentials.server";
import { jsonDocument, publicOrigin } from "~/badges/http.server";
import { getDb } from "~/db/client.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const document = await issuerDocument(getDb(), publicOrigin(request), params.authorityId ?? "");
  if (!document) throw new Response("Not found", { status: 404 });
  return jsonDocument(document, "public, max-age=300");
}
