// `npm run backup [-- <file>]`: a compressed copy of the embedded database (DATA_DIR) while the
// app is stopped. On a PostgreSQL server, use pg_dump (README "Backups").
import path from "node:path";
import { backupEmbedded } from "../app/db/backup.server";

if (process.env.DATABASE_URL) {
  console.error("DATABASE_URL is set: back up a PostgreSQL server with pg_dump (see README, Backups).");
  process.exit(2);
}
const dataDir = process.env.DATA_DIR ?? "./data";
const file = process.argv[2] ?? path.join("backups", `horizont-${new Date().toISOString().slice(0, 19).replaceAll(":", "-")}.tar.gz`);
try {
  const tables = await backupEmbedded(dataDir, file);
  const rows = Object.values(tables).reduce((sum, t) => sum + t.rows, 0);
  console.log(`Backup written to ${file}: ${Object.keys(tables).length} tables, ${rows} rows.`);
} catch (error) {
  console.error(`Backup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
