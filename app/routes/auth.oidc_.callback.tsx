// Where the provider sends the browser back: completes the directory sign-in or explains, in
// plain words, why it was refused (each refusal is audited, nothing else is written).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { readSessionId } from "~/auth/access.server";
import { getLucia } from "~/auth/lucia.server";
import { auditRefusal, completeSignIn, rememberSsoSession, SsoError, type SsoRefusal } from "~/auth/oidc.server";
import { clearStateCookie, publicOrigin, readStateCookie } from "~/auth/sso-cookie.server";
import { getDb } from "~/db/client.server";
import { pageTitle } from "~/shell/meta";
import { safeRedirect } from "~/shell/safe-redirect";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "sso.refusedTitle");

const statusOf: Record<SsoRefusal, number> = {
  state: 400,
  code: 400,
  token: 400,
  provider: 400,
  unavailable: 503,
  unverified: 403,
  unknown: 403,
  deactivated: 403,
};

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const callbackUrl = new URL(url.pathname + url.search, publicOrigin(request));
  const db = getDb();
  try {
    const result = await completeSignIn(db, { callbackUrl, cookieState: readStateCookie(request) });
    const lucia = getLucia();
    const previous = readSessionId(request);
    if (previous) await lucia.invalidateSession(previous);
    const session = await lucia.createSession(result.personId, {});
    await rememberSsoSession(db, session.id, result.authorityId, result.idToken);
    const headers = new Headers({ "Cache-Control": "no-store" });
    headers.append("Set-Cookie", clearStateCookie());
    headers.append("Set-Cookie", lucia.createSessionCookie(session.id).serialize());
    return redirect(safeRedirect(result.redirectTo), { headers });
  } catch (error) {
    if (!(error instanceof SsoError)) throw error;
    await auditRefusal(db, error);
    return data({ reason: error.reason }, { status: statusOf[error.reason], headers: { "Set-Cookie": clearStateCookie(), "Cache-Control": "no-store" } });
  }
}

export default function SsoRefused() {
  const { t } = useTranslation();
  const { reason } = useLoaderData<typeof loader>();
  return (
    <div className="page page--narrow">
      <h1>{t("sso.refusedTitle")}</h1>
      <p role="alert">{t(`sso.refused.${reason}`)}</p>
      <p>
        <Link to="/login">{t("sso.backToLogin")}</Link>
      </p>
    </div>
  );
}
