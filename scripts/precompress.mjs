// Build step: writes a brotli (.br) and a gzip (.gz) copy next to every compressible file of the
// client build (public/build), at the highest levels, so that scripts/server.mjs serves them
// without compressing per request. Run by `npm run build` and by `npm start`'s build.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";
import { isMain } from "./lib/is-main.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Extensions worth compressing (images and fonts of the build are already compressed). */
export const COMPRESSIBLE = new Set([".js", ".mjs", ".css", ".map", ".json", ".svg", ".txt", ".html"]);
/** Below this size the headers cost more than compression saves. */
export const MIN_BYTES = 512;

export function brotli(buffer) {
  return zlib.brotliCompressSync(buffer, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buffer.length,
    },
  });
}

export function gzip(buffer) {
  return zlib.gzipSync(buffer, { level: zlib.constants.Z_BEST_COMPRESSION });
}

function walk(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** Compresses every eligible file under `dir`; returns how many files it wrote copies of. */
export function precompressDirectory(dir = path.join(root, "public", "build")) {
  let count = 0;
  for (const file of walk(dir)) {
    if (!COMPRESSIBLE.has(path.extname(file))) continue;
    const source = fs.statSync(file);
    if (source.size < MIN_BYTES) continue;
    const fresh = (copy) => fs.existsSync(copy) && fs.statSync(copy).mtimeMs >= source.mtimeMs;
    if (fresh(`${file}.br`) && fresh(`${file}.gz`)) continue;
    const buffer = fs.readFileSync(file);
    fs.writeFileSync(`${file}.br`, brotli(buffer));
    fs.writeFileSync(`${file}.gz`, gzip(buffer));
    count += 1;
  }
  return count;
}

if (isMain(import.meta.url)) {
  const dir = process.argv[2] ? path.resolve(process.argv[2]) : path.join(root, "public", "build");
  const started = Date.now();
  const count = precompressDirectory(dir);
  process.stderr.write(`Pre-compressed ${count} files in ${path.relative(root, dir) || dir} (${Date.now() - started} ms)\n`);
}
