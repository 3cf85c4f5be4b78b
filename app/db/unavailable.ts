// Recognises errors that mean "the database cannot be reached right now" (server restarting,
// connection refused or cut), as opposed to errors in a query. Pure: no db, no Remix.

/** postgres.js / Node socket codes for a connection that could not be made or was lost. */
const connectionCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
]);

/** SQLSTATEs of a server that is shutting down, starting up or has dropped the connection. */
function isUnavailableSqlState(code: string) {
  return code.startsWith("08") || code === "57P01" || code === "57P02" || code === "57P03";
}

/** True when `error` (or one of its causes, e.g. inside drizzle's DrizzleQueryError) is a lost or refused connection. */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && (connectionCodes.has(code) || isUnavailableSqlState(code))) return true;
    const message = (current as { message?: unknown }).message;
    if (typeof message === "string" && /database did not answer within/.test(message)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** The code that made `error` count as unavailable, for the log (never the query's parameters). */
export function unavailableCode(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return "unknown";
}
