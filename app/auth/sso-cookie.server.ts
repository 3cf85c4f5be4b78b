// The short-lived HttpOnly cookie that binds a directory sign-in to the browser that began it.
import { getEnv } from "~/env.server";
import { STATE_COOKIE } from "./oidc.server";

function secure() {
  const env = getEnv();
  return env.COOKIE_SECURE ?? env.NODE_ENV === "production";
}

export function stateCookie(state: string, maxAgeSeconds: number) {
  return `${STATE_COOKIE}=${state}; Path=/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure() ? "; Secure" : ""}`;
}

export function clearStateCookie() {
  return `${STATE_COOKIE}=; Path=/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=0${secure() ? "; Secure" : ""}`;
}

export function readStateCookie(request: Request): string | null {
  const header = request.headers.get("Cookie") ?? "";
  for (const part of header.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === STATE_COOKIE) return rest.join("=") || null;
  }
  return null;
}

/** The origin the browser sees (APP_ORIGIN behind a proxy), for the redirect URI. */
export function publicOrigin(request: Request) {
  return getEnv().APP_ORIGIN ? new URL(getEnv().APP_ORIGIN!).origin : new URL(request.url).origin;
}
