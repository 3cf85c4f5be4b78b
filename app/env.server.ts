// Environment settings, validated once at start-up; an invalid value stops the start with its name.
import * as z from "zod";

const flag = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .optional()
  .transform((v) => (v === undefined || v === "" ? undefined : ["1", "true", "yes"].includes(v)));

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  DATA_DIR: z.string().default("./data"),
  /** PostgreSQL's shared_buffers inside the embedded database (resident memory of the app process). */
  PGLITE_SHARED_BUFFERS: z
    .string()
    .regex(/^\d+(kB|MB|GB)$/, "must be a size such as 16MB")
    .default("16MB"),
  SEED_DEMO: flag,
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  APP_ORIGIN: z.url().optional(),
  COOKIE_SECURE: flag,
  TRUST_PROXY: flag,
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
  LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(50),
  LOGIN_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  /** A session ends after this many hours without a request (idle timeout). */
  SESSION_IDLE_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  /** A session ends this many days after sign-in, however often it is used (absolute limit). */
  SESSION_MAX_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  COURSE_CACHE_DIR: z.string().default("./.cache/courses"),
  /** Mail server, e.g. smtp://user:pass@mail.example:587 or smtps://…; without it mail stays in the outbox. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, "must start with smtp:// or smtps://")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  /** Sender of every mail: an address, or "Name <address>" (no line breaks). */
  MAIL_FROM: z
    .string()
    .regex(/^(?:[^\r\n<>]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/, "must be an e-mail address or Name <address>")
    .default("Horizont <horizont@localhost>"),
  /** Tries before a mail is marked failed in /admin/mail. */
  MAIL_MAX_TRIES: z.coerce.number().int().min(1).max(50).default(6),
  /** Pause after the first failed try in milliseconds (doubles with each try, at most one hour). */
  MAIL_RETRY_MS: z.coerce.number().int().min(10).default(30_000),
  /** How often each instance looks into the outbox, in milliseconds. */
  MAIL_POLL_MS: z.coerce.number().int().min(50).max(600_000).default(2_000),
  /** How often each instance queues what the calendar makes due (reminders, expiring evidence, digests), in milliseconds. */
  MAIL_SCHEDULE_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
  /**
   * Days the outbox keeps the content of sent and failed mails (set-password links: until sent,
   * at most this long); afterwards only recipient, subject and status remain (docs/privacy.md).
   */
  MAIL_KEEP_DAYS: z.coerce.number().int().min(1).max(365).default(7),
  ACCESSIBILITY_CONTACT: z.email().default("barrierefreiheit@musterstadt.example"),
  /**
   * 32 random bytes, base64 (`openssl rand -base64 32`): encrypts secrets stored in the database
   * (the OpenID client secrets). Without it an admin cannot store a client secret.
   */
  SECRETS_KEY: z
    .string()
    .refine((v) => Buffer.from(v, "base64").length === 32, "must be 32 random bytes in base64 (openssl rand -base64 32)")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  /** Learning record store for xAPI statements (its statements resource's base, e.g. https://lrs.example/xapi/); without it statements stay in the database. */
  XAPI_ENDPOINT: z.url().optional().or(z.literal("").transform(() => undefined)),
  XAPI_USERNAME: z.string().optional(),
  XAPI_PASSWORD: z.string().optional(),
  /** Pause after the first failed send to the LRS in milliseconds (doubles with each try, at most one hour). */
  XAPI_RETRY_MS: z.coerce.number().int().min(10).default(30_000),
  /** How often each instance sends queued statements, in milliseconds. */
  XAPI_POLL_MS: z.coerce.number().int().min(50).max(600_000).default(5_000),
  /** Directory sign-in for the first authority (an admin's setting in /admin/sso takes precedence). */
  OIDC_ISSUER: z.url().optional().or(z.literal("").transform(() => undefined)),
  OIDC_CLIENT_ID: z.string().optional(),
  /** Which authority OIDC_* applies to (its slug); default: the first one created. */
  OIDC_AUTHORITY: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  /** Tests and `npm run idp:dev` only: allows an http:// issuer on 127.0.0.1/localhost. */
  OIDC_ALLOW_INSECURE_LOOPBACK: flag,
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

/** Parses process.env; throws an error naming every invalid setting. */
export function getEnv(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  cached = parsed.data;
  return cached;
}

export function resetEnvForTests() {
  cached = undefined;
}
