// Public verify endpoint: POST a credential (JSON body) and get {ok, reason | what it asserts}.
import type { ActionFunctionArgs } from "@remix-run/node";
import { verifyCredentialDocument } from "~/badges/credentials.server";
import { publicOrigin } from "~/badges/http.server";
import { getDb } from "~/db/client.server";

export const maxCredentialBytes = 256 * 1024;

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return new Response("Method not allowed", { status: 405 });
  const body = await request.text();
  if (body.length > maxCredentialBytes) return Response.json({ ok: false, reason: "too-large" }, { status: 413 });
  const outcome = await verifyCredentialDocument(getDb(), publicOrigin(request), body);
  return Response.json(outcome, { status: outcome.ok ? 200 : 422, headers: { "Cache-Control": "no-store" } });
}

export function loader() {
  return new Response("POST a credential (application/json) to verify it.", { status: 405, headers: { Allow: "POST" } });
}
