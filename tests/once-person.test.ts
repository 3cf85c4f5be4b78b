// The repeat of a submitted form lands where the first one led, but only for the person who
// submitted it: a submission id seen by someone else (a shared screen, a log) reveals nothing.
import { expect, it } from "vitest";
import { applyOnce, submissionResult } from "~/db/once.server";
import { describeEachDb } from "./support/db";
import { createAuthority, createPerson } from "./support/fixtures";

describeEachDb("repeated submissions", ({ database }) => {
  it("gives the first submission's target to its own repeat, and not to another person using the same id", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const hr = await createPerson(db, { authorityId: authority.id, roles: ["employee", "hr"] });
    const other = await createPerson(db, { authorityId: authority.id, roles: ["employee", "hr"] });
    const id = crypto.randomUUID();
    let applied = 0;
    const work = async () => {
      applied += 1;
      return "/hr/roles/geheime-stelle";
    };
    expect(await applyOnce(db, id, hr.id, "/hr/roles", work)).toBe("/hr/roles/geheime-stelle");
    expect(await applyOnce(db, id, hr.id, "/hr/roles", work)).toBe("/hr/roles/geheime-stelle");
    expect(await applyOnce(db, id, other.id, "/hr/roles", work)).toBe("/hr/roles");
    expect(applied).toBe(1);
    expect(await submissionResult(db, id, other.id)).toBeNull();
    expect(await submissionResult(db, id, hr.id)).toBe("/hr/roles/geheime-stelle");
  });
});
