// Upload endpoint for the import page's script (XHR with upload progress); answers JSON.
import type { ActionFunctionArgs } from "@remix-run/node";
import { notFound, requirePermission } from "~/auth/access.server";
import { receiveUpload } from "~/staff-import/import-upload.server";

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requirePermission(request, "write:report:any");
  const result = await receiveUpload(request, viewer);
  return Response.json(result.ok ? { url: `/hr/import?batch=${result.batchId}` } : { error: result.error }, { status: result.ok ? 200 : 400 });
}

export async function loader() {
  throw notFound();
}
