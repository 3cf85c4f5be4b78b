// `npm run levels:verify`: recomputes all current levels from the evidence and compares them
// with the table of current levels (docs/decisions/015). Exit 0 when they agree, 1 on any
// difference (each printed), 2 when the check could not run. Uses DATABASE_URL, else DATA_DIR
// (default ./data); read-only, safe while the app runs.
import { openDatabase } from "~/db/client.server";
import { describeDifference, verifyLevels } from "~/competences/levels-verify.server";

const database = process.env.DATABASE_URL ? await openDatabase({ url: process.env.DATABASE_URL, max: 1 }) : await openDatabase({ dataDir: process.env.DATA_DIR ?? "./data" });
let code = 0;
try {
  const { pairs, differences } = await verifyLevels(database.db);
  for (const d of differences.slice(0, 50)) console.log(describeDifference(d));
  if (differences.length > 50) console.log(`… and ${differences.length - 50} more`);
  if (differences.length) {
    console.log(`levels:verify: ${differences.length} of ${pairs} person × competence levels differ from the evidence.`);
    code = 1;
  } else console.log(`levels:verify: all ${pairs} person × competence levels agree with the evidence.`);
} catch (error) {
  console.error(`levels:verify could not run: ${error instanceof Error ? error.message : String(error)}`);
  code = 2;
} finally {
  await database.close();
}
process.exit(code);
