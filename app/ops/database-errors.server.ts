// Turns "database unreachable" errors thrown by any loader or action into a 503 answer (an error
// page in the app's layout, or a 503 data response), instead of a 500 with a stack trace in the
// log. postgres.js reconnects on the next query, so the app recovers by itself once the server
// is back; until then every request that needs the database gets 503 with Retry-After.
import type { ServerBuild } from "@remix-run/node";
import { isDatabaseUnavailable, unavailableCode } from "~/db/unavailable";
import { translator } from "~/i18n/i18n";
import { resolveLocale } from "~/i18n/locale.server";
import { logger } from "./logger.server";

type Handler = (args: { request: Request }) => unknown;

let lastWarning = 0;

function wrap(handler: Handler): Handler {
  return async (args) => {
    try {
      return await handler(args);
    } catch (error) {
      if (error instanceof Response || !isDatabaseUnavailable(error)) throw error;
      // One warning per second at most: an outage under load would otherwise flood the log.
      const now = Date.now();
      if (now - lastWarning > 1000) {
        lastWarning = now;
        logger.warn({ code: unavailableCode(error), path: new URL(args.request.url).pathname }, "database unavailable");
      }
      // Document requests show the error page (by status); a download or fetch shows this body.
      const t = translator(await resolveLocale(args.request));
      throw new Response(t("ops.unavailableText"), {
        status: 503,
        statusText: "Service Unavailable",
        headers: { "Retry-After": "5", "Content-Type": "text/plain; charset=utf-8" },
      });
    }
  };
}

/** The build with every route's loader and action wrapped (scripts/server.mjs applies it). */
export function withDatabaseErrors(build: ServerBuild): ServerBuild {
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    const module = { ...route.module } as Record<string, unknown>;
    for (const name of ["loader", "action"] as const) {
      if (typeof module[name] === "function") module[name] = wrap(module[name] as Handler);
    }
    routes[id] = { ...route, module: module as unknown as typeof route.module };
  }
  return { ...build, routes };
}
