// Role descriptions (Stellenbeschreibungen) of an authority: list, read, create, edit, copy,
// retire. Every change writes a version row with a snapshot and the list of changes.
import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Queryable } from "~/db/client.server";
import { qualified } from "~/db/qualified.server";
import { people, roleDescriptions, roleDescriptionVersions, roleRequirements, roleTasks } from "~/db/schema";
import { notifyRaisedRequirements } from "~/competences/notifications.server";
import { describeChanges, type RoleChange, type RoleSnapshot } from "./role-description";
import type { RoleInput } from "./role-schema";

export class RoleError extends Error {
  constructor(
    readonly field: string,
    readonly messageKey: string,
  ) {
    super(messageKey);
  }
}

export async function listRoles(db: Queryable, authorityId: string) {
  const rows = await db
    .select({
      id: roleDescriptions.id,
      title: roleDescriptions.title,
      payScheme: roleDescriptions.payScheme,
      payGrade: roleDescriptions.payGrade,
      status: roleDescriptions.status,
      version: roleDescriptions.version,
      updatedAt: roleDescriptions.updatedAt,
      people: sql<number>`(select count(*) from people p where p.role_description_id = ${qualified(roleDescriptions.id)} and p.active)`.mapWith(Number),
      counsellingShare: sql<number>`coalesce((select sum(t.share_percent) from role_tasks t where t.role_description_id = ${qualified(roleDescriptions.id)} and t.category in ('counselling','service_information')), 0)`.mapWith(Number),
    })
    .from(roleDescriptions)
    .where(eq(roleDescriptions.authorityId, authorityId))
    .orderBy(asc(roleDescriptions.status), asc(roleDescriptions.title));
  return rows;
}

export async function getRoleSnapshot(db: Queryable, authorityId: string, roleId: string): Promise<(RoleSnapshot & { id: string; version: number }) | null> {
  const [role] = await db
    .select()
    .from(roleDescriptions)
    .where(and(eq(roleDescriptions.id, roleId), eq(roleDescriptions.authorityId, authorityId)));
  if (!role) return null;
  const tasks = await db.select().from(roleTasks).where(eq(roleTasks.roleDescriptionId, roleId)).orderBy(asc(roleTasks.position));
  const reqs = await db.select().from(roleRequirements).where(eq(roleRequirements.roleDescriptionId, roleId));
  return {
    id: role.id,
    version: role.version,
    title: role.title,
    payScheme: role.payScheme,
    payGrade: role.payGrade,
    status: role.status,
    tasks: tasks.map((t) => ({ title: t.title, category: t.category, sharePercent: Number(t.sharePercent) })),
    requirements: Object.fromEntries(reqs.map((r) => [r.competenceId, r.level])),
  };
}

export async function getRoleHistory(db: Queryable, authorityId: string, roleId: string) {
  const rows = await db
    .select({
      version: roleDescriptionVersions.version,
      changes: roleDescriptionVersions.changes,
      createdAt: roleDescriptionVersions.createdAt,
      actorGiven: people.givenName,
      actorFamily: people.familyName,
    })
    .from(roleDescriptionVersions)
    .leftJoin(people, eq(people.id, roleDescriptionVersions.actorId))
    .where(and(eq(roleDescriptionVersions.roleDescriptionId, roleId), eq(roleDescriptionVersions.authorityId, authorityId)))
    .orderBy(desc(roleDescriptionVersions.version));
  return rows.map((r) => ({
    version: r.version,
    changes: r.changes as RoleChange[],
    createdAt: r.createdAt.toISOString(),
    actor: r.actorGiven ? `${r.actorGiven} ${r.actorFamily}` : null,
  }));
}

async function assertTitleFree(db: Queryable, authorityId: string, title: string, exceptId?: string) {
  const [clash] = await db
    .select({ id: roleDescriptions.id })
    .from(roleDescriptions)
    .where(and(eq(roleDescriptions.authorityId, authorityId), eq(roleDescriptions.title, title), exceptId ? sql`${roleDescriptions.id} <> ${exceptId}` : undefined));
  if (clash) throw new RoleError("title", "hr.roles.titleTaken");
}

