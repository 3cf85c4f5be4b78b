// `npm run db:move-to-server -- <postgres://…>`: copies the embedded database (DATA_DIR) into an
// empty PostgreSQL server database, then compares every table. Stop the app first; afterwards
// start it with DATABASE_URL set to the same address.
import { moveEmbeddedToServer } from "../app/db/backup.server";

const url = process.argv[2];
if (!url || !/^postgres(ql)?:\/\//.test(url)) {
  console.error("Usage: npm run db:move-to-server -- postgres://user:password@host:5432/database");
  process.exit(2);
}
try {
  const report = await moveEmbeddedToServer(process.env.DATA_DIR ?? "./data", url, (line) => console.log(line));
  if (report.differing.length) {
    console.error(`The copy differs in: ${report.differing.join(", ")}. Do not switch over; report this.`);
    process.exit(1);
  }
  const rows = Object.values(report.tables).reduce((sum, n) => sum + n, 0);
  console.log(`Moved ${rows} rows in ${Object.keys(report.tables).length} tables; every table compared equal.`);
  console.log("Now start Horizont with DATABASE_URL set to this database (the embedded data stays in DATA_DIR untouched).");
} catch (error) {
  console.error(`Move failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
