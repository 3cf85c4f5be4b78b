// Seeds the demo authority into an empty embedded database (or when SEED_DEMO=1).
// Seeding is idempotent: an existing demo authority is left as it is.
import { eq } from "drizzle-orm";
import type { Db, Queryable } from "~/db/client.server";
import {
  authorities,
  people,
  personRoles,
  roleDescriptions,
  roleRequirements,
  roleTasks,
  unitLeads,
  units,
} from "~/db/schema";
import { hashPassword } from "~/auth/password.server";
import { seedCompetenceDemo } from "./competences-demo.server";
import { seedEventsDemo } from "./events-demo.server";
import { seedHrDemo } from "~/seed/hr-demo.server";
import { demoAuthority, demoEmail, demoPassword, demoPeople, demoRoles, demoUnits, otherAuthority } from "./demo-data";

export type SeedStep = (tx: Queryable, ctx: SeedContext) => Promise<void>;

export interface SeedContext {
  authorityId: string;
  unitIds: Map<string, string>;
  roleIds: Map<string, string>;
  /** Demo person id by e-mail address. */
  personIds: Map<string, string>;
  now: Date;
}

/**
 * Further demo content (profiles, attempts, assignments, staffing plans): each area adds its
 * step here, so one transaction seeds everything or nothing.
 */
// Order matters: the HR trend history is computed from the competence evidence.
const extraSteps: SeedStep[] = [seedCompetenceDemo, seedHrDemo, seedEventsDemo];

/** Returns true when it seeded, false when the demo authority already existed. */
export async function seedDemo(db: Db, now = new Date()): Promise<boolean> {
  const existing = await db.select({ id: authorities.id }).from(authorities).where(eq(authorities.slug, demoAuthority.slug));
  if (existing.length > 0) return false;
  // One hash for all demo accounts: they share a password, and 40 argon2 hashes cost 2 s.
  const passwordHash = await hashPassword(demoPassword);
  await db.transaction(async (tx) => {
    const [authority] = await tx.insert(authorities).values(demoAuthority).returning();
    const unitIds = new Map<string, string>();
    for (const unit of demoUnits) {
      const [row] = await tx
        .insert(units)
        .values({ authorityId: authority.id, name: unit.name, parentId: unit.parent ? unitIds.get(unit.parent) : null })
        .returning({ id: units.id });
      unitIds.set(unit.key, row.id);
    }
    const roleIds = new Map<string, string>();
    for (const role of demoRoles) {
      const [row] = await tx
        .insert(roleDescriptions)
        .values({ authorityId: authority.id, title: role.title, payScheme: role.payScheme, payGrade: role.payGrade })
        .returning({ id: roleDescriptions.id });
      roleIds.set(role.key, row.id);
      await tx.insert(roleTasks).values(
        role.tasks.map((task, position) => ({
          roleDescriptionId: row.id,
          position,
          title: task.title,
          category: task.category,
          sharePercent: task.share,
        })),
      );
      await tx.insert(roleRequirements).values(
        Object.entries(role.requirements).map(([competenceId, level]) => ({ roleDescriptionId: row.id, competenceId, level })),
      );
    }
    const personIds = new Map<string, string>();
    const inserted = await tx
      .insert(people)
      .values(
        demoPeople.map((person) => ({
          authorityId: authority.id,
          unitId: unitIds.get(person.unit)!,
          roleDescriptionId: person.role ? roleIds.get(person.role)! : null,
          email: demoEmail(person),
          givenName: person.givenName,
          familyName: person.familyName,
          fte: person.fte ?? 1,
          passwordHash,
        })),
      )
      .returning({ id: people.id, email: people.email });
    for (const row of inserted) personIds.set(row.email, row.id);
    await tx.insert(personRoles).values(
      demoPeople.flatMap((person) => person.roles.map((role) => ({ personId: personIds.get(demoEmail(person))!, role }))),
    );
    await tx.insert(unitLeads).values(
      demoPeople.flatMap((person) =>
        (person.leads ?? []).map((unit) => ({ unitId: unitIds.get(unit)!, personId: personIds.get(demoEmail(person))! })),
      ),
    );
    await seedOtherAuthority(tx, passwordHash);
    const ctx: SeedContext = { authorityId: authority.id, unitIds, roleIds, personIds, now };
    for (const step of extraSteps) await step(tx, ctx);
  });
  return true;
}

async function seedOtherAuthority(tx: Queryable, passwordHash: string) {
  const [authority] = await tx.insert(authorities).values({ slug: otherAuthority.slug, name: otherAuthority.name }).returning();
  const [unit] = await tx.insert(units).values({ authorityId: authority.id, name: otherAuthority.unit }).returning();
  for (const person of otherAuthority.people) {
    const [row] = await tx
      .insert(people)
      .values({
        authorityId: authority.id,
        unitId: unit.id,
        email: person.email,
        givenName: person.givenName,
        familyName: person.familyName,
        passwordHash,
      })
      .returning({ id: people.id });
    await tx.insert(personRoles).values(person.roles.map((role) => ({ personId: row.id, role })));
    if ("leads" in person && person.leads) await tx.insert(unitLeads).values({ unitId: unit.id, personId: row.id });
  }
}

// For route loaders: importing ./demo-data from a route would ship every demo person and role to
// the browser (the module is not removed with the loader; a *.server module is).
export { demoAuthority, demoPassword };
