// Structured JSON logs (pino). Never log passwords, session ids or cookies.
import pino from "pino";

/**
 * drizzle's DrizzleQueryError carries the query's parameters (session ids, e-mail addresses,
 * password hashes) in `params` and in its message and stack: keep the SQL, drop the values.
 */
function withoutParams(text: unknown) {
  return typeof text === "string" ? text.replace(/\nparams: [^\n]*/g, "\nparams: [redacted]") : text;
}

/** Values a PostgreSQL error may echo (`detail`: "Key (email)=(…) already exists"). */
const valueFields = ["params", "parameters", "detail"];

function scrub(value: unknown, depth: number): unknown {
  if (!value || typeof value !== "object" || depth > 4) return value;
  const record = value as Record<string, unknown>;
  for (const field of valueFields) delete record[field];
  record.message = withoutParams(record.message);
  record.stack = withoutParams(record.stack);
  if (record.cause) scrub(record.cause, depth + 1);
  return record;
}

export function safeError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  return scrub(pino.stdSerializers.err(error), 0);
}

export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  base: { service: "horizont" },
  serializers: { err: safeError },
  redact: {
    paths: ["password", "*.password", "headers.cookie", "*.headers.cookie", "sessionId", "*.sessionId", "params", "*.params"],
    censor: "[redacted]",
  },
  timestamp: pino.stdTimeFunctions.isoTime,
});
