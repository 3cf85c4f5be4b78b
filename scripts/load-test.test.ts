// The load test's verification can fail: on a real PostgreSQL database with the demo data, an
// attempt of a test person that no simulated person submitted is reported as "stored but not
// submitted", and a submission sent twice at once whose answers named two attempts as "stored
// twice". Runs only when TEST_DATABASE_URL is set (the load test runs on PostgreSQL).
import crypto from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "~/db/client.server";
import { seedDemo } from "~/seed/demo.server";
import { adminClient, postgresTemplateName, withDatabase } from "../tests/support/template";
import { workloads } from "./load-test.mjs";

const url = process.env.TEST_DATABASE_URL;
interface Verify {
  prepare(sql: postgres.Sql): Promise<unknown>;
  verify(sql: postgres.Sql, records: unknown[], prepared: unknown): Promise<Record<"missing" | "duplicated" | "halfWritten" | "unexpected", unknown[]>>;
}
const quiz = (workloads as unknown as Record<string, Verify>)["quiz-submissions"];

describe.runIf(!!url)("load test verification (quiz submissions)", () => {
  const name = `horizont_lt_${crypto.randomBytes(6).toString("hex")}`;
  let sql: postgres.Sql;

  beforeAll(async () => {
    const admin = adminClient(url!);
    await admin.unsafe(`create database "${name}" template "${postgresTemplateName()}"`);
    await admin.end();
    const database = await openDatabase({ url: withDatabase(url!, name), max: 2 });
    await seedDemo(database.db);
    await database.close();
    sql = postgres(withDatabase(url!, name), { max: 2, onnotice: () => {} });
  }, 120_000);

  afterAll(async () => {
    await sql?.end();
    const admin = adminClient(url!);
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  });

  /** A failed attempt of Anna stored directly: as a bug in the app could store one. */
  async function storeAttempt(submissionId: string) {
    const [row] = await sql`
      insert into quiz_attempts (authority_id, person_id, course_id, module_id, content_hash, answers, question_points,
                                 points, max_points, score_percent, pass_mark, passed, submission_id)
      select p.authority_id, p.id, 'kommunikation-beratung', 'aktiv-zuhoeren', 'x', '{}'::jsonb, '{}'::jsonb, 0, 7, 0, 80, false, ${submissionId}
      from people p where p.email = 'anna.schmidt@musterstadt.example'
      returning id::text`;
    return row.id as string;
  }

  const record = (submissionId: string, attemptIds: string[]) => ({ key: submissionId, submissionId, double: attemptIds.length > 1, attemptIds, attemptId: attemptIds[0] ?? null, acknowledged: attemptIds.length > 0, statuses: [302, 302] });

  it("counts every attempt of the test's people: one nobody submitted is reported", async () => {
    const prepared = await quiz.prepare(sql);
    const stray = await storeAttempt(crypto.randomUUID());
    const result = await quiz.verify(sql, [], prepared);
    expect(result.unexpected).toEqual([stray]);
    await sql`delete from quiz_attempts where id = ${stray}`;
  });

  it("a double submit whose two answers name two attempts is stored twice; naming the one stored attempt is fine", async () => {
    const prepared = await quiz.prepare(sql);
    const submissionId = crypto.randomUUID();
    const attemptId = await storeAttempt(submissionId);
    const good = await quiz.verify(sql, [record(submissionId, [attemptId, attemptId])], prepared);
    expect(good).toMatchObject({ missing: [], duplicated: [], halfWritten: [], unexpected: [] });
    const twice = await quiz.verify(sql, [record(submissionId, [attemptId, crypto.randomUUID()])], prepared);
    expect(twice.duplicated).toEqual([submissionId]);
    const lost = await quiz.verify(sql, [record(crypto.randomUUID(), [crypto.randomUUID()])], prepared);
    expect(lost.missing).toHaveLength(1);
    expect(lost.unexpected, "the stored attempt was not among the records").toEqual([attemptId]);
  });
});
