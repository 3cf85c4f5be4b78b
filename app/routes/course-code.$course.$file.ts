// A compiled module's code as a script file (the CSP forbids eval in the browser): it registers
// the module's factory by content hash. It carries no answer key (see remark-quiz.server.ts).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requirePermission } from "~/auth/access.server";
import { compiledVersion } from "~/courses/authority-catalog.server";
import { moduleScript, scriptOf } from "~/courses/modules.server";
import { getDb } from "~/db/client.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "read:course:any", "write:module:any");
  const match = /^([a-z0-9-]+)\.([0-9a-f]{20})\.js$/.exec(params.file ?? "");
  let script = match ? moduleScript(params.course ?? "", match[1], match[2]) : null;
  if (match && !script) {
    // An authored version of the viewer's own authority (stored compiled; never compiled here).
    const authored = await compiledVersion(getDb(), match[2], viewer.authorityId);
    if (authored && authored.courseId === params.course && authored.moduleId === match[1]) script = scriptOf(authored);
  }
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
