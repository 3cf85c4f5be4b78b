// Starts a directory sign-in (OpenID Connect) at the provider of the chosen authority.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { listProviders, SsoError, startSignIn } from "~/auth/oidc.server";
import { publicOrigin, stateCookie } from "~/auth/sso-cookie.server";
import { getDb } from "~/db/client.server";
import { safeRedirect } from "~/shell/safe-redirect";

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const providers = await listProviders(getDb());
  const slug = url.searchParams.get("authority");
  const provider = slug ? providers.find((p) => p.authoritySlug === slug) : providers.length === 1 ? providers[0] : undefined;
  if (!provider) return redirect("/login");
  const redirectTo = safeRedirect(url.searchParams.get("redirectTo"));
  try {
    const started = await startSignIn(getDb(), provider, publicOrigin(request), redirectTo);
    return redirect(started.url, { headers: { "Set-Cookie": stateCookie(started.state, started.maxAgeSeconds), "Cache-Control": "no-store" } });
  } catch (error) {
    if (error instanceof SsoError && error.reason === "unavailable") {
      return redirect(`/login?sso=unavailable&authority=${encodeURIComponent(provider.authoritySlug)}`);
    }
    throw error;
  }
}
