// Prometheus metrics (prom-client). Served by scripts/server.mjs at /metrics behind a token.
import { collectDefaultMetrics, Histogram, Registry } from "prom-client";

const holder = globalThis as unknown as { __horizontMetrics?: { registry: Registry; http: Histogram } };

function metrics() {
  if (!holder.__horizontMetrics) {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: "horizont_" });
    const http = new Histogram({
      name: "horizont_http_request_duration_seconds",
      help: "HTTP request duration by method, route group and status",
      labelNames: ["method", "route", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
    holder.__horizontMetrics = { registry, http };
  }
  return holder.__horizontMetrics;
}

/** Route group = first path segment, so ids in URLs do not explode the label set. */
export function observeRequest(method: string, path: string, status: number, seconds: number) {
  const first = path.split("/")[1] ?? "";
  const route = /^[a-z-]{1,20}$/.test(first) ? `/${first}` : first === "" ? "/" : "/other";
  metrics().http.observe({ method, route, status: String(status) }, seconds);
}

export function metricsText(): Promise<string> {
  return metrics().registry.metrics();
}

export const metricsContentType = "text/plain; version=0.0.4; charset=utf-8";
