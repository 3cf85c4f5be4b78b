// Generates a large authority for benchmarks: 15,000 people in 50 units of 300, the demo role
// descriptions, about 28 evidence rows per person over two years (all sources, some expired,
// some self-assessments) and assignments (some overdue). Set-based SQL, deterministic
// (setseed). Replaces an earlier generated authority of the same slug. The one generator of the
// repository: run directly for the profile/team/HTTP benchmarks, or import
// generateLargeAuthority(db, options) (scripts/bench-hr.ts does).
//
//   DATA_DIR=/tmp/horizont-large npx tsx scripts/generate-large-authority.ts
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/horizont_large npx tsx scripts/generate-large-authority.ts
//   npx tsx scripts/generate-large-authority.ts --people 1000   (or LARGE_PEOPLE=1000; units stay at
//   up to 300 members; the sizing run of `npm run bench -- --sizing` uses 100 … 15,000)
//
// Accounts (password horizont-demo): lead@grossstadt.example leads "Aufenthalt 01" (300
// members), member@grossstadt.example is one of them, hr@grossstadt.example is HR. With another
// slug the domain is <slug>.example.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { eq, sql } from "drizzle-orm";
import { hashPassword } from "~/auth/password.server";
import { syncFramework } from "~/competences/sync.server";
import { openDatabase, rowsOf, type Db } from "~/db/client.server";
import { authorities, roleDescriptions, roleRequirements, roleTasks, units, unitLeads, people, personRoles } from "~/db/schema";
import { demoRoles } from "~/seed/demo-data";

export const LARGE_SLUG = "grossstadt";
export const UNIT_SIZE = 300;
/**
 * People per evidence statement. Each statement hands all its person × competence keys to the
 * maintenance trigger of current_levels (drizzle/0011) as arrays the database holds several times
 * over, about 6 KB per person (773 MiB of backend memory at 100,000 people in one statement):
 * larger authorities are written in batches of this many people (whole units), smaller ones in
 * one statement each as before, with the same data.
 */
export const PEOPLE_PER_STATEMENT = 15_000;

/** Name of the n-th generated unit (1-based): "Aufenthalt 01" … */
export const largeUnitName = (n: number) => `Aufenthalt ${String(n).padStart(2, "0")}`;

export interface LargeAuthorityOptions {
  /** Number of generated people (default 15,000); units of UNIT_SIZE. */
  people?: number;
  /** Authority slug (default "grossstadt"); e-mail domain is <slug>.example. */
  slug?: string;
  /** People per evidence statement, a multiple of UNIT_SIZE (default PEOPLE_PER_STATEMENT). */
  peoplePerStatement?: number;
}

export interface LargeAuthority {
  authorityId: string;
  rootUnitId: string;
  /** Generated units in name order (largeUnitName(1), largeUnitName(2), …). */
  unitIds: string[];
  /** Role descriptions in demoRoles order. */
  roleIds: string[];
  leadId: string;
  hrId: string;
}

/**
 * Creates the authority (replacing an earlier one with the same slug) in one transaction and
 * refreshes the planner statistics. The framework must be synchronised (syncFramework) first.
 */
