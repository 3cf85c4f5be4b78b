// `npm run dev`: rebuilds on every change (remix watch) and restarts the server on each build.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
const env = { ...process.env, NODE_ENV: "development", COOKIE_SECURE: process.env.COOKIE_SECURE ?? "0" };
const children = [
  spawn(process.execPath, ["node_modules/@remix-run/dev/dist/cli.js", "watch"], { stdio: "inherit", env }),
  spawn(process.execPath, ["--watch-path=build/index.js", "scripts/server.mjs"], { stdio: "inherit", env }),
];
const stop = () => children.forEach((child) => child.kill("SIGTERM"));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
