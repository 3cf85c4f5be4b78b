// Module and course archives (issue 14): a .zip in the folder layout of courses/ (a course folder
// with course.yaml and its module files), written with fflate, and read back defensively: the
// upload's size, the number of entries, every entry's path and its real (not declared) unpacked
// size are bounded while unpacking, so a zip bomb or a path like ../../etc is refused, not unpacked.
import { strToU8, Unzip, UnzipInflate, zipSync } from "fflate";
import { stringify } from "yaml";
import type { CourseInfo } from "~/courses/catalog.server";
import { limits } from "./safe-mdx.server";

export const zipLimits = {
  /** Bytes of the uploaded archive. */
  maxArchiveBytes: 2_000_000,
  /** Entries (files and folders). */
  maxEntries: 60,
  /** Unpacked bytes of one entry: a module's size limit. */
  maxEntryBytes: limits.maxBytes,
  /** Unpacked bytes of all entries together. */
  maxTotalBytes: 3_000_000,
};

/** A file of the archive: path below courses/ ("<course>/course.yaml" or "<course>/<module>.mdx"). */
export interface ArchiveFile {
  path: string;
  course: string;
  name: string;
  bytes: Uint8Array;
}

export class ArchiveError extends Error {
  constructor(
    /** i18n key below authoring.zip.errors */
    readonly code: "tooLarge" | "tooMany" | "entryTooLarge" | "path" | "notZip" | "empty",
    readonly detail = "",
  ) {
    super(code);
  }
}

const entryPattern = /^(?:courses\/)?([a-z0-9]+(?:-[a-z0-9]+)*)\/((?:[a-z0-9]+(?:-[a-z0-9]+)*)\.mdx|course\.yaml)$/;
const folderPattern = /^(?:courses\/)?(?:[a-z0-9]+(?:-[a-z0-9]+)*\/)?$/;

/** The course folder as a zip: course.yaml (listing `modules` in order) and one .mdx file per module. */
export function courseArchive(course: Pick<CourseInfo, "id" | "title" | "summary" | "language">, modules: { id: string; source: string }[]): Uint8Array {
  const yaml = stringify({ id: course.id, title: course.title, summary: course.summary, language: course.language, modules: modules.map((m) => m.id) }, { lineWidth: 0 });
  const files: Record<string, Uint8Array> = { [`${course.id}/course.yaml`]: strToU8(yaml) };
  for (const m of modules) files[`${course.id}/${m.id}.mdx`] = strToU8(m.source);
  return zipSync(files, { level: 6, mtime: new Date("2026-01-01T00:00:00Z") });
}

export function looksLikeZip(bytes: Uint8Array) {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05) && (bytes[3] === 0x04 || bytes[3] === 0x06);
}

/**
 * Unpacks an uploaded archive within `zipLimits`, counting the bytes actually inflated (a header
 * may lie about sizes). Entries must be course folders as in courses/; anything else (other
 * names, "..", absolute paths, backslashes, links) refuses the whole archive.
 */
export function readArchive(bytes: Uint8Array): ArchiveFile[] {
  if (bytes.byteLength > zipLimits.maxArchiveBytes) throw new ArchiveError("tooLarge");
  if (!looksLikeZip(bytes)) throw new ArchiveError("notZip");
  const files: ArchiveFile[] = [];
  let entries = 0;
  let total = 0;
  let failure: ArchiveError | null = null;
  const unzip = new Unzip((file) => {
    if (failure) return file.terminate();
    entries++;
    if (entries > zipLimits.maxEntries) {
      failure = new ArchiveError("tooMany");
      return file.terminate();
    }
    const name = file.name;
    if (folderPattern.test(name) && !name.includes("..")) return; // a folder entry: nothing to read
    const match = entryPattern.exec(name);
    if (!match) {
      failure = new ArchiveError("path", name.slice(0, 120));
      return file.terminate();
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    file.ondata = (error, chunk, final) => {
      if (failure) return;
      if (error) {
        failure = new ArchiveError("notZip");
        return;
      }
      size += chunk.length;
      total += chunk.length;
      if (size > zipLimits.maxEntryBytes || total > zipLimits.maxTotalBytes) {
        failure = new ArchiveError(size > zipLimits.maxEntryBytes ? "entryTooLarge" : "tooLarge", name);
        file.terminate();
        return;
      }
      chunks.push(chunk);
      if (final) files.push({ path: name.replace(/^courses\//, ""), course: match[1], name: match[2], bytes: Buffer.concat(chunks) });
    };
    try {
      file.start();
    } catch {
      failure = new ArchiveError("notZip");
    }
  });
  unzip.register(UnzipInflate);
  try {
    // Small pushes: one push inflates at most about 1 MB, so the limits above bite early.
    for (let i = 0; i < bytes.length && !failure; i += 1024) unzip.push(bytes.subarray(i, i + 1024), i + 1024 >= bytes.length);
  } catch {
    failure ??= new ArchiveError("notZip");
  }
  if (failure) throw failure;
  if (entries === 0) throw new ArchiveError("notZip");
  if (new Set(files.map((f) => f.path)).size !== files.length) throw new ArchiveError("path", "doppelt");
  if (!files.some((f) => f.name.endsWith(".mdx"))) throw new ArchiveError("empty");
  return files;
}
