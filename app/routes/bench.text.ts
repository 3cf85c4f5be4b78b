// Benchmark baseline B1: a resource route returning a short text (the framework's limit).
// Served only when BENCH_ROUTES=1 (npm run bench); 404 otherwise.
export function loader() {
  if (process.env.BENCH_ROUTES !== "1") throw new Response("Not Found", { status: 404 });
  return new Response("ok", { headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}
