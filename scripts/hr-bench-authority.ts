// Generates a large authority for load tests: 15,000 people (by default) in 60 units with the
// demo role descriptions and deterministic evidence (seeded pseudo-random numbers).
// Usage: tsx scripts/generate-large-authority.ts [people]   (DATABASE_URL or DATA_DIR as for the app)
// Minimal version written for the HR benchmarks (issue 5); issue 4 has its own generator, the
// lead keeps one at merge.
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { syncFramework } from "~/competences/sync.server";
import { openDatabase, type Queryable } from "~/db/client.server";
import { authorities, evidence, people, personRoles, roleDescriptions, roleRequirements, roleTasks, units } from "~/db/schema";
import { demoRoles } from "~/seed/demo-data";

/** Mulberry32: small, fast, deterministic. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function generateLargeAuthority(db: Queryable, options: { people?: number; slug?: string; now?: Date } = {}) {
  const count = options.people ?? 15_000;
  const slug = options.slug ?? `gross-${count}`;
  const now = options.now ?? new Date();
  const rand = random(20261125);
  const [authority] = await db.insert(authorities).values({ slug, name: `Landesamt für Migration (Lasttest, ${count} Personen)` }).returning();
  const [root] = await db.insert(units).values({ authorityId: authority.id, name: "Leitung" }).returning();
  const unitRows = await db
    .insert(units)
    .values(Array.from({ length: 59 }, (_, i) => ({ authorityId: authority.id, parentId: root.id, name: `Sachgebiet ${String(i + 1).padStart(2, "0")}` })))
    .returning({ id: units.id });
  const unitIds = [root.id, ...unitRows.map((u) => u.id)];
  const roleIds: string[] = [];
  for (const role of demoRoles) {
    const [row] = await db.insert(roleDescriptions).values({ authorityId: authority.id, title: role.title, payScheme: role.payScheme, payGrade: role.payGrade }).returning({ id: roleDescriptions.id });
    roleIds.push(row.id);
    await db.insert(roleTasks).values(role.tasks.map((t, position) => ({ roleDescriptionId: row.id, position, title: t.title, category: t.category, sharePercent: t.share })));
    await db.insert(roleRequirements).values(Object.entries(role.requirements).map(([competenceId, level]) => ({ roleDescriptionId: row.id, competenceId, level })));
  }
  const competenceIds = Object.keys(demoRoles[0].requirements);
  const chunk = 1000;
  for (let start = 0; start < count; start += chunk) {
    const n = Math.min(chunk, count - start);
    const inserted = await db
      .insert(people)
      .values(
        Array.from({ length: n }, (_, k) => {
          const i = start + k;
          return {
            authorityId: authority.id,
            unitId: unitIds[i % unitIds.length],
            roleDescriptionId: roleIds[Math.floor(rand() * 100) < 60 ? 0 : Math.floor(rand() * roleIds.length)],
            email: `person${i}@${slug}.example`,
            givenName: `Vorname${i}`,
            familyName: `Nachname${i}`,
            fte: rand() < 0.25 ? 0.5 : 1,
          };
        }),
      )
      .returning({ id: people.id });
    await db.insert(personRoles).values(inserted.map((p) => ({ personId: p.id, role: "employee" as const })));
    // About eight pieces of evidence per person, levels 1–4, some expired.
    const rows: (typeof evidence.$inferInsert)[] = [];
    for (const p of inserted) {
      for (const competenceId of competenceIds) {
        if (rand() < 0.45) continue;
        rows.push({
          authorityId: authority.id,
          personId: p.id,
          competenceId,
          level: 1 + Math.floor(rand() * 4),
          source: rand() < 0.7 ? "quiz" : "observed",
          achievedAt: new Date(now.getTime() - Math.floor(rand() * 700) * 86_400_000),
          validUntil: rand() < 0.1 ? new Date(now.getTime() - 86_400_000) : null,
        });
      }
    }
    for (let i = 0; i < rows.length; i += 2000) await db.insert(evidence).values(rows.slice(i, i + 2000));
  }
  // Fresh statistics, as autovacuum would gather them shortly after such a bulk load.
  await db.execute(sql`analyze people`);
  await db.execute(sql`analyze evidence`);
  await db.execute(sql`analyze role_requirements`);
  return { authorityId: authority.id, unitIds, roleIds };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const count = Number(process.argv[2] ?? 15_000);
  const database = await openDatabase(process.env.DATABASE_URL ? { url: process.env.DATABASE_URL } : { dataDir: `${process.env.DATA_DIR ?? "./data"}/pglite` });
  await database.migrate();
  await syncFramework(database.db);
  const t0 = performance.now();
  const result = await generateLargeAuthority(database.db, { people: count, slug: `gross-${count}-${Date.now()}` });
  console.log(`generated ${count} people in ${Math.round(performance.now() - t0)} ms (authority ${result.authorityId})`);
  await database.close();
}
