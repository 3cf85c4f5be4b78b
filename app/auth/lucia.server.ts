// lucia v3 sessions stored in PostgreSQL (see docs/decisions/003-lucia-sessions.md).
import { DrizzlePostgreSQLAdapter } from "@lucia-auth/adapter-drizzle";
import { Lucia, TimeSpan } from "lucia";
import { getDb, type Db } from "~/db/client.server";
import { people, sessions } from "~/db/schema";
import { getEnv } from "~/env.server";

/**
 * How long a session lives without use (SESSION_IDLE_HOURS); lucia extends it on use, and
 * loadViewer (access.server.ts) ends it SESSION_MAX_DAYS after sign-in (sessionLimits().absoluteMs).
 */
export function sessionLimits() {
  const env = getEnv();
  return { idle: new TimeSpan(env.SESSION_IDLE_HOURS, "h"), absoluteMs: env.SESSION_MAX_DAYS * 86_400_000 };
}

function createLucia(db: Db) {
  // The adapter's types expect one concrete driver; both drivers share PgDatabase at run time.
  const adapter = new DrizzlePostgreSQLAdapter(db as never, sessions, people);
  const env = getEnv();
  return new Lucia(adapter, {
    sessionExpiresIn: sessionLimits().idle,
    sessionCookie: {
      name: "horizont_session",
      expires: false,
      attributes: {
        secure: env.COOKIE_SECURE ?? env.NODE_ENV === "production",
        sameSite: "lax",
        path: "/",
      },
    },
    // Sign-in time (the column defaults to now; a new session passes no attributes).
    getSessionAttributes: (row) => ({ createdAt: row.createdAt ?? new Date() }),
    getUserAttributes: (row) => ({
      authorityId: row.authorityId,
      email: row.email,
      givenName: row.givenName,
      familyName: row.familyName,
      active: row.active,
      locale: row.locale,
      unitId: row.unitId,
    }),
  });
}

type HorizontLucia = ReturnType<typeof createLucia>;

declare module "lucia" {
  interface Register {
    Lucia: HorizontLucia;
    UserId: string;
    DatabaseSessionAttributes: { createdAt?: Date };
    DatabaseUserAttributes: {
      authorityId: string;
      email: string;
      givenName: string;
      familyName: string;
      active: boolean;
      locale: string | null;
      unitId: string | null;
    };
  }
}

const instances = new WeakMap<Db, HorizontLucia>();

/** The lucia instance bound to `db` (the process database unless a test passes its own). */
export function getLucia(db: Db = getDb()): HorizontLucia {
  let lucia = instances.get(db);
  if (!lucia) {
    lucia = createLucia(db);
    instances.set(db, lucia);
  }
  return lucia;
}
