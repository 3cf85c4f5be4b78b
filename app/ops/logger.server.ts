// Structured JSON logs (pino). Never log passwords, session ids or cookies.
import pino from "pino";

export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  base: { service: "horizont" },
  redact: {
    paths: ["password", "*.password", "headers.cookie", "*.headers.cookie", "sessionId", "*.sessionId"],
    censor: "[redacted]",
  },
  timestamp: pino.stdTimeFunctions.isoTime,
});
