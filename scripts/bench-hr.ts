// HR workspace benchmark: coverage report over a 15,000-person authority and a 5,000-row import.
// The authority comes from scripts/generate-large-authority.ts (BENCH_PEOPLE people).
// Usage: npx tsx scripts/bench-hr.ts            (embedded PGlite, in memory)
//        DATABASE_URL=postgres://… npx tsx scripts/bench-hr.ts   (a PostgreSQL server)
import { syncFramework } from "~/competences/sync.server";
import { openDatabase } from "~/db/client.server";
import { coverageReport, takeSnapshot } from "~/reports/coverage.server";
import { commitImport, previewImport, stageImport } from "~/staff-import/import.server";
import { demoRoles } from "~/seed/demo-data";
import { generateLargeAuthority, largeUnitName } from "./generate-large-authority";

const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 15_000);
const IMPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 5_000);
const RUNS = 7;

const database = process.env.DATABASE_URL ? await openDatabase({ url: process.env.DATABASE_URL }) : await openDatabase({ memory: true });
await database.migrate();
await syncFramework(database.db);
const db = database.db;
const ms = (t0: number) => Math.round(performance.now() - t0);

let t0 = performance.now();
const { authorityId, unitIds } = await generateLargeAuthority(db, { people: PEOPLE, slug: `bench-${Date.now()}` });
console.log(`database: ${database.kind}; generated ${PEOPLE} people with evidence in ${ms(t0)} ms`);

async function timed(label: string, fn: () => Promise<unknown>) {
  await fn(); // warm-up (first query plans, course catalog)
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const median = Math.round(times[Math.floor(times.length / 2)]);
  const max = Math.round(times[times.length - 1]);
  console.log(`${label}: median ${median} ms, max ${max} ms over ${RUNS} runs`);
  return { median, max };
}

const at = new Date();
const byUnit = await timed("coverage report, whole authority by unit", () => coverageReport(db, authorityId, { by: "unit", at }));
const byRole = await timed("coverage report, whole authority by role", () => coverageReport(db, authorityId, { by: "role", at }));
t0 = performance.now();
await takeSnapshot(db, authorityId, at);
console.log(`monthly snapshot: ${ms(t0)} ms`);

const header = "Vorname;Nachname;E-Mail;Einheit;Stelle;VZÄ";
const lines = Array.from({ length: IMPORT_ROWS }, (_, i) => `Neu${i};Importiert${i};neu${i}.${Date.now()}@bench.example;${largeUnitName((i % unitIds.length) + 1)};${demoRoles[i % demoRoles.length].title};${i % 4 === 0 ? "0,5" : "1"}`);
const csv = [header, ...lines].join("\r\n");
t0 = performance.now();
const batchId = await stageImport(db, authorityId, null as unknown as string, "bench.csv", csv);
const preview = await previewImport(db, authorityId, csv);
const previewMs = ms(t0);
if (!preview.ok || preview.errorCount > 0) throw new Error(`import preview failed: ${JSON.stringify(preview.ok ? preview.rows.find((r) => r.errors.length) : preview.error)}`);
t0 = performance.now();
const ids = await db.transaction((tx) => commitImport(tx, authorityId, batchId));
const commitMs = ms(t0);
console.log(`import of ${ids.length} rows: upload+preview ${previewMs} ms, commit ${commitMs} ms, total ${previewMs + commitMs} ms`);

const ok = byUnit.median < 500 && byRole.median < 500 && previewMs + commitMs < 30_000;
console.log(ok ? "within targets (report < 500 ms, import < 30 s)" : "TARGET MISSED");
await database.close();
process.exit(ok ? 0 : 1);
