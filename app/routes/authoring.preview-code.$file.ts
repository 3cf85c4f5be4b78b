// The preview's module code as a script file (the CSP forbids eval): the draft as compiled for
// the editor's preview, by content hash, for editors of the same authority only.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { cachedPreview, previewModule } from "~/authoring/authoring.server";
import { notFound, requirePermission } from "~/auth/access.server";
import { scriptOf } from "~/courses/modules.server";
import { getDb } from "~/db/client.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "write:module:any");
  const match = /^([0-9a-f-]{36})\.([0-9a-f]{20})\.js$/.exec(params.file ?? "");
  if (!match) throw notFound();
  // Another instance rendered the page: compile the draft here (an editor's request, never a learner's).
  const compiled = cachedPreview(viewer.authorityId, match[2]) ?? (await previewModule(getDb(), viewer, match[1]).catch(() => null))?.compiled;
  if (!compiled || compiled.hash !== match[2]) throw notFound();
  return new Response(scriptOf(compiled), {
    headers: { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "private, max-age=3600", "X-Content-Type-Options": "nosniff" },
  });
}
