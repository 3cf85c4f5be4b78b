// The profile as a person reads it: evidence from a quiz names its module by title, and a
// change to the role's requirements that opens a new gap is announced until read.
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { getLucia } from "~/auth/lucia.server";
import { unreadNotifications } from "~/competences/notifications.server";
import { getProfile } from "~/learning/profile.server";
import type { Queryable } from "~/db/client.server";
import { evidence, notifications, outbox } from "~/db/schema";
import { createRole, updateRole } from "~/role-descriptions/roles.server";
import { action as profileAction, loader as profileLoader } from "~/routes/profile._index";
import { describeEachDb } from "./support/db";
import { createAuthority, createPerson, createRoleDescription, createUnit } from "./support/fixtures";

const now = new Date("2026-06-01T10:00:00Z");

async function world(db: Queryable) {
  const authority = await createAuthority(db);
  const role = await createRoleDescription(db, authority.id, { "c.interpreters": 2 });
  const unit = await createUnit(db, authority.id, "Aufenthalt 1");
  const anna = await createPerson(db, { authorityId: authority.id, unitId: unit.id, givenName: "Anna", familyName: "Schmidt", roleDescriptionId: role.id });
  const hr = await createPerson(db, { authorityId: authority.id, roles: ["employee", "hr"], givenName: "Helga", familyName: "Roth" });
  return { authority, role, unit, anna, hr };
}

