// `npm start`: builds the app when its sources changed since the last build, then serves it.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isMain } from "./lib/is-main.mjs";
import { embeddedSecretsKey } from "./lib/secrets-key.mjs";
import { precompressDirectory } from "./precompress.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
process.env.NODE_ENV ??= "production";

export function sourceHash() {
  const hash = crypto.createHash("sha256");
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (!entry.name.includes(".test.")) hash.update(full).update(fs.readFileSync(full));
    }
  };
  walk(path.join(root, "app"));
  for (const file of ["remix.config.js", "package-lock.json", "tsconfig.json"]) hash.update(fs.readFileSync(path.join(root, file)));
  return hash.digest("hex");
}

export function buildIfNeeded() {
  const stamp = path.join(root, "build", ".source-hash");
  const current = sourceHash();
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === current && fs.existsSync(path.join(root, "build/index.js"))) {
    // A build by `remix build` alone has no compressed copies yet (a no-op when they are fresh).
    precompressDirectory(path.join(root, "public", "build"));
    return false;
  }
  process.stderr.write("Building Horizont (first start or changed sources)…\n");
  const result = spawnSync(process.execPath, [path.join(root, "node_modules/@remix-run/dev/dist/cli.js"), "build"], {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (result.status !== 0) {
    process.stderr.write("The build failed; see the messages above.\n");
    process.exit(result.status ?? 1);
  }
  precompressDirectory(path.join(root, "public", "build"));
  fs.writeFileSync(stamp, current);
  return true;
}

if (isMain(import.meta.url)) {
  buildIfNeeded();
  embeddedSecretsKey(root);
  const { serve } = await import("./server.mjs");
  await serve();
}
