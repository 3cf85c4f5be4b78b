// Benchmarks the team page (the 300-member unit of the generated large authority) and the
// profile page: the domain functions in-process, then HTTP against the production server with
// a signed-in session cookie. Median and p95 over sequential requests. Run after
// scripts/generate-large-authority.ts with the same DATA_DIR or DATABASE_URL:
//
//   DATA_DIR=/tmp/horizont-large npx tsx scripts/bench-profile-team.ts
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/horizont_large npx tsx scripts/bench-profile-team.ts
//
// BENCH_RUNS (default 200) sets the number of measured repetitions, BENCH_PORT (3322) the port.
import { spawn } from "node:child_process";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { getLucia } from "~/auth/lucia.server";
import { getProfile } from "~/learning/profile.server";
import { getTeam } from "~/competences/team.server";
import { openDatabase, rowsOf } from "~/db/client.server";
import { authorities } from "~/db/schema";

const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const WARMUP = 20;
const PORT = Number(process.env.BENCH_PORT ?? 3322);

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
  return { runs: s.length, median: round(at(0.5)), p95: round(at(0.95)), max: round(s[s.length - 1]) };
}
const round = (n: number) => Math.round(n * 10) / 10;

async function time(fn: () => Promise<unknown>) {
  for (let i = 0; i < WARMUP; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return stats(samples);
}

async function main() {
  process.env.HORIZONT_ROOT ??= process.cwd();
  const url = process.env.DATABASE_URL;
  const dataDir = path.resolve(process.env.DATA_DIR ?? "./data");
  const database = await openDatabase(url ? { url } : { dataDir: path.join(dataDir, "pglite") });
  const db = database.db;
  const [authority] = await db.select().from(authorities).where(eq(authorities.slug, "grossstadt"));
  if (!authority) throw new Error("No generated authority: run scripts/generate-large-authority.ts first.");
  const [ids] = rowsOf<{ lead: string; member: string; unit: string; members: number }>(
    await db.execute(sql`
      select l.id as lead, m.id as member, ul.unit_id as unit,
             (select count(*)::int from people p where p.unit_id = ul.unit_id and p.active) as members
      from people l join unit_leads ul on ul.person_id = l.id, people m
      where l.email = 'lead@grossstadt.example' and m.email = 'member@grossstadt.example'`),
  );
  const now = new Date();
  const team = await getTeam(db, { authorityId: authority.id, unitId: ids.unit, viewerId: ids.lead, query: {}, at: now });
  const profile = await getProfile(db, authority.id, ids.member, now);
  const [evidenceCount] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from evidence where authority_id = ${authority.id}`));
  const setup = { database: database.kind, unitMembers: ids.members, matrixRows: team.matrix.rows.length, matrixColumns: team.matrix.columns.length, profileRows: profile!.dimensions.flatMap((d) => d.rows).length, evidenceRows: evidenceCount.n };
  const domain = {
    team: await time(() => getTeam(db, { authorityId: authority.id, unitId: ids.unit, viewerId: ids.lead, query: { sort: "gap" }, at: new Date() })),
    profile: await time(() => getProfile(db, authority.id, ids.member, new Date())),
  };
  // Sessions for the HTTP part, created the way sign-in creates them.
  process.env.COOKIE_SECURE = "0";
  const leadSession = await getLucia(db).createSession(ids.lead, {});
  const memberSession = await getLucia(db).createSession(ids.member, {});
  // PGlite is one process: hand the data directory over to the server.
  await database.close();

  const server = spawn(process.execPath, ["scripts/start.mjs"], {
    env: { ...process.env, PORT: String(PORT), NODE_ENV: "production", COOKIE_SECURE: "0", LOG_LEVEL: "warn", HORIZONT_BANNER: "0", DATA_DIR: dataDir },
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    const base = `http://localhost:${PORT}`;
    for (let i = 0; ; i++) {
      if (i > 600) throw new Error("The server did not start within 5 minutes.");
      const ok = await fetch(`${base}/healthz`).then((r) => r.ok, () => false);
      if (ok) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const get = async (p: string, session: string) => {
      const res = await fetch(base + p, { headers: { Cookie: `horizont_session=${session}` }, redirect: "manual" });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`${p} answered ${res.status}`);
      return body.length;
    };
    const teamBytes = await get(`/team?unit=${ids.unit}`, leadSession.id);
    const profileBytes = await get("/profile", memberSession.id);
    const http = {
      team: { ...(await time(() => get(`/team?unit=${ids.unit}&sort=gap`, leadSession.id))), kilobytes: Math.round(teamBytes / 1024) },
      profile: { ...(await time(() => get("/profile", memberSession.id))), kilobytes: Math.round(profileBytes / 1024) },
    };
    console.log(JSON.stringify({ setup, milliseconds: { domain, http } }, null, 2));
  } finally {
    server.kill("SIGTERM");
  }
}

await main();
