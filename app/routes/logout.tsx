// Sign-out (POST only): ends the session in the database and clears the cookie.
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { readSessionId } from "~/auth/access.server";
import { getLucia } from "~/auth/lucia.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const lucia = getLucia();
  const sessionId = readSessionId(request);
  if (sessionId) await lucia.invalidateSession(sessionId);
  return redirect("/login?signedOut=1", { headers: { "Set-Cookie": lucia.createBlankSessionCookie().serialize() } });
}
