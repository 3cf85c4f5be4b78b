// Test fixtures that create the authorities, units and people a story needs.
import crypto from "node:crypto";
import type { Queryable } from "~/db/client.server";
import { authorities, people, personRoles, roleDescriptions, roleRequirements, unitLeads, units } from "~/db/schema";
import type { AccountRole } from "~/auth/roles";
import { hashPassword } from "~/auth/password.server";
import type { EventInput } from "~/events/events.server";

let cachedHash: Promise<string> | undefined;
export const testPassword = "correct horse battery staple";
const passwordHash = () => (cachedHash ??= hashPassword(testPassword));

const suffix = () => crypto.randomBytes(4).toString("hex");

export async function createAuthority(db: Queryable, name = "Ausländerbehörde Teststadt") {
  const [row] = await db.insert(authorities).values({ slug: `test-${suffix()}`, name }).returning();
  return row;
}

export async function createUnit(db: Queryable, authorityId: string, name = `Team ${suffix()}`, parentId: string | null = null) {
  const [row] = await db.insert(units).values({ authorityId, name, parentId }).returning();
  return row;
}

/** A role description ("Sachbearbeitung", TVöD EG 9b) that requires the given level of each competence named. */
export async function createRoleDescription(db: Queryable, authorityId: string, requires: Record<string, number>, title = "Sachbearbeitung") {
  const [role] = await db.insert(roleDescriptions).values({ authorityId, title, payScheme: "TVöD", payGrade: "EG 9b" }).returning();
  const rows = Object.entries(requires).map(([competenceId, level]) => ({ roleDescriptionId: role.id, competenceId, level }));
  if (rows.length) await db.insert(roleRequirements).values(rows);
  return role;
}

export async function createPerson(
  db: Queryable,
  options: {
    authorityId: string;
    unitId?: string | null;
    roles?: AccountRole[];
    leads?: string[];
    givenName?: string;
    familyName?: string;
    email?: string;
    active?: boolean;
    fte?: number;
    roleDescriptionId?: string | null;
    withPassword?: boolean;
  },
) {
  const [row] = await db
    .insert(people)
    .values({
      authorityId: options.authorityId,
      unitId: options.unitId ?? null,
      givenName: options.givenName ?? "Test",
      familyName: options.familyName ?? `Person ${suffix()}`,
      email: options.email ?? `person-${suffix()}@test.example`,
      active: options.active ?? true,
      fte: options.fte ?? 1,
      roleDescriptionId: options.roleDescriptionId ?? null,
      passwordHash: options.withPassword === false ? null : await passwordHash(),
    })
    .returning();
  const roles = options.roles ?? ["employee"];
  if (roles.length) await db.insert(personRoles).values(roles.map((role) => ({ personId: row.id, role })));
  if (options.leads?.length) await db.insert(unitLeads).values(options.leads.map((unitId) => ({ unitId, personId: row.id })));
  return row;
}

/** A one-day workshop as the create form hands it to the domain; override what the story needs. */
export function eventInput(overrides: Partial<EventInput> = {}): EventInput {
  return {
    title: "Deeskalation am Schalter",
    description: "Ein Tag mit der Polizei",
    trainerPersonId: null,
    trainerName: "Petra Kühn",
    trainerOrganisation: "Polizeipräsidium",
    place: "Raum 101",
    onlineUrl: null,
    capacity: 10,
    deadlineDate: "2027-03-20",
    deadlineTime: "12:00",
    audienceRoleIds: [],
    audienceUnitIds: [],
    costCents: 120000,
    validMonths: 24,
    unitId: null,
    sessions: [{ date: "2027-03-25", start: "09:00", end: "16:00" }],
    competences: [{ competenceId: "c.de-escalation", level: 3 }],
    ...overrides,
  };
}
