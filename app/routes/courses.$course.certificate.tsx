// The certificate of a completed course as a PDF (issued on first download, same code after).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requirePermission } from "~/auth/access.server";
import { courseForAuthority } from "~/courses/authority-catalog.server";
import { certificatePdf, issueCertificate } from "~/courses/certificates.server";
import { getDb } from "~/db/client.server";
import { getEnv } from "~/env.server";
import { plainRefusal } from "~/shell/refusal.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "read:course:any");
  const course = await courseForAuthority(getDb(), viewer.authorityId, params.course ?? "");
  if (!course) throw notFound();
  const certificate = await getDb().transaction((tx) =>
    issueCertificate(tx, { authorityId: viewer.authorityId, personId: viewer.id, courseId: course.id, now: new Date() }),
  );
  if (!certificate) throw await plainRefusal(request, 409, "errors.courseNotCompleted", viewer.locale);
  const origin = getEnv().APP_ORIGIN ?? new URL(request.url).origin;
  const pdf = await certificatePdf(certificate, `${origin}/certificates/${certificate.code}`);
  return new Response(Buffer.from(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="zertifikat-${course.id}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
}
