// Prometheus metrics (prom-client). Served by scripts/server.mjs at /metrics behind a token.
import { matchRoutes } from "@remix-run/react";
import { collectDefaultMetrics, Histogram, Registry } from "prom-client";

const holder = globalThis as unknown as { __horizontMetrics?: { registry: Registry; http: Histogram } };

function metrics() {
  if (!holder.__horizontMetrics) {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: "horizont_" });
    const http = new Histogram({
      name: "horizont_http_request_duration_seconds",
      help: "HTTP request duration by method, matched route id and status",
      labelNames: ["method", "route", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
    holder.__horizontMetrics = { registry, http };
  }
  return holder.__horizontMetrics;
}

interface ServerRoute {
  id: string;
  parentId?: string;
  path?: string;
  index?: boolean;
  caseSensitive?: boolean;
}
interface RouteNode {
  id: string;
  path?: string;
  index?: boolean;
  caseSensitive?: boolean;
  children?: RouteNode[];
}

let routeTree: RouteNode[] = [];

/** The build's routes (server.mjs passes them at start-up): labels are their ids, a fixed set. */
export function setMetricRoutes(routes: Record<string, ServerRoute>) {
  const nodes = new Map<string, RouteNode>();
  for (const r of Object.values(routes)) nodes.set(r.id, { id: r.id, path: r.path, index: r.index, caseSensitive: r.caseSensitive });
  const roots: RouteNode[] = [];
  for (const r of Object.values(routes)) {
    const node = nodes.get(r.id)!;
    const parent = r.parentId ? nodes.get(r.parentId) : undefined;
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  routeTree = roots;
}

/**
 * The label of a request path: the id of the route it matched, "build" for static bundles and
 * "unmatched" for everything else. Never a piece of the path itself: anyone can send any path,
 * and every new label value would be a new time series kept for the life of the process.
 */
export function routeLabel(path: string): string {
  if (path.startsWith("/build/")) return "build";
  if (path === "/metrics") return "metrics";
  // Single-fetch data requests name the page: "/profile.data", "/_root.data" for "/".
  const page = path.endsWith(".data") ? path.slice(0, -5).replace(/^\/_root$/, "/") : path;
  const matches = routeTree.length > 0 ? matchRoutes(routeTree as never, page) : null;
  return matches?.length ? (matches[matches.length - 1].route as unknown as RouteNode).id : "unmatched";
}

export function observeRequest(method: string, path: string, status: number, seconds: number) {
  metrics().http.observe({ method, route: routeLabel(path), status: String(status) }, seconds);
}

export function metricsText(): Promise<string> {
  return metrics().registry.metrics();
}

export const metricsContentType = "text/plain; version=0.0.4; charset=utf-8";
