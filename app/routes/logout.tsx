// Sign-out (POST only): ends the session in the database and clears the cookie; a session that
// began at the authority's directory then goes on to the provider's sign-out (RP-initiated logout).
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { readSessionId } from "~/auth/access.server";
import { getLucia } from "~/auth/lucia.server";
import { endSessionUrl } from "~/auth/oidc.server";
import { publicOrigin } from "~/auth/sso-cookie.server";
import { getDb } from "~/db/client.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const lucia = getLucia();
  const sessionId = readSessionId(request);
  const signedOut = "/login?signedOut=1";
  const providerLogout = sessionId ? await endSessionUrl(getDb(), sessionId, publicOrigin(request) + signedOut) : null;
  if (sessionId) await lucia.invalidateSession(sessionId);
  return redirect(providerLogout ?? signedOut, { headers: { "Set-Cookie": lucia.createBlankSessionCookie().serialize() } });
}
