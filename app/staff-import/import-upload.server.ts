// Receiving an uploaded staff list (form post without JavaScript, or XHR with progress): CSV in
// any of the encodings German offices produce, or an .xlsx workbook.
import type { Viewer } from "~/auth/access.server";
import { getDb } from "~/db/client.server";
import { hasControlCharacters } from "~/shell/text";
import { decodeStaffList } from "./import-decode.server";
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
  // Windows-1252 (Excel on German Windows), UTF-8 with or without BOM, or an .xlsx workbook.
  const decoded = await decodeStaffList(new Uint8Array(await file.arrayBuffer()));
  if (!decoded.ok) return { ok: false, error: decoded.error };
  const content = decoded.text;
  // A NUL byte: not a text file (and PostgreSQL could not store it).
  if (content.includes("\u0000")) return { ok: false, error: "hr.import.notText" };
  const fileName = [...file.name].filter((c) => !hasControlCharacters(c)).join("");
  const batchId = await stageImport(getDb(), viewer.authorityId, viewer.id, fileName, content);
  return { ok: true, batchId };
}
