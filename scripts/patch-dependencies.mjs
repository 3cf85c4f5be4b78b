// Applies small, documented fixes to installed dependencies (run by `npm ci` through
// "postinstall", idempotent). Each patch names the upstream issue and the exact version it was
// written for; a different version stops with a message, so an upgrade re-checks the need.
//
// postgres.js 3.4.9: a deferred small write (setImmediate(nextWrite)) can run after the
// connection closed and dereference a null socket. The TypeError is thrown from a timer, so no
// try/catch can handle it: the process dies. It happens when PostgreSQL restarts under load
// (our load test reproduces it). Upstream: porsager/postgres#1154, #1066, #1208; fix proposed in
// PRs #1168, #1176, #1209, not released as of 3.4.9. The patch fails the pending queries with
// CONNECTION_CLOSED instead (the app answers 503) and resets the write buffer on teardown so a
// reconnected connection is not left with a stale timer.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isMain } from "./lib/is-main.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const marker = "horizont-patch:postgres#1154";

export const patches = [
  {
    name: "postgres",
    version: "3.4.9",
    files: ["node_modules/postgres/src/connection.js", "node_modules/postgres/cjs/src/connection.js"],
    edits: [
      {
        from: "  function nextWrite(fn) {\n    const x = socket.write(chunk, fn)",
        to:
          `  function nextWrite(fn) {\n    if (!socket) { // ${marker}: closed before this deferred write ran\n` +
          "      chunk = nextWriteTimer = null\n      error(Errors.connection('CONNECTION_CLOSED', options))\n      return false\n    }\n" +
          "    const x = socket.write(chunk, fn)",
      },
      {
        from: "    clearImmediate(nextWriteTimer)\n    if (socket) {",
        to: `    clearImmediate(nextWriteTimer)\n    nextWriteTimer = chunk = null // ${marker}\n    if (socket) {`,
      },
      {
        from: "    clearImmediate(nextWriteTimer)\n    socket.removeListener('data', data)",
        to: `    clearImmediate(nextWriteTimer)\n    nextWriteTimer = chunk = null // ${marker}\n    socket.removeListener('data', data)`,
      },
    ],
  },
];

/** Applies every patch; returns a list of what it did. Throws when a patch no longer fits. */
export function applyPatches(base = root) {
  const done = [];
  for (const patch of patches) {
    const pkgFile = path.join(base, "node_modules", patch.name, "package.json");
    if (!fs.existsSync(pkgFile)) continue;
    const version = JSON.parse(fs.readFileSync(pkgFile, "utf8")).version;
    for (const rel of patch.files) {
      const file = path.join(base, rel);
      let text = fs.readFileSync(file, "utf8");
      if (text.includes(marker)) {
        done.push(`${rel}: already patched`);
        continue;
      }
      if (version !== patch.version) {
        throw new Error(`${patch.name} is ${version}, the patch in scripts/patch-dependencies.mjs was written for ${patch.version}: check whether the upstream fix is released and update or remove the patch.`);
      }
      for (const edit of patch.edits) {
        if (!text.includes(edit.from)) throw new Error(`${rel}: the code to patch was not found (${edit.from.split("\n")[0].trim()})`);
        text = text.replace(edit.from, edit.to);
      }
      fs.writeFileSync(file, text);
      done.push(`${rel}: patched`);
    }
  }
  return done;
}

/** True when every patched file carries the marker (checked by a test). */
export function patchesApplied(base = root) {
  return patches.every((patch) =>
    patch.files.every((rel) => {
      const file = path.join(base, rel);
      return fs.existsSync(file) && fs.readFileSync(file, "utf8").split(marker).length - 1 === patch.edits.length;
    }),
  );
}

/** Start-up guard: refuses to serve on a driver whose fix is missing (e.g. `npm install --ignore-scripts`). */
export function assertPatched(base = root) {
  if (!patchesApplied(base))
    throw new Error("The database driver is not patched (scripts/patch-dependencies.mjs did not run): run `npm ci` or `node scripts/patch-dependencies.mjs`, then start again.");
}

if (isMain(import.meta.url)) {
  for (const line of applyPatches()) console.log(`patch-dependencies: ${line}`);
}
