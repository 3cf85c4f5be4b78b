// `npm run restore -- <file> [--replace]`: restores a backup of the embedded database into DATA_DIR
// (the app must be stopped). With --replace an existing database is kept aside, not deleted.
import { restoreEmbedded } from "../app/db/backup.server";

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith("--"));
if (!file) {
  console.error("Usage: npm run restore -- <backup file> [--replace]");
  process.exit(2);
}
try {
  const tables = await restoreEmbedded(file, process.env.DATA_DIR ?? "./data", { replace: args.includes("--replace") });
  const rows = Object.values(tables).reduce((sum, t) => sum + t.rows, 0);
  console.log(`Restored ${file}: ${Object.keys(tables).length} tables, ${rows} rows. Start Horizont with npm start.`);
} catch (error) {
  console.error(`Restore failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
