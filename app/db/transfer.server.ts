// Moving and checking a whole database: a fingerprint of every table (to prove a backup, a
// restore or a move lost nothing), and a copy of every row from one database into another with
// the same migrations (the embedded PGlite into a PostgreSQL server). Used by scripts/backup.ts,
// scripts/restore.ts and scripts/move-to-server.ts.
import { sql } from "drizzle-orm";
import { rowsOf, type Db, type Queryable } from "./client.server";

export interface TableFingerprint {
  rows: number;
  /** md5 over the md5 of every row's text, sorted: equal data gives equal digests. */
  digest: string;
}

const ident = (name: string) => sql.raw(`"${name.replaceAll('"', '""')}"`);

/** The application's tables (schema public), in an order that satisfies foreign keys when inserting. */
export async function tablesInDependencyOrder(db: Queryable): Promise<string[]> {
  // Raw SQL: the catalog (information_schema, pg_constraint) is not in our drizzle schema.
  const tables = rowsOf<{ name: string }>(
    await db.execute(sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`),
  ).map((r) => r.name);
  const edges = rowsOf<{ child: string; parent: string }>(
    await db.execute(sql`
      select c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent
      from pg_constraint c join pg_namespace n on n.oid = c.connamespace
      where c.contype = 'f' and n.nspname = 'public'`),
  ).map((e) => ({ child: e.child.replaceAll('"', ""), parent: e.parent.replaceAll('"', "") }));
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const next = tables.filter(
      (t) => !placed.has(t) && edges.every((e) => e.child !== t || e.parent === t || placed.has(e.parent) || !tables.includes(e.parent)),
    );
    if (next.length === 0) throw new Error(`circular foreign keys between ${tables.filter((t) => !placed.has(t)).join(", ")}`);
    for (const t of next) {
      placed.add(t);
      ordered.push(t);
    }
  }
  return ordered;
}

/** Row count and digest of every table; timestamps are read in UTC so both databases print them alike. */
export async function fingerprints(db: Db): Promise<Record<string, TableFingerprint>> {
  return db.transaction(async (tx) => {
    // Raw SQL: session settings and tables named at run time (every table, whole-row md5).
    await tx.execute(sql`set local time zone 'UTC'`);
    const result: Record<string, TableFingerprint> = {};
    for (const table of await tablesInDependencyOrder(tx)) {
      const [row] = rowsOf<{ rows: number; digest: string }>(
        await tx.execute(
          sql`select count(*)::int as rows, md5(coalesce(string_agg(h, '' order by h), '')) as digest from (select md5(t::text) as h from ${ident(table)} t) x`,
        ),
      );
      result[table] = { rows: Number(row.rows), digest: row.digest };
    }
    return result;
  });
}

/** Tables whose fingerprints differ (or exist on one side only). */
export function differences(a: Record<string, TableFingerprint>, b: Record<string, TableFingerprint>): string[] {
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return names.filter((n) => a[n]?.rows !== b[n]?.rows || a[n]?.digest !== b[n]?.digest);
}

const CHUNK = 5000;

/**
 * Copies every row of every table from `from` into the empty, migrated `to`, in one transaction
 * on the target, and moves the sequences past the copied ids. Rows travel as JSON, which both
 * PostgreSQL versions read back into the table's own column types.
 */
export async function copyAllRows(from: Db, to: Db, progress: (line: string) => void = () => {}): Promise<Record<string, number>> {
  const tables = await tablesInDependencyOrder(from);
  const counts: Record<string, number> = {};
  await to.transaction(async (tx) => {
    // Raw SQL: tables named at run time, rows as JSON (json_populate_recordset), catalog, setval.
    for (const table of tables) {
      const selfReferencing = rowsOf<{ n: number }>(
        await from.execute(
          sql`select count(*)::int as n from pg_constraint where contype = 'f' and conrelid = ${`public."${table}"`}::regclass and confrelid = conrelid`,
        ),
      )[0].n > 0;
      let copied = 0;
      // A table that references itself travels in one statement, so parents and children arrive together.
      const size = selfReferencing ? Number.MAX_SAFE_INTEGER : CHUNK;
      for (let offset = 0; ; offset += size) {
        const [page] = rowsOf<{ rows: string | null; n: number }>(
          await from.execute(
            sql`select json_agg(t)::text as rows, count(*)::int as n from (select * from ${ident(table)} order by 1 limit ${size === Number.MAX_SAFE_INTEGER ? null : size} offset ${offset}) t`,
          ),
        );
        if (!page || page.n === 0 || !page.rows) break;
        await tx.execute(sql`insert into ${ident(table)} select * from json_populate_recordset(null::${ident(table)}, ${page.rows}::json)`);
        copied += page.n;
        if (page.n < size) break;
      }
      counts[table] = copied;
      progress(`${table}: ${copied} rows`);
    }
    // Serial columns (audit log, throttle attempts): continue after the highest copied id.
    const sequences = rowsOf<{ tbl: string; col: string; seq: string }>(
      await tx.execute(sql`
        select c.table_name as tbl, c.column_name as col, pg_get_serial_sequence(format('%I.%I', c.table_schema, c.table_name), c.column_name) as seq
        from information_schema.columns c
        where c.table_schema = 'public' and pg_get_serial_sequence(format('%I.%I', c.table_schema, c.table_name), c.column_name) is not null`),
    );
    for (const s of sequences)
      await tx.execute(sql`select setval(${s.seq}::regclass, coalesce((select max(${ident(s.col)}) from ${ident(s.tbl)}), 0) + 1, false)`);
    // The copied rows raise the report counters (drizzle/0016) through triggers deferred to the
    // commit: let them fire now, then put the source's counters back, so the copy compares equal.
    if (tables.includes("report_versions")) {
      await tx.execute(sql`set constraints all immediate`);
      await tx.execute(sql`delete from report_versions`);
      const [page] = rowsOf<{ rows: string | null }>(await from.execute(sql`select json_agg(t)::text as rows from report_versions t`));
      if (page?.rows) await tx.execute(sql`insert into report_versions select * from json_populate_recordset(null::report_versions, ${page.rows}::json)`);
    }
  });
  return counts;
}
