// A compiled module's code as a script file (the CSP forbids eval in the browser): it registers
// the module's factory by content hash. It carries no answer key (see remark-quiz.server.ts).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requireRole } from "~/auth/access.server";
import { moduleScript } from "~/courses/modules.server";
import { learnerRoles } from "~/courses/roles";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, ...learnerRoles);
  const match = /^([a-z0-9-]+)\.([0-9a-f]{20})\.js$/.exec(params.file ?? "");
  const script = match ? moduleScript(params.course ?? "", match[1], match[2]) : null;
  if (!script) throw notFound();
  return new Response(script, {
    headers: {
      "Content-Type": "text/javascript; charset=utf-8",
      // The URL names the content version, so the file never changes.
      "Cache-Control": "private, max-age=31536000, immutable",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
