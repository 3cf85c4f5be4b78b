// /admin/mail: an admin sees the authority's outbox (recipient, subject, status, tries, last
// error) and a preview; other roles get 403; another authority's mails never show.
import { expect, it } from "vitest";
import { getLucia } from "~/auth/lucia.server";
import { assignLearning } from "~/learning/assigning.server";
import { loader } from "~/routes/admin.mail";
import { describeEachDb } from "./support/db";
import { createAuthority, createPerson, createUnit } from "./support/fixtures";

const args = (request: Request) => ({ request, params: {}, context: { cspNonce: "", requestId: "test", clientAddress: "127.0.0.1" } });
async function get(personId: string, query = "") {
  const session = await getLucia().createSession(personId, {});
  const cookie = getLucia().createSessionCookie(session.id).serialize();
  return loader(args(new Request(`http://localhost/admin/mail${query}`, { headers: { Cookie: cookie } })));
}

describeEachDb("the mail outbox page", ({ database }) => {
  it("shows the admin the pending assignment mail without SMTP, with a preview, and refuses others", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const unit = await createUnit(db, authority.id);
    const admin = await createPerson(db, { authorityId: authority.id, roles: ["employee", "admin"] });
    const lead = await createPerson(db, { authorityId: authority.id, unitId: unit.id, roles: ["employee", "lead"], leads: [unit.id] });
    const anna = await createPerson(db, { authorityId: authority.id, unitId: unit.id, givenName: "Anna", familyName: "Schmidt" });
    const other = await createAuthority(db, "Andere Behörde");
    const otherAdmin = await createPerson(db, { authorityId: other.id, roles: ["employee", "admin"] });
    await assignLearning(db, { id: lead.id, authorityId: authority.id, roles: ["employee", "lead"], ledUnitIds: [unit.id] }, { personIds: [anna.id], target: "course:kommunikation-beratung", dueOn: "2031-01-01" }, new Date());

    const page = await get(admin.id);
    expect(page.smtp).toBe(false);
    expect(page.mails).toHaveLength(1);
    expect(page.mails[0]).toMatchObject({ toAddress: anna.email, toName: "Anna Schmidt", status: "pending", tries: 0, lastError: null });
    expect(page.mails[0].subject).toContain("Neue Lernaufgabe");
    expect(JSON.stringify(page)).not.toContain("Guten Tag");
    const withPreview = await get(admin.id, `?preview=${page.mails[0].id}`);
    expect(withPreview.preview?.text).toContain("Guten Tag Anna Schmidt,");

    expect((await get(otherAdmin.id)).mails).toEqual([]);
    const refused = await get(lead.id).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(403);
  });
});

describeEachDb("a person's mail choices", ({ database }) => {
  it("switching the overdue notice off on /account/mail stops that reminder, not the others", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const anna = await createPerson(db, { authorityId: authority.id });
    const session = await getLucia().createSession(anna.id, {});
    const cookie = getLucia().createSessionCookie(session.id).serialize();
    const { action, loader: choicesLoader } = await import("~/routes/account_.mail");
    const res = await action(args(new Request("http://localhost/account/mail", { method: "POST", headers: { Cookie: cookie, Origin: "http://localhost", "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams([["on", "assignment.due-soon"], ["on", "requirements.raised"]]) })));
    expect((res as Response).status).toBe(302);
    const page = await choicesLoader(args(new Request("http://localhost/account/mail", { headers: { Cookie: cookie } })));
    // Kinds not ticked are off, the new expiry notice included; the leads' digest stays off (opt-in).
    expect(page.choices).toEqual({ "assignment.due-soon": true, "assignment.overdue": false, "evidence.expiring": false, "requirements.raised": true, "digest.lead-overdue": false });
    const { assignments } = await import("~/db/schema");
    await db.insert(assignments).values({ authorityId: authority.id, personId: anna.id, courseId: "kommunikation-beratung", moduleId: null, dueOn: "2030-01-01" });
    const { queueAssignmentReminders } = await import("~/learning/assignment-mails.server");
    await queueAssignmentReminders(db, "2029-12-28");
    await queueAssignmentReminders(db, "2030-01-05");
    const { outbox } = await import("~/db/schema");
    const { eq } = await import("drizzle-orm");
    expect((await db.select().from(outbox).where(eq(outbox.personId, anna.id))).map((r) => r.kind)).toEqual(["assignment.due-soon"]);
  });
});
