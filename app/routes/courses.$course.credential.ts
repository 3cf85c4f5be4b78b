// The Open Badges 3.0 credential of a completed course (issued on first download, the same after).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requirePermission } from "~/auth/access.server";
import { issueCourseCredential } from "~/badges/credentials.server";
import { jsonDocument, notConfigured, publicOrigin } from "~/badges/http.server";
import { courseForAuthority } from "~/courses/authority-catalog.server";
import { getDb } from "~/db/client.server";
import { plainRefusal } from "~/shell/refusal.server";
import { queueCredentialStatement } from "~/xapi/statements.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "read:course:any");
  const course = await courseForAuthority(getDb(), viewer.authorityId, params.course ?? "");
  if (!course) throw notFound();
  const origin = publicOrigin(request);
  try {
    const credential = await getDb().transaction(async (tx) => {
      const issued = await issueCourseCredential(tx, { origin, authorityId: viewer.authorityId, personId: viewer.id, courseId: course.id, now: new Date() });
      if (issued?.issued) await queueCredentialStatement(tx, { authorityId: viewer.authorityId, personId: viewer.id, credential: issued.credential, now: new Date() });
      return issued;
    });
    if (!credential) throw await plainRefusal(request, 409, "errors.courseNotCompleted", viewer.locale);
    return jsonDocument(credential.credential, "private, no-store", `nachweis-${course.id}.json`);
  } catch (error) {
    if (error instanceof Response) throw error;
    return notConfigured(error, request, viewer.locale);
  }
}
