// The Open Badges 3.0 credential of an attended event that certifies competences.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/access.server";
import { issueEventCredential } from "~/badges/credentials.server";
import { jsonDocument, notConfigured, publicOrigin } from "~/badges/http.server";
import { getDb } from "~/db/client.server";
import { plainRefusal } from "~/shell/refusal.server";
import { queueCredentialStatement } from "~/xapi/statements.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  const origin = publicOrigin(request);
  try {
    const credential = await getDb().transaction(async (tx) => {
      const issued = await issueEventCredential(tx, { origin, authorityId: viewer.authorityId, personId: viewer.id, eventId: params.eventId ?? "", now: new Date() });
      if (issued?.issued) await queueCredentialStatement(tx, { authorityId: viewer.authorityId, personId: viewer.id, credential: issued.credential, now: new Date() });
      return issued;
    });
    // Not attended in full, no certified competences, or not this person's event: nothing to issue.
    if (!credential) throw await plainRefusal(request, 404, "errors.noEventCredential", viewer.locale);
    return jsonDocument(credential.credential, "private, no-store", "nachweis-veranstaltung.json");
  } catch (error) {
    if (error instanceof Response) throw error;
    return notConfigured(error, request, viewer.locale);
  }
}
