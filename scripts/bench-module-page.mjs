// Quick measurement of the module page: signs in as the demo employee against a running server
// and requests one module page N times in a row (document requests, as a browser's first visit).
//   node scripts/bench-module-page.mjs [baseUrl] [requests]
const base = process.argv[2] ?? "http://localhost:3000";
const count = Number(process.argv[3] ?? 200);
const path = "/courses/kommunikation-beratung/aktiv-zuhoeren";

const login = await fetch(`${base}/login`, {
  method: "POST",
  redirect: "manual",
  headers: { "Content-Type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams({ email: "anna.schmidt@musterstadt.example", password: "horizont-demo" }),
});
const cookie = (login.headers.getSetCookie?.() ?? []).map((c) => c.split(";")[0]).join("; ");
if (!cookie) throw new Error(`sign-in failed (${login.status})`);

async function measure(url) {
  const times = [];
  for (let i = 0; i < count + 10; i++) {
    const t0 = performance.now();
    const response = await fetch(url, { headers: { Cookie: cookie } });
    const body = await response.text();
    if (response.status !== 200 || body.length < 1000) throw new Error(`${url}: ${response.status}`);
    if (i >= 10) times.push(performance.now() - t0); // the first 10 warm up
  }
  times.sort((a, b) => a - b);
  const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(1);
  return { median: q(0.5), p95: q(0.95), max: times.at(-1).toFixed(1) };
}

const html = await measure(`${base}${path}`);
const data = await measure(`${base}${path}.data`);
console.log(`${count} sequential requests each, after 10 warm-up requests`);
console.log(`module page HTML  ${path}: median ${html.median} ms, p95 ${html.p95} ms, max ${html.max} ms`);
console.log(`module page .data ${path}.data: median ${data.median} ms, p95 ${data.p95} ms, max ${data.max} ms`);
