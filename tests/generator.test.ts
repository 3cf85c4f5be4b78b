// The benchmark generator (scripts/generate-large-authority.ts) writes authorities above
// PEOPLE_PER_STATEMENT people in batches of whole units, so the database's memory for the
// maintenance of current levels stays bounded (docs/benchmarks.md, "State-wide: 100,000
// people"). A batched authority must still give everyone evidence (HR, in the root unit, too) and
// levels that agree with it.
import crypto from "node:crypto";
import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { verifyLevels } from "~/competences/levels-verify.server";
import { rowsOf } from "~/db/client.server";
import { generateLargeAuthority } from "../scripts/generate-large-authority";
import { describeEachDb } from "./support/db";

describeEachDb("the generator of large authorities", ({ database }) => {
  it("written in batches of one unit, gives every person evidence and levels that agree with it", async () => {
    const db = database().db;
    const { authorityId, hrId, leadId } = await generateLargeAuthority(db, { people: 610, slug: `batched-${crypto.randomBytes(4).toString("hex")}`, peoplePerStatement: 300 });
    const [counts] = rowsOf<{ people: number; without: number; evidence: number }>(
      await db.execute(sql`
        select (select count(*)::int from people where authority_id = ${authorityId}) as people,
               (select count(*)::int from people p where p.authority_id = ${authorityId}
                  and not exists (select 1 from evidence e where e.person_id = p.id and e.source <> 'self')) as without,
               (select count(*)::int from evidence where authority_id = ${authorityId}) as evidence`),
    );
    expect(counts.people).toBe(612);
    expect(counts.without, "people without evidence").toBe(0);
    // About 15 competences × (0.85 + 0.55 + 0.5) rows per person, as in one statement.
    expect(counts.evidence / counts.people).toBeGreaterThan(26);
    expect(counts.evidence / counts.people).toBeLessThan(31);
    const levelsOf = async (personId: string) =>
      rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from current_levels where person_id = ${personId}`))[0].n;
    expect(await levelsOf(hrId)).toBeGreaterThan(0);
    expect(await levelsOf(leadId)).toBeGreaterThan(0);
    expect((await verifyLevels(db, authorityId)).differences).toEqual([]);
  }, 300_000);
});
