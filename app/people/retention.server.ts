// People who left (Art. 17 DSGVO): HR deactivates the account when someone leaves; once the
// authority's "retention after leaving" (leaverRetentionMonths) has passed, the hourly clean-up
// erases the person. Found from the database itself, like the Art. 15 export:
// - the person's row is deleted; every table referencing people either deletes its rows with it
//   (their evidence, attempts, reflections, assignments, roles, sessions) or keeps the row and
//   empties the reference (what they recorded about others, audit entries of their actions);
// - every text and JSON column of every table is then cleared of the person's id, e-mail address
//   and full name (e.g. a sign-in attempt keyed by the address, an import batch's list of ids);
// - the monthly coverage snapshots hold only counts and stay as they are, so the trend keeps
//   its history;
// - one audit entry records that a deletion happened, without naming the person.
import { and, eq, isNotNull, sql } from "drizzle-orm";
import { audit } from "~/audit/audit.server";
import { rowsOf, type Db, type Queryable } from "~/db/client.server";
import { authorities, people } from "~/db/schema";
import { logger } from "~/ops/logger.server";

export const ERASED = "[gelöscht]";
const DEFAULT_MONTHS = 6;

type Leaver = Awaited<ReturnType<typeof dueLeavers>>[number];

/** People whose retention after leaving has passed at `now`. */
export async function dueLeavers(db: Queryable, now = new Date()) {
  const months = sql<number>`coalesce((${authorities.settings}->>'leaverRetentionMonths')::int, ${DEFAULT_MONTHS})`.mapWith(Number);
  return db
    .select({ id: people.id, authorityId: people.authorityId, email: people.email, givenName: people.givenName, familyName: people.familyName, months })
    .from(people)
    .innerJoin(authorities, eq(authorities.id, people.authorityId))
    .where(and(isNotNull(people.deactivatedAt), sql`${people.deactivatedAt} <= ${now.toISOString()}::timestamptz - make_interval(months => ${months})`));
}

/** Every text or JSON column of the public schema (the places a name or address could sit). */
async function textColumns(db: Queryable) {
  // Raw SQL: the catalog (information_schema) is not in our drizzle schema.
  return rowsOf<{ tbl: string; col: string; type: string }>(
    await db.execute(sql`
      select c.table_name as tbl, c.column_name as col, c.data_type as type
      from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
      where c.table_schema = 'public' and c.data_type in ('text', 'character varying', 'json', 'jsonb')
      order by 1, 2`),
  );
}

/** Erases one person (call inside a transaction). False when another instance's clean-up was first. */
export async function erasePerson(db: Queryable, leaver: Leaver) {
  // Two app instances run the clean-up: the row lock of the delete lets only one erase and log.
  const deleted = await db
    .delete(people)
    .where(and(eq(people.id, leaver.id), isNotNull(people.deactivatedAt)))
    .returning({ id: people.id });
  if (deleted.length === 0) return false;
  const needles = [leaver.id, leaver.email.toLowerCase()];
  // The full name is cleared too, unless another person of the authority has the same name
  // (then the text may be about them).
  const fullNames = [`${leaver.givenName} ${leaver.familyName}`, `${leaver.familyName}, ${leaver.givenName}`];
  const twins = await db.$count(people, and(eq(people.authorityId, leaver.authorityId), eq(people.givenName, leaver.givenName), eq(people.familyName, leaver.familyName)));
  if (twins === 0) needles.push(...fullNames);
  for (const { tbl, col, type } of await textColumns(db)) {
    const column = sql.identifier(col);
    for (const needle of needles) {
      // In JSON the text is replaced inside its string literal: the placeholder has no quote or backslash, so the value stays valid.
      const pattern = needle.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      const replaced = sql`regexp_replace(${column}::text, ${pattern}, ${ERASED}, 'gi')`;
      const value = type === "jsonb" ? sql`${replaced}::jsonb` : type === "json" ? sql`${replaced}::json` : replaced;
      // Raw SQL: every text column of every table, named at run time.
      await db.execute(sql`update ${sql.identifier(tbl)} set ${column} = ${value} where strpos(lower(${column}::text), lower(${needle})) > 0`);
    }
  }
  await audit(db, { authorityId: leaver.authorityId, actorId: null, action: "person.erased", details: { reason: "retention-after-leaving", months: leaver.months } });
  return true;
}

/** The clean-up task: erases every person whose retention after leaving has passed. Returns how many. */
export async function eraseLeavers(db: Db, now = new Date()): Promise<number> {
  let erased = 0;
  for (const leaver of await dueLeavers(db, now)) if (await db.transaction((tx) => erasePerson(tx, leaver))) erased += 1;
  if (erased > 0) logger.info({ count: erased }, "erased people whose retention after leaving had passed");
  return erased;
}
