// Switches the UI language: stored for signed-in people, in a cookie for everyone.
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getViewer } from "~/auth/access.server";
import { getDb } from "~/db/client.server";
import { isLocale } from "~/i18n/i18n";
import { langCookie } from "~/i18n/locale.server";
import { setPersonLocale } from "~/people/accounts.server";
import { safeRedirect } from "~/shell/safe-redirect";
import { badRequest } from "~/shell/forms.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData().catch(() => {
    throw badRequest("errors.formUnreadable");
  });
  const lang = form.get("lang");
  if (!isLocale(lang)) throw badRequest();
  const viewer = await getViewer(request);
  if (viewer) await setPersonLocale(getDb(), viewer.id, lang);
  return redirect(safeRedirect(form.get("redirectTo")), {
    headers: { "Set-Cookie": await langCookie.serialize(lang) },
  });
}
