// A refusal as plain text in the person's language, for resource routes (downloads): the browser
// shows their body as it is, there is no error page to translate a message key.
import { translator, type ErrorMessageKey } from "~/i18n/i18n";
import { resolveLocale } from "~/i18n/locale.server";

export async function plainRefusal(request: Request, status: number, messageKey: ErrorMessageKey, personLocale?: string | null): Promise<Response> {
  const t = translator(await resolveLocale(request, personLocale));
  return new Response(t(messageKey), { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}