export async function generateLargeAuthority(db: Db, options: LargeAuthorityOptions = {}): Promise<LargeAuthority> {
  const PEOPLE = options.people ?? 15_000;
  const slug = options.slug ?? LARGE_SLUG;
  const domain = `${slug}.example`;
  const passwordHash = await hashPassword("horizont-demo");
  await removeLargeAuthority(db, slug);
  const result = await db.transaction(async (tx) => {
    const [authority] = await tx.insert(authorities).values({ slug, name: slug === LARGE_SLUG ? "Ausländerbehörde Großstadt (Lasttest)" : `Ausländerbehörde (Lasttest ${slug})` }).returning();
    const a = authority.id;
    const [root] = await tx.insert(units).values({ authorityId: a, name: "Leitung" }).returning();
    const unitCount = Math.ceil(PEOPLE / UNIT_SIZE);
    const unitRows = await tx
      .insert(units)
      .values(Array.from({ length: unitCount }, (_, i) => ({ authorityId: a, parentId: root.id, name: largeUnitName(i + 1) })))
      .returning({ id: units.id, name: units.name });
    unitRows.sort((x, y) => x.name.localeCompare(y.name));
    const roleIds: string[] = [];
    for (const role of demoRoles) {
      const [row] = await tx.insert(roleDescriptions).values({ authorityId: a, title: role.title, payScheme: role.payScheme, payGrade: role.payGrade }).returning();
      roleIds.push(row.id);
      await tx.insert(roleTasks).values(role.tasks.map((t, position) => ({ roleDescriptionId: row.id, position, title: t.title, category: t.category, sharePercent: t.share })));
      await tx.insert(roleRequirements).values(Object.entries(role.requirements).map(([competenceId, level]) => ({ roleDescriptionId: row.id, competenceId, level })));
    }
    const [caseworker, servicepoint, naturalisation, leadRole, hrRole] = roleIds;
    const unitArray = sql.raw(`array[${unitRows.map((u) => `'${u.id}'::uuid`).join(",")}]`);
    const roleArray = sql.raw(`array['${caseworker}'::uuid,'${caseworker}'::uuid,'${servicepoint}'::uuid,'${naturalisation}'::uuid]`);
    await tx.execute(sql`select setseed(0.42)`);
    // People: i-th person in unit floor(i / 300); names are synthetic but readable.
    await tx.execute(sql`
      insert into people (authority_id, unit_id, role_description_id, email, given_name, family_name, fte, password_hash)
      select ${a}, (${unitArray})[1 + (g - 1) / ${UNIT_SIZE}], (${roleArray})[1 + (g % 4)],
             'person' || g || '@' || ${domain},
             (array['Anna','Jonas','Lea','Mehmet','Olga','Tobias','Fatma','Lukas','Marie','Daniel','Ioana','Kwame','Sabine','Yusuf','Nina'])[1 + g % 15],
             (array['Schmidt','Weber','Yılmaz','Demir','Petrenko','Becker','Aydın','Hoffmann','Wagner','Fischer','Popescu','Mensah','Richter','Kaya','Schwarz'])[1 + (g / 15) % 15] || ' ' || g,
             case when g % 7 = 0 then 0.5 else 1 end, ${passwordHash}
      from generate_series(1, ${PEOPLE}) g`);
    const first = unitRows[0].id;
    const [lead] = await tx.insert(people).values({ authorityId: a, unitId: first, roleDescriptionId: leadRole, email: `lead@${domain}`, givenName: "Lena", familyName: "Leitung", passwordHash }).returning();
    await tx.update(people).set({ email: `member@${domain}`, givenName: "Mira", familyName: "Mitglied" }).where(eq(people.email, `person1@${domain}`));
    const [hr] = await tx.insert(people).values({ authorityId: a, unitId: root.id, roleDescriptionId: hrRole, email: `hr@${domain}`, givenName: "Hanna", familyName: "Personal", passwordHash }).returning();
    await tx.insert(unitLeads).values({ unitId: first, personId: lead.id });
    await tx.execute(sql`insert into person_roles (person_id, role) select id, 'employee' from people where authority_id = ${a}`);
    await tx.insert(personRoles).values([{ personId: lead.id, role: "lead" }, { personId: hr.id, role: "hr" }]);
    // Batches of whole units (the root unit, HR's, with the first); one batch, and no unit
    // condition, up to PEOPLE_PER_STATEMENT people.
    const unitsPerBatch = Math.max(1, Math.floor((options.peoplePerStatement ?? PEOPLE_PER_STATEMENT) / UNIT_SIZE));
    const batches =
      unitRows.length <= unitsPerBatch
        ? [sql``]
        : Array.from({ length: Math.ceil(unitRows.length / unitsPerBatch) }, (_, b) => {
            const ids = unitRows.slice(b * unitsPerBatch, (b + 1) * unitsPerBatch).map((u) => u.id);
            if (b === 0) ids.unshift(root.id);
            return sql.raw(`and p.unit_id in (${ids.map((id) => `'${id}'::uuid`).join(",")})`);
          });
    // Evidence around each requirement: current evidence, older (often expired) evidence, self-assessments.
    const passes = [
      { share: 0.85, ageDays: 700, expiredShare: 0.1 },
      { share: 0.55, ageDays: 1100, expiredShare: 0.6 },
    ];
    for (const pass of passes)
      for (const batch of batches)
        await tx.execute(sql`
        insert into evidence (authority_id, person_id, competence_id, level, source, recorded_by, note, achieved_at, valid_until)
        select ${a}, p.id, c.id,
               greatest(1, least(4, coalesce(rr.level, 1) + floor(random() * 4)::int - 2)),
               s.source::evidence_source,
               case when s.source = 'observed' then ${lead.id}::uuid when s.source = 'certificate' then ${hr.id}::uuid end,
               case when s.source = 'observed' then 'Hospitation im Beratungsgespräch.' end,
               x.achieved, case when random() < ${pass.expiredShare} then x.achieved + interval '24 months' when random() < 0.5 then x.achieved + interval '36 months' end
        from people p
        cross join competences c
        left join role_requirements rr on rr.role_description_id = p.role_description_id and rr.competence_id = c.id
        cross join lateral (select (array['quiz','quiz','quiz','observed','certificate'])[1 + floor(random() * 5)::int] as source) s
        cross join lateral (select now() - random() * ${`${pass.ageDays} days`}::interval as achieved) x
        where p.authority_id = ${a} and not c.retired and random() < ${pass.share} ${batch}`);
    for (const batch of batches)
      await tx.execute(sql`
        insert into evidence (authority_id, person_id, competence_id, level, source, recorded_by, achieved_at)
        select ${a}, p.id, c.id, 1 + floor(random() * 4)::int, 'self', p.id, now() - random() * interval '300 days'
        from people p cross join competences c
        where p.authority_id = ${a} and not c.retired and random() < 0.5 ${batch}`);
    // Assignments: about a fifth of the people have one; a third of those overdue.
    await tx.execute(sql`
      insert into assignments (authority_id, person_id, course_id, module_id, due_on, assigned_by)
      select ${a}, p.id, 'kommunikation-beratung',
             (array['aktiv-zuhoeren','arbeiten-mit-dolmetschenden','verstaendliche-sprache','entscheidungen-erklaeren','deeskalation-am-schalter'])[1 + floor(random() * 5)::int],
             (current_date + (floor(random() * 90)::int - 30)), ${lead.id}
      from people p where p.authority_id = ${a} and random() < 0.2
      on conflict do nothing`);
    return { authorityId: a, rootUnitId: root.id, unitIds: unitRows.map((u) => u.id), roleIds, leadId: lead.id, hrId: hr.id };
  });
  // Fresh statistics, as autovacuum would gather them shortly after such a bulk load.
  await db.execute(sql`analyze`);
  return result;
}
/** Removes a generated authority with everything in it (the e2e large-team story cleans up with it). */
export async function removeLargeAuthority(db: Db, slug = LARGE_SLUG): Promise<void> {
  await db.delete(authorities).where(eq(authorities.slug, slug));
}

