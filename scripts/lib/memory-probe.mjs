// Memory probe for scripts/memory-profile.mjs, preloaded into the server process with
// `node --import ./scripts/lib/memory-probe.mjs scripts/server.mjs`. Every MEMORY_PROBE_MS
// (default 100) it appends one JSON line to MEMORY_PROBE_FILE: process.memoryUsage(), the V8
// heap spaces, and /proc/self/status (VmRSS, VmHWM, RssAnon, RssFile). It does nothing without
// MEMORY_PROBE_FILE, and it never keeps the process alive.
import fs from "node:fs";
import v8 from "node:v8";

const file = process.env.MEMORY_PROBE_FILE;
const every = Number(process.env.MEMORY_PROBE_MS ?? 100);
const MiB = 1024 * 1024;
const mib = (bytes) => Math.round((bytes / MiB) * 10) / 10;

function procStatus() {
  const text = fs.readFileSync("/proc/self/status", "utf8");
  const kb = (name) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(text)?.[1] ?? NaN);
  return { vmRss: kb("VmRSS") / 1024, vmHwm: kb("VmHWM") / 1024, rssAnon: kb("RssAnon") / 1024, rssFile: kb("RssFile") / 1024 };
}

/** One sample, all figures in MiB. */
export function sample() {
  const usage = process.memoryUsage();
  const spaces = {};
  for (const space of v8.getHeapSpaceStatistics()) {
    spaces[space.space_name.replace(/_space$/, "")] = { used: mib(space.space_used_size), size: mib(space.space_size) };
  }
  const status = procStatus();
  return {
    t: Date.now(),
    rss: mib(usage.rss),
    hwm: Math.round(status.vmHwm * 10) / 10,
    rssAnon: Math.round(status.rssAnon * 10) / 10,
    rssFile: Math.round(status.rssFile * 10) / 10,
    heapUsed: mib(usage.heapUsed),
    heapTotal: mib(usage.heapTotal),
    external: mib(usage.external),
    arrayBuffers: mib(usage.arrayBuffers),
    spaces,
  };
}

if (file) {
  const fd = fs.openSync(file, "a");
  const write = () => {
    try {
      fs.writeSync(fd, `${JSON.stringify(sample())}\n`);
    } catch {
      /* the file went away: the profile run is over */
    }
  };
  write();
  setInterval(write, every).unref();
}
