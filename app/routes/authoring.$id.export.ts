// Export of an authored module as one .mdx file in the repository layout (courses/<course>/<module>.mdx):
// the draft, or with ?version=<id> a submitted version. Editors of the same authority only.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { AuthoringError, authoredModule, exportArchive, exportModule } from "~/authoring/authoring.server";
import { notFound, requirePermission } from "~/auth/access.server";
import { getDb } from "~/db/client.server";

export function zipResponse(archive: { fileName: string; bytes: Uint8Array }) {
  return new Response(Buffer.from(archive.bytes), {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${archive.fileName}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "write:module:any");
  const version = new URL(request.url).searchParams.get("version");
  try {
    if (new URL(request.url).searchParams.get("format") === "zip") {
      // The draft in its course folder (course.yaml listing just this module), as courses/ reads it.
      const db = getDb();
      const row = await authoredModule(db, viewer, params.id ?? "");
      const archive = await db.transaction((tx) => exportArchive(tx, viewer, row.courseId, { moduleId: row.moduleId, drafts: true }));
      return zipResponse(archive);
    }
    const file = await getDb().transaction((tx) => exportModule(tx, viewer, params.id ?? "", version));
    return new Response(file.source, {
      headers: {
        "Content-Type": "text/markdown; charset=utf-8",
        "Content-Disposition": `attachment; filename="${file.fileName}"`,
        "X-Repository-Path": file.path,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (error) {
    if (error instanceof AuthoringError) throw notFound();
    throw error;
  }
}
