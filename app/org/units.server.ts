// Org units of an authority as a tree: listing, creating, renaming and moving.
import { and, eq, sql } from "drizzle-orm";
import type { Queryable } from "~/db/client.server";
import { qualified } from "~/db/qualified.server";
import { people, unitLeads, units } from "~/db/schema";

const collator = new Intl.Collator("de");

export interface UnitNode {
  id: string;
  name: string;
  parentId: string | null;
  memberCount: number;
  leads: { id: string; name: string }[];
  children: UnitNode[];
  depth: number;
}

export async function listUnits(db: Queryable, authorityId: string) {
  const rows = await db
    .select({
      id: units.id,
      name: units.name,
      parentId: units.parentId,
      memberCount: sql<number>`(select count(*) from people p where p.unit_id = ${qualified(units.id)} and p.active)`.mapWith(Number),
    })
    .from(units)
    .where(eq(units.authorityId, authorityId))
    ;
  rows.sort((a, b) => collator.compare(a.name, b.name));
  const leadRows = await db
    .select({ unitId: unitLeads.unitId, id: people.id, given: people.givenName, family: people.familyName })
    .from(unitLeads)
    .innerJoin(people, eq(people.id, unitLeads.personId))
    .innerJoin(units, eq(units.id, unitLeads.unitId))
    .where(eq(units.authorityId, authorityId));
  return rows.map((row) => ({
    ...row,
    leads: leadRows.filter((l) => l.unitId === row.id).map((l) => ({ id: l.id, name: `${l.given} ${l.family}` })),
  }));
}

/** Builds the tree and a flat list in tree order (for selects), each with its depth. */
export function toTree(rows: Omit<UnitNode, "children" | "depth">[]) {
  const byParent = new Map<string | null, typeof rows>();
  for (const row of rows) {
    const list = byParent.get(row.parentId) ?? [];
    list.push(row);
    byParent.set(row.parentId, list);
  }
  const flat: UnitNode[] = [];
  const build = (parentId: string | null, depth: number): UnitNode[] =>
    (byParent.get(parentId) ?? []).map((row) => {
      const node: UnitNode = { ...row, depth, children: [] };
      flat.push(node);
      node.children = build(row.id, depth + 1);
      return node;
    });
  const roots = build(null, 0);
  return { roots, flat };
}

export class UnitError extends Error {
  constructor(
    readonly field: "name" | "parentId",
    readonly messageKey: string,
  ) {
    super(messageKey);
  }
}

async function assertParent(db: Queryable, authorityId: string, parentId: string | null, unitId?: string) {
  if (!parentId) return;
  const [parent] = await db.select().from(units).where(and(eq(units.id, parentId), eq(units.authorityId, authorityId)));
  if (!parent) throw new UnitError("parentId", "validation.invalidChoice");
  if (unitId) {
    // Walk up from the new parent: meeting the unit itself would make a cycle.
    const ancestors = await db.execute<{ id: string }>(sql`
      with recursive up(id, parent_id) as (
        select id, parent_id from units where id = ${parentId}
        union all
        select u.id, u.parent_id from units u join up on u.id = up.parent_id
      ) select id::text as id from up`);
    const ids = (Array.isArray(ancestors) ? ancestors : (ancestors as { rows: { id: string }[] }).rows).map((r) => r.id);
    if (ids.includes(unitId)) throw new UnitError("parentId", "validation.unitCycle");
  }
}

async function assertNameFree(db: Queryable, authorityId: string, parentId: string | null, name: string, unitId?: string) {
  const clash = await db
    .select({ id: units.id })
    .from(units)
    .where(
      and(
        eq(units.authorityId, authorityId),
        parentId ? eq(units.parentId, parentId) : sql`${units.parentId} is null`,
        sql`lower(${units.name}) = lower(${name})`,
        unitId ? sql`${units.id} <> ${unitId}` : undefined,
      ),
    );
  if (clash.length > 0) throw new UnitError("name", "validation.unitNameTaken");
}

export async function createUnit(db: Queryable, authorityId: string, input: { name: string; parentId: string | null }) {
  await assertParent(db, authorityId, input.parentId);
  await assertNameFree(db, authorityId, input.parentId, input.name);
  const [row] = await db.insert(units).values({ authorityId, name: input.name, parentId: input.parentId }).returning();
  return row;
}

export async function updateUnit(
  db: Queryable,
  authorityId: string,
  unitId: string,
  input: { name: string; parentId: string | null },
) {
  const [unit] = await db.select().from(units).where(and(eq(units.id, unitId), eq(units.authorityId, authorityId)));
  if (!unit) return null;
  await assertParent(db, authorityId, input.parentId, unitId);
  await assertNameFree(db, authorityId, input.parentId, input.name, unitId);
  const [row] = await db.update(units).set({ name: input.name, parentId: input.parentId }).where(eq(units.id, unitId)).returning();
  return row;
}

/** The name of one unit, or null when there is none (no unit given, or it no longer exists). */
export async function unitName(db: Queryable, unitId: string | null) {
  if (!unitId) return null;
  const [row] = await db.select({ name: units.name }).from(units).where(eq(units.id, unitId));
  return row?.name ?? null;
}
