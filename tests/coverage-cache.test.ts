// The coverage report is answered from memory while nothing it reads has changed
// (app/reports/coverage.server.ts, drizzle/0016). Each kind of change HR would expect to see at once
// (a passed quiz, a move to another unit, a departure, a changed requirement, a level that
// expires, a new minimum group size, a revoked record) must show in the very next report: the
// cached answer is compared with the same report computed inside a transaction, where the cache
// is never used. Each step also checks the change moved a figure, so a step that changes nothing
// cannot pass for a fresh report.
import crypto from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { revokeEvidence, writeEvidence } from "~/competences/evidence.server";
import { rowsOf, type Db } from "~/db/client.server";
import { people, roleRequirements } from "~/db/schema";
import { coverageCacheStats, coverageReport } from "~/reports/coverage.server";
import { getSettings, saveSettings } from "~/org/settings.server";
import { generateLargeAuthority } from "../scripts/generate-large-authority";
import { describeEachDb } from "./support/db";

const DAY = 86_400_000;

describeEachDb("coverage report from memory", ({ database }) => {
  async function setUp() {
    const db = database().db;
    const large = await generateLargeAuthority(db, { people: 120, slug: `cache-${crypto.randomBytes(4).toString("hex")}` });
    // A person of the first unit with a role that requires a competence they do not meet yet,
    // counted by the report: their unit × role group is not below the minimum group size (the
    // generated lead and HR person are groups of one, and a change of theirs moves no figure).
    const [gap] = rowsOf<{ person_id: string; competence_id: string; required: number; role_id: string }>(
      await db.execute(sql`
        select p.id as person_id, rr.competence_id, rr.level as required, p.role_description_id as role_id
        from people p join role_requirements rr on rr.role_description_id = p.role_description_id
        where p.authority_id = ${large.authorityId} and p.active and p.unit_id = ${large.unitIds[0]}
          and (select count(*) from people q where q.authority_id = p.authority_id and q.active
               and q.unit_id = p.unit_id and q.role_description_id = p.role_description_id) >= 10
          and not exists (select 1 from current_levels cl where cl.person_id = p.id and cl.competence_id = rr.competence_id
                          and cl.level >= rr.level and (cl.valid_until is null or cl.valid_until > now()) and (cl.valid_from is null or cl.valid_from <= now()))
        limit 1`),
    );
    expect(gap, "the generated authority has a person with a gap").toBeDefined();
    return { db, ...large, gap };
  }

  /** The report as the page gets it (cached), after checking it equals a fresh one. */
  async function checked(db: Db, authorityId: string, at: Date, by: "unit" | "role" = "unit") {
    const fresh = await db.transaction((tx) => coverageReport(tx, authorityId, { by, at }));
    const misses = coverageCacheStats.misses;
    const report = await coverageReport(db, authorityId, { by, at });
    expect(report).toEqual(fresh);
    return { report, computed: coverageCacheStats.misses > misses };
  }

  it("answers again from memory, and shows every kind of change in the next report", async () => {
    const { db, authorityId, rootUnitId, gap, hrId } = await setUp();
    const at = new Date();
    const first = await checked(db, authorityId, at);
    expect(first.computed).toBe(true);
    // Nothing changed: the same figures, not computed again; also not for a later instant
    // before any level starts or ends, nor for the other grouping once it is known.
    const again = await checked(db, authorityId, new Date(at.getTime() + 1));
    expect(again.computed).toBe(false);
    await checked(db, authorityId, at, "role");
    expect((await checked(db, authorityId, at, "role")).computed).toBe(false);

    let previous = first.report;
    const step = async (what: string, when = at) => {
      const next = await checked(db, authorityId, when);
      expect(next.report, `${what} changes a figure`).not.toEqual(previous);
      previous = next.report;
    };

    // A passed quiz closes the gap, for ten days.
    const [written] = await writeEvidence(db, {
      insert: [
        {
          authorityId,
          personId: gap.person_id,
          competenceId: gap.competence_id,
          level: gap.required,
          source: "quiz",
          achievedAt: at,
          validUntil: new Date(at.getTime() + 10 * DAY),
          recordedBy: hrId,
        },
      ],
    });
    await step("new evidence");
    // Eleven days later it has expired: the report then is not the one kept from today.
    await step("an expiry", new Date(at.getTime() + 11 * DAY));
    previous = (await checked(db, authorityId, at)).report;
    // The record is revoked again.
    await revokeEvidence(db, authorityId, hrId, [written.id], at, { reason: "test" });
    await step("a revoked record");
    // The person moves to another unit, then leaves.
    await db.update(people).set({ unitId: rootUnitId }).where(eq(people.id, gap.person_id));
    await step("a move to another unit");
    await db.update(people).set({ active: false }).where(eq(people.id, gap.person_id));
    await step("a departure");
    // The role asks for one level more of that competence.
    await db
      .update(roleRequirements)
      .set({ level: Math.min(4, gap.required + 1) })
      .where(and(eq(roleRequirements.roleDescriptionId, gap.role_id), eq(roleRequirements.competenceId, gap.competence_id)));
    if (gap.required < 4) await step("a changed requirement");
    // A higher minimum group size suppresses more groups.
    const settings = await getSettings(db, authorityId);
    await saveSettings(db, authorityId, { ...settings, minGroupSize: 50 });
    await step("a higher minimum group size");
    await saveSettings(db, authorityId, settings);
    await checked(db, authorityId, at);

  }, 300_000);

  it("never keeps a report computed inside a transaction that is rolled back", async () => {
    const { db, authorityId, gap, hrId } = await setUp();
    const at = new Date();
    const { report: before } = await checked(db, authorityId, at);
    await expect(
      db.transaction(async (tx) => {
        await writeEvidence(tx, {
          insert: [{ authorityId, personId: gap.person_id, competenceId: gap.competence_id, level: gap.required, source: "quiz", achievedAt: at, recordedBy: hrId }],
        });
        const inside = await coverageReport(tx, authorityId, { by: "unit", at });
        expect(inside).not.toEqual(before);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await coverageReport(db, authorityId, { by: "unit", at })).toEqual(before);
  }, 300_000);

  it("computes the first report after a change once for requests that ask for it at the same time", async () => {
    const { db, authorityId, gap, hrId } = await setUp();
    const at = new Date();
    const { report: before } = await checked(db, authorityId, at);
    await writeEvidence(db, {
      insert: [{ authorityId, personId: gap.person_id, competenceId: gap.competence_id, level: gap.required, source: "quiz", achievedAt: at, recordedBy: hrId }],
    });
    const fresh = await db.transaction((tx) => coverageReport(tx, authorityId, { by: "unit", at }));
    expect(fresh, "the change moved a figure").not.toEqual(before);
    const misses = coverageCacheStats.misses;
    const reports = await Promise.all(Array.from({ length: 5 }, () => coverageReport(db, authorityId, { by: "unit", at })));
    expect(coverageCacheStats.misses - misses, "five requests at once, one computation").toBe(1);
    for (const report of reports) expect(report).toEqual(fresh);
  }, 300_000);
});
