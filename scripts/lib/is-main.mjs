// Whether a script module is the one Node was started with (`node scripts/x.mjs`). Compares
// file URLs built by Node itself, so paths with spaces, `%`, `#` or symbolic links work.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

export function isMain(importMetaUrl, argv1 = process.argv[1]) {
  if (!argv1) return false;
  let file = path.resolve(argv1);
  try {
    file = fs.realpathSync(file);
  } catch {
    // a path that does not exist is not this module
  }
  return pathToFileURL(file).href === importMetaUrl;
}
