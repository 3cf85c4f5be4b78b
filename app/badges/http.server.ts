// Shared pieces of the credential routes: the public origin and JSON responses for documents.
import { canStoreSecrets, MissingSecretsKeyError } from "~/auth/secrets.server";
import { getEnv } from "~/env.server";

/** The origin credentials name (APP_ORIGIN behind a proxy, else what the request came to). */
export function publicOrigin(request: Request): string {
  const configured = getEnv().APP_ORIGIN;
  return configured ? new URL(configured).origin : new URL(request.url).origin;
}

/** Credentials need SECRETS_KEY (the signing keys are stored encrypted with it). */
export const credentialsAvailable = () => canStoreSecrets();

export function jsonDocument(body: unknown, cache: string, filename?: string) {
  return new Response(JSON.stringify(body, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": cache,
      // Verifiers in browsers (wallets, other platforms) may read the public documents.
      ...(filename ? { "Content-Disposition": `attachment; filename="${filename}"` } : { "Access-Control-Allow-Origin": "*" }),
    },
  });
}

export function notConfigured(error: unknown): Response {
  if (error instanceof MissingSecretsKeyError)
    return new Response("Digitale Nachweise sind auf diesem System nicht eingerichtet (SECRETS_KEY fehlt).", {
      status: 503,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  throw error;
}
