// One autocannon measurement in its own process (so the load generator does not share the
// server's event loop). Input: JSON options as argv[2]. Output: one JSON line on stdout with
// requests per second, exact median and 95th percentile (from every response's time), and the
// count of non-2xx answers.
import autocannon from "autocannon";

const { url, connections, seconds, headers = {} } = JSON.parse(process.argv[2]);
const times = [];
const instance = autocannon({ url, connections, duration: seconds, headers, timeout: 30 }, (error, result) => {
  if (error) {
    console.error(error);
    process.exit(1);
  }
  times.sort((a, b) => a - b);
  const pick = (q) => (times.length ? times[Math.min(times.length - 1, Math.floor(q * times.length))] : null);
  process.stdout.write(
    `${JSON.stringify({
      requests: result.requests.total,
      rps: result.requests.total / (result.duration || seconds),
      median: pick(0.5),
      p95: pick(0.95),
      non2xx: result.non2xx,
      errors: result.errors + result.timeouts,
    })}\n`,
  );
});
instance.on("response", (_client, _status, _bytes, responseTime) => times.push(responseTime));