async function main() {
  process.env.HORIZONT_ROOT ??= process.cwd();
  const url = process.env.DATABASE_URL;
  const database = await openDatabase(url ? { url } : { dataDir: path.resolve(process.env.DATA_DIR ?? "./data", "pglite") });
  const started = performance.now();
  await database.migrate();
  await syncFramework(database.db);
  const db = database.db;
  const { values } = parseArgs({ options: { people: { type: "string" } } });
  const size = Number(values.people ?? process.env.LARGE_PEOPLE ?? 15_000);
  if (!Number.isInteger(size) || size < 3) throw new Error(`--people must be a whole number of at least 3 (got ${values.people ?? process.env.LARGE_PEOPLE})`);
  await generateLargeAuthority(db, { people: size });
  const [counts] = rowsOf<{ people: number; evidence: number; assignments: number }>(
    await db.execute(sql`
      select (select count(*)::int from people p join authorities a on a.id = p.authority_id where a.slug = ${LARGE_SLUG}) as people,
             (select count(*)::int from evidence e join authorities a on a.id = e.authority_id where a.slug = ${LARGE_SLUG}) as evidence,
             (select count(*)::int from assignments s join authorities a on a.id = s.authority_id where a.slug = ${LARGE_SLUG}) as assignments`),
  );
  console.log(JSON.stringify({ generated: counts, seconds: Math.round((performance.now() - started) / 100) / 10, database: database.kind }));
  await database.close();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
