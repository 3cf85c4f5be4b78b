// One autocannon measurement in its own process (so the load generator does not share the
// server's event loop). Input: JSON options as argv[2]. Output: one JSON line on stdout with
// requests per second, exact median and 95th percentile, and the count of misses.
//
// Only 2xx answers count: a non-2xx answer (or an error or timeout) is a miss, reported in
// `non2xx`/`errors`, and neither its time nor its count enters the throughput or the
// percentiles (a fast error page must not look like a fast page). With `minSamples`, the
// measurement goes on after `seconds` until that many 2xx answers have come back or
// `maxSeconds` have passed; `samples` says how many the percentiles rest on.
import autocannon from "autocannon";

const { url, connections, seconds, headers = {}, minSamples = 0, maxSeconds = seconds } = JSON.parse(process.argv[2]);
const times = [];
let ok = 0;
let non2xx = 0;
let errors = 0;
let elapsed = 0;

function run(duration) {
  return new Promise((resolve, reject) => {
    const instance = autocannon({ url, connections, duration, headers, timeout: 30 }, (error, result) => {
      if (error) return reject(error);
      errors += result.errors + result.timeouts;
      elapsed += result.duration || duration;
      resolve();
    });
    instance.on("response", (_client, status, _bytes, responseTime) => {
      if (status >= 200 && status < 300) {
        ok += 1;
        times.push(responseTime);
      } else {
        non2xx += 1;
      }
    });
  });
}

try {
  await run(seconds);
  while (times.length < minSamples && elapsed < maxSeconds) {
    // Enough time for the missing samples at the pace so far, within what is left.
    const pace = elapsed / Math.max(1, times.length);
    const wanted = Math.ceil((minSamples - times.length) * pace * 1.2) + 1;
    await run(Math.max(1, Math.min(wanted, Math.ceil(maxSeconds - elapsed))));
  }
} catch (error) {
  console.error(error);
  process.exit(1);
}
times.sort((a, b) => a - b);
const pick = (q) => (times.length ? times[Math.min(times.length - 1, Math.floor(q * times.length))] : null);
process.stdout.write(
  `${JSON.stringify({
    requests: ok,
    rps: ok / (elapsed || seconds),
    median: pick(0.5),
    p95: pick(0.95),
    samples: times.length,
    seconds: elapsed,
    non2xx,
    errors,
  })}\n`,
);