async function writeContent(db: Queryable, roleId: string, input: Pick<RoleSnapshot, "tasks" | "requirements">) {
  await db.delete(roleTasks).where(eq(roleTasks.roleDescriptionId, roleId));
  if (input.tasks.length)
    await db.insert(roleTasks).values(input.tasks.map((t, position) => ({ roleDescriptionId: roleId, position, title: t.title, category: t.category, sharePercent: t.sharePercent })));
  await db.delete(roleRequirements).where(eq(roleRequirements.roleDescriptionId, roleId));
  const reqs = Object.entries(input.requirements).filter(([, level]) => level > 0);
  if (reqs.length) await db.insert(roleRequirements).values(reqs.map(([competenceId, level]) => ({ roleDescriptionId: roleId, competenceId, level })));
}

async function recordVersion(db: Queryable, authorityId: string, roleId: string, version: number, actorId: string, changes: RoleChange[], snapshot: RoleSnapshot) {
  await db.insert(roleDescriptionVersions).values({ authorityId, roleDescriptionId: roleId, version, actorId, changes, snapshot });
}

export async function createRole(db: Queryable, authorityId: string, actorId: string, input: RoleInput, copiedFrom?: string) {
  await assertTitleFree(db, authorityId, input.title);
  const [row] = await db
    .insert(roleDescriptions)
    .values({ authorityId, title: input.title, payScheme: input.payScheme, payGrade: input.payGrade })
    .returning({ id: roleDescriptions.id });
  await writeContent(db, row.id, input);
  const snapshot: RoleSnapshot = { ...input, status: "active" };
  await recordVersion(db, authorityId, row.id, 1, actorId, [copiedFrom ? { kind: "copied", from: copiedFrom } : { kind: "created" }], snapshot);
  return row.id;
}

/** Saves a new version; returns the changes (empty when nothing changed: no new version). */
export async function updateRole(db: Queryable, authorityId: string, actorId: string, roleId: string, input: RoleInput) {
  const before = await getRoleSnapshot(db, authorityId, roleId);
  if (!before) throw new RoleError("form", "errors.notFoundTitle");
  await assertTitleFree(db, authorityId, input.title, roleId);
  const after: RoleSnapshot = { ...input, status: before.status };
  const changes = describeChanges(before, after);
  if (changes.length === 0) return changes;
  const version = before.version + 1;
  await db
    .update(roleDescriptions)
    .set({ title: input.title, payScheme: input.payScheme, payGrade: input.payGrade, version, updatedAt: new Date() })
    .where(and(eq(roleDescriptions.id, roleId), eq(roleDescriptions.authorityId, authorityId)));
  await writeContent(db, roleId, input);
  await recordVersion(db, authorityId, roleId, version, actorId, changes, after);
  // People whose gap grows hear about it (in the same transaction as the change).
  if (changes.some((c) => c.kind === "requirement"))
    await notifyRaisedRequirements(db, { authorityId, roleDescriptionId: roleId, roleTitle: input.title, version, before: before.requirements, after: input.requirements, at: new Date() });
  return changes;
}

export async function setRoleStatus(db: Queryable, authorityId: string, actorId: string, roleId: string, status: "active" | "retired") {
  const before = await getRoleSnapshot(db, authorityId, roleId);
  if (!before || before.status === status) return false;
  const version = before.version + 1;
  await db.update(roleDescriptions).set({ status, version, updatedAt: new Date() }).where(eq(roleDescriptions.id, roleId));
  const after = { ...before, status };
  await recordVersion(db, authorityId, roleId, version, actorId, describeChanges(before, after), stripIds(after));
  return true;
}

/** A copy named "… (Kopie)" (numbered when taken), as version 1 of a new role description. */
export async function copyRole(db: Queryable, authorityId: string, actorId: string, roleId: string, copySuffix: string) {
  const source = await getRoleSnapshot(db, authorityId, roleId);
  if (!source) return null;
  const taken = new Set((await db.select({ title: roleDescriptions.title }).from(roleDescriptions).where(eq(roleDescriptions.authorityId, authorityId))).map((r) => r.title));
  let title = `${source.title} (${copySuffix})`;
  for (let n = 2; taken.has(title); n++) title = `${source.title} (${copySuffix} ${n})`;
  const { tasks, requirements, payScheme, payGrade } = source;
  return createRole(db, authorityId, actorId, { title, tasks, requirements, payScheme, payGrade }, source.title);
}

function stripIds(s: RoleSnapshot & { id?: string; version?: number }): RoleSnapshot {
  const { title, payScheme, payGrade, status, tasks, requirements } = s;
  return { title, payScheme, payGrade, status, tasks, requirements };
}
