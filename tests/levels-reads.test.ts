// The reads of issue 15 against the queries they replaced (tests/support/levels-before.ts), on a
// generated authority (the benchmark's generator, 610 people: two units of 300 and one of 10,
// whose small unit × role groups fall under the minimum group size): the coverage report by unit,
// by role and for one unit, at several instants (so that levels expire and lower ones take over)
// and minimum group sizes, and the team page's members and cells. A wrong validity window, a
// person counted in the wrong group or past the suppression rule, or a cell lost in the single
// team query shows up as a difference. Also: levels:verify notices a wrong valid_from.
import crypto from "node:crypto";
import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { verifyLevels } from "~/competences/levels-verify.server";
import { teamMembersWithCells } from "~/competences/team.server";
import { rowsOf } from "~/db/client.server";
import { rawCoverage, type CoverageBy } from "~/reports/coverage.server";
import { generateLargeAuthority } from "../scripts/generate-large-authority";
import { rawCoverageBefore, teamCellsBefore, teamMembersBefore } from "./support/levels-before";
import { describeEachDb } from "./support/db";

const DAY = 86_400_000;
const now = new Date();
const instants = [new Date(now.getTime() - 200 * DAY), now, new Date(now.getTime() + 300 * DAY), new Date(now.getTime() + 700 * DAY)];

describeEachDb("reads of current levels against the former queries", ({ database }) => {
  async function generate(people: number) {
    const db = database().db;
    const large = await generateLargeAuthority(db, { people, slug: `reads-${crypto.randomBytes(4).toString("hex")}` });
    // Some people without a unit (their own atoms) and some who left (counted nowhere).
    await db.execute(sql`update people set unit_id = null where authority_id = ${large.authorityId} and email like 'person1_@%'`);
    await db.execute(sql`update people set active = false where authority_id = ${large.authorityId} and email like 'person2_@%'`);
    return large;
  }
  // The two comparisons only read: they share one generated authority of 610 people (generating
  // it is most of this file's time). The check that changes a row makes a small one of its own.
  let shared: ReturnType<typeof generate> | undefined;
  const generated = () => (shared ??= generate(610));
  const sorted = <T>(groups: Map<string, T>) => [...groups.entries()].sort(([a], [b]) => String(a).localeCompare(String(b)));

  it("gives the same coverage report as the grouped query, by unit, by role and for one unit, as levels expire", async () => {
    const db = database().db;
    const { authorityId, unitIds } = await generated();
    let compared = 0;
    for (const at of instants)
      for (const minGroupSize of [1, 5, 80])
        for (const by of ["unit", "role"] as CoverageBy[])
          for (const unitId of [null, unitIds[2]]) {
            const options = { by, at, minGroupSize, unitId };
            const before = sorted((await rawCoverageBefore(db, authorityId, options)).groups);
            const now = sorted((await rawCoverage(db, authorityId, options)).groups);
            expect(now, `${by} at ${at.toISOString()}, minimum ${minGroupSize}, unit ${unitId}`).toEqual(before);
            compared++;
          }
    expect(compared).toBe(48);
    // The data is not trivial: levels expire between the instants, and the small unit is suppressed.
    const first = (await rawCoverage(db, authorityId, { by: "unit", at: instants[1], minGroupSize: 5 })).groups.get("all")!;
    const last = (await rawCoverage(db, authorityId, { by: "unit", at: instants[3], minGroupSize: 5 })).groups.get("all")!;
    expect(first.met).toBeGreaterThan(last.met);
    expect(first.uncounted).toBeGreaterThan(0);
  }, 300_000);

  it("gives the team page the same members in the same order and the same cells as the two former queries", async () => {
    const db = database().db;
    const { authorityId, unitIds, leadId } = await generated();
    for (const at of instants)
      for (const unitId of unitIds) {
        const before = await teamMembersBefore(db, authorityId, unitId, leadId);
        const ids = new Set(before.map((m) => m.id));
        const cellsBefore = (await teamCellsBefore(db, authorityId, unitId, at)).filter((c) => ids.has(c.personId));
        const now = await teamMembersWithCells(db, authorityId, unitId, at, leadId);
        expect(now.members).toEqual(before);
        const key = (c: { personId: string; competenceId: string }) => `${c.personId}|${c.competenceId}`;
        const byKey = <T extends { personId: string; competenceId: string }>(cells: T[]) => [...cells].sort((a, b) => key(a).localeCompare(key(b)));
        expect(byKey(now.cells)).toEqual(byKey(cellsBefore));
        expect(now.cells.length).toBeGreaterThan(0);
      }
  }, 300_000);

  it("levels:verify reports a row whose valid_from is not the expiry of the next higher level", async () => {
    const db = database().db;
    const { authorityId } = await generate(40);
    expect((await verifyLevels(db, authorityId)).differences).toEqual([]);
    const [lower] = rowsOf<{ person_id: string; competence_id: string; level: number }>(
      await db.execute(sql`select person_id, competence_id, level from current_levels where authority_id = ${authorityId} and valid_from is not null limit 1`),
    );
    await db.execute(sql`update current_levels set valid_from = null where authority_id = ${authorityId} and person_id = ${lower.person_id} and competence_id = ${lower.competence_id} and level = ${lower.level}`);
    const { differences } = await verifyLevels(db, authorityId);
    expect(differences).toHaveLength(1);
    expect(differences[0]).toMatchObject({ personId: lower.person_id, competenceId: lower.competence_id });
    expect(differences[0].validFrom?.stored).toContain(null);
  }, 300_000);
});
