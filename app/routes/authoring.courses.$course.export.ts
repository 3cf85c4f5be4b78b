// Export of a course as a .zip in the layout of courses/ (course.yaml and every module file): the
// authority's published versions where there are any, the built-in modules otherwise. Editors only.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { AuthoringError, exportArchive } from "~/authoring/authoring.server";
import { notFound, requirePermission } from "~/auth/access.server";
import { getDb } from "~/db/client.server";
import { zipResponse } from "./authoring.$id.export";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "write:module:any");
  try {
    return zipResponse(await getDb().transaction((tx) => exportArchive(tx, viewer, params.course ?? "")));
  } catch (error) {
    if (error instanceof AuthoringError) throw notFound();
    throw error;
  }
}
