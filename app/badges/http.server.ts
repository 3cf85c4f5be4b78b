// Shared pieces of the credential routes: the public origin and JSON responses for documents.
import { canStoreSecrets, MissingSecretsKeyError } from "~/auth/secrets.server";
import { getEnv } from "~/env.server";
import { plainRefusal } from "~/shell/refusal.server";

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

/** 503 in the reader's language when the instance has no SECRETS_KEY; any other error is rethrown. */
export async function notConfigured(error: unknown, request: Request, personLocale?: string | null): Promise<Response> {
  if (error instanceof MissingSecretsKeyError) return plainRefusal(request, 503, "errors.credentialsNotConfigured", personLocale);
  throw error;
}