describeEachDb("the profile, readable", ({ database }) => {
  it("names the module a quiz evidence came from by its title, not its path", async () => {
    const db = database().db;
    const w = await world(db);
    await db.insert(evidence).values({
      authorityId: w.authority.id,
      personId: w.anna.id,
      competenceId: "c.interpreters",
      level: 2,
      source: "quiz",
      note: "kommunikation-beratung/arbeiten-mit-dolmetschenden",
      achievedAt: new Date("2026-05-01T00:00:00Z"),
    });
    const profile = (await getProfile(db, w.authority.id, w.anna.id, now))!;
    const row = profile.dimensions.flatMap((d) => d.rows).find((r) => r.competenceId === "c.interpreters")!;
    expect(row.explanation[0].evidence.module).toEqual({
      courseId: "kommunikation-beratung",
      moduleId: "arbeiten-mit-dolmetschenden",
      title: "Arbeiten mit Dolmetschenden und Sprachmittlung",
      // The built-in module: no authority version ("Fassung N") to name.
      version: null,
    });
  });

  const role = {
    title: "Sachbearbeitung Aufenthalt",
    payScheme: "TVöD" as const,
    payGrade: "EG 9b",
    tasks: [{ title: "Entscheidung", category: "casework_decision" as const, sharePercent: 100 }],
    requirements: { "c.interpreters": 2, "k.residence-paths": 2 },
  };
  const cookieOf = async (personId: string) => getLucia().createSessionCookie((await getLucia().createSession(personId, {})).id).serialize();
  const args = (request: Request) => ({ request, params: {}, context: { cspNonce: "", requestId: "test", clientAddress: "127.0.0.1" } });

  it("tells the people whose gap grows when HR raises a requirement, in the same transaction", async () => {
    const db = database().db;
    const w = await world(db);
    const roleId = await createRole(db, w.authority.id, w.hr.id, role);
    const anna = await createPerson(db, { authorityId: w.authority.id, unitId: w.unit.id, givenName: "Anna", roleDescriptionId: roleId });
    const expert = await createPerson(db, { authorityId: w.authority.id, unitId: w.unit.id, givenName: "Eva", roleDescriptionId: roleId });
    const level = (personId: string, competenceId: string, l: number) =>
      db.insert(evidence).values({ authorityId: w.authority.id, personId, competenceId, level: l, source: "observed", achievedAt: new Date("2026-05-01T00:00:00Z") });
    await level(anna.id, "c.interpreters", 2);
    await level(anna.id, "k.residence-paths", 2);
    await level(expert.id, "c.interpreters", 4);
    await level(expert.id, "k.residence-paths", 2);
    // A change that is rolled back tells no one.
    await expect(
      db.transaction(async (tx) => {
        await updateRole(tx, w.authority.id, w.hr.id, roleId, { ...role, requirements: { "c.interpreters": 3, "k.residence-paths": 2 } });
        throw new Error("rollback");
      }),
    ).rejects.toThrow("rollback");
    expect(await db.select().from(notifications).where(eq(notifications.authorityId, w.authority.id))).toHaveLength(0);
    await db.transaction((tx) => updateRole(tx, w.authority.id, w.hr.id, roleId, { ...role, requirements: { "c.interpreters": 3, "k.residence-paths": 2 } }));
    const annas = await unreadNotifications(db, w.authority.id, anna.id);
    expect(annas).toHaveLength(1);
    expect(annas[0].details).toMatchObject({ roleTitle: "Sachbearbeitung Aufenthalt", version: 2, competences: [{ competenceId: "c.interpreters", from: 2, to: 3, current: 2 }] });
    // Eva holds level 4 already: nothing new for her. Lowering a requirement tells no one.
    expect(await unreadNotifications(db, w.authority.id, expert.id)).toHaveLength(0);
    await db.transaction((tx) => updateRole(tx, w.authority.id, w.hr.id, roleId, { ...role, requirements: { "c.interpreters": 3, "k.residence-paths": 1 } }));
    expect(await unreadNotifications(db, w.authority.id, anna.id)).toHaveLength(1);
    // The same transaction queued her mail in the outbox (and marked the notification mailed); the expert gets none.
    expect((await db.select().from(notifications).where(eq(notifications.personId, anna.id)))[0].mailedAt).not.toBeNull();
    expect((await db.select().from(outbox).where(eq(outbox.personId, anna.id))).map((m) => m.kind)).toEqual(["requirements.raised"]);
    expect(await db.select().from(outbox).where(eq(outbox.personId, expert.id))).toEqual([]);
  });

  it("shows the notification on the profile until read, and marks what is new since the last visit", async () => {
    const db = database().db;
    const w = await world(db);
    const roleId = await createRole(db, w.authority.id, w.hr.id, role);
    const anna = await createPerson(db, { authorityId: w.authority.id, unitId: w.unit.id, givenName: "Anna", roleDescriptionId: roleId });
    const other = await createPerson(db, { authorityId: w.authority.id, unitId: w.unit.id, roleDescriptionId: roleId });
    const cookie = await cookieOf(anna.id);
    const load = async () =>
      (await profileLoader(args(new Request("http://localhost/profile", { headers: { Cookie: cookie } })))) as unknown as {
        notifications: { id: string }[];
        seenAt: string | null;
        profile: { dimensions: { rows: { competenceId: string; explanation: { evidence: { createdAt?: string | Date } }[] }[] }[] };
      };
    // First visit: nothing to compare with.
    expect((await load()).seenAt).toBeNull();
    await db.transaction((tx) => updateRole(tx, w.authority.id, w.hr.id, roleId, { ...role, requirements: { "c.interpreters": 3, "k.residence-paths": 2 } }));
    await db.insert(evidence).values({ authorityId: w.authority.id, personId: anna.id, competenceId: "c.interpreters", level: 1, source: "observed", achievedAt: new Date() });
    const second = await load();
    expect(second.seenAt).not.toBeNull();
    expect(second.notifications).toHaveLength(1);
    const row = second.profile.dimensions.flatMap((d) => d.rows).find((r) => r.competenceId === "c.interpreters")!;
    expect(new Date(row.explanation[0].evidence.createdAt!).getTime()).toBeGreaterThan(new Date(second.seenAt!).getTime());
    // Someone else cannot mark Anna's notification read; Anna can, once.
    const read = (personCookie: string) =>
      profileAction(
        args(
          new Request("http://localhost/profile", {
            method: "POST",
            headers: { Cookie: personCookie, "Content-Type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams([["intent", "notifications-read"], ["back", "/"], ["ids", second.notifications[0].id]]),
          }),
        ),
      ) as Promise<Response>;
    await read(await cookieOf(other.id));
    expect(await unreadNotifications(db, w.authority.id, anna.id)).toHaveLength(1);
    expect((await read(cookie)).headers.get("Location")).toBe("/?read=notifications");
    expect(await unreadNotifications(db, w.authority.id, anna.id)).toHaveLength(0);
    expect((await read(cookie)).status).toBe(302);
    // The third visit compares with the second.
    expect((await load()).seenAt).not.toBe(second.seenAt);
  });
});
