// Receiving an uploaded staff list (form post without JavaScript, or XHR with progress).
import type { Viewer } from "~/auth/access.server";
import { getDb } from "~/db/client.server";
import { MAX_IMPORT_BYTES, stageImport } from "./import.server";

export type UploadResult = { ok: true; batchId: string } | { ok: false; error: string };

export async function receiveUpload(request: Request, viewer: Viewer): Promise<UploadResult> {
  const length = Number(request.headers.get("Content-Length") ?? 0);
  if (length > MAX_IMPORT_BYTES + 64 * 1024) return { ok: false, error: "hr.import.tooLarge" };
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return { ok: false, error: "hr.import.noFile" };
  }
  const file = form.get("file");
  if (!file || typeof file === "string" || file.size === 0) return { ok: false, error: "hr.import.noFile" };
  if (file.size > MAX_IMPORT_BYTES) return { ok: false, error: "hr.import.tooLarge" };
  const content = await file.text();
  const batchId = await stageImport(getDb(), viewer.authorityId, viewer.id, file.name, content);
  return { ok: true, batchId };
}
