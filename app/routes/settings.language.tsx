// Switches the UI language: stored for signed-in people, in a cookie for everyone.
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { getViewer } from "~/auth/access.server";
import { getDb } from "~/db/client.server";
import { people } from "~/db/schema";
import { isLocale } from "~/i18n/i18n";
import { langCookie } from "~/i18n/locale.server";
import { safeRedirect } from "~/shell/safe-redirect";

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData().catch(() => {
    throw new Response("The form could not be read.", { status: 400 });
  });
  const lang = form.get("lang");
  if (!isLocale(lang)) throw new Response("Unknown language", { status: 400 });
  const viewer = await getViewer(request);
  if (viewer) await getDb().update(people).set({ locale: lang }).where(eq(people.id, viewer.id));
  return redirect(safeRedirect(form.get("redirectTo")), {
    headers: { "Set-Cookie": await langCookie.serialize(lang) },
  });
}
