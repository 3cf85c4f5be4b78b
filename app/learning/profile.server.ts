// Reading a person's competence profile and their role description: a constant number of
// queries per page, however many competences and evidence rows there are.
import { and, eq, sql } from "drizzle-orm";
import { rowsOf, type Queryable } from "~/db/client.server";
import { people, roleDescriptions, roleRequirements, roleTasks, type currentLevels, type evidence as evidenceTable, type units } from "~/db/schema";
import { catalogForAuthority, type AuthorityCatalog } from "~/courses/authority-catalog.server";
import { framework } from "~/competences/framework";
import { gapSummary } from "~/competences/levels";
import { buildProfile, type ProfileDimension, type ProfileEvidence } from "./profile";

export interface RoleSummary {
  id: string;
  title: string;
  payScheme: string;
  payGrade: string;
}

export interface Profile {
  person: { id: string; givenName: string; familyName: string; unitId: string | null; unitName: string | null };
  role: RoleSummary | null;
  dimensions: ProfileDimension[];
  totals: { required: number; met: number; gaps: number; missingLevels: number; expiringSoon: number };
}

type Person = typeof people.$inferSelect;
type Role = typeof roleDescriptions.$inferSelect;
type Requirement = typeof roleRequirements.$inferSelect;
type Evidence = typeof evidenceTable.$inferSelect;
type CurrentLevel = typeof currentLevels.$inferSelect;

/** getProfile's row, typed from the schema; times inside the JSON arrays arrive as text. */
interface ProfileRowSql {
  id: Person["id"];
  given_name: Person["givenName"];
  family_name: Person["familyName"];
  unit_id: Person["unitId"];
  unit_name: (typeof units.$inferSelect)["name"] | null;
  role_id: Role["id"] | null;
  role_title: Role["title"] | null;
  pay_scheme: Role["payScheme"] | null;
  pay_grade: Role["payGrade"] | null;
  requirements: { c: Requirement["competenceId"]; l: Requirement["level"] }[] | string;
  evidence:
    | {
        id: Evidence["id"];
        c: Evidence["competenceId"];
        l: Evidence["level"];
        s: Evidence["source"];
        a: string;
        v: string | null;
        r: string | null;
        n: Evidence["note"];
        by: string | null;
        k?: string;
        fv?: number | null;
      }[]
    | string;
  levels: { c: CurrentLevel["competenceId"]; l: CurrentLevel["level"]; v: string | null }[] | string;
}

/**
 * The module a quiz evidence row came from (its note is the "course/module" path), titled as the
 * authority's people see it, and the authority's version ("Fassung") the attempt was made on
 * (null: the built-in module).
 */
function quizModule(catalog: AuthorityCatalog, note: string | null, version: number | null) {
  const [courseId, moduleId] = note?.split("/") ?? [];
  const module = courseId && moduleId ? catalog.module(courseId, moduleId) : undefined;
  return module ? { courseId, moduleId, title: module.title, version } : null;
}

/**
 * The version of an authored module a quiz attempt was graded on: attempts store the content hash
 * of what they were graded against; the version is the authority's one of that module with that
 * hash that had been published by then (the latest, should two versions have the same text).
 * Null for the built-in module.
 */
const attemptVersionSql = sql`(select max(v.version)
    from quiz_attempts qa
    join authored_modules am on am.authority_id = qa.authority_id and am.course_id = qa.course_id and am.module_id = qa.module_id
    join authored_module_versions v on v.authored_module_id = am.id and v.content_hash = qa.content_hash
   where qa.id = e.attempt_id and v.status in ('published', 'superseded', 'withdrawn') and v.reviewed_at <= qa.submitted_at)`;

/**
 * One person's profile at `at`; null when the person is not in `authorityId`. `catalog`: the
 * authority's view of the catalog when the caller has it already.
 */
export async function getProfile(db: Queryable, authorityId: string, personId: string, at: Date, options: { catalog?: AuthorityCatalog } = {}): Promise<Profile | null> {
  const catalog = options.catalog ?? (await catalogForAuthority(db, authorityId));
  // Raw SQL: the profile page's hot path, tuned and measured as it is (docs/benchmarks.md, profile).
  const [row] = rowsOf<ProfileRowSql>(
    await db.execute(sql`
      select p.id, p.given_name, p.family_name, p.unit_id, u.name as unit_name,
             rd.id as role_id, rd.title as role_title, rd.pay_scheme::text as pay_scheme, rd.pay_grade,
             coalesce((select json_agg(json_build_object('c', rr.competence_id, 'l', rr.level))
                         from role_requirements rr where rr.role_description_id = p.role_description_id), '[]'::json) as requirements,
             coalesce((select json_agg(json_build_object(
                           'id', e.id, 'c', e.competence_id, 'l', e.level, 's', e.source, 'a', e.achieved_at,
                           'v', e.valid_until, 'r', e.revoked_at, 'n', e.note, 'k', e.created_at,
                           'fv', case when e.source = 'quiz' and e.attempt_id is not null then ${attemptVersionSql} end,
                           'by', case when rb.id is null then null else rb.given_name || ' ' || rb.family_name end)
                         order by e.achieved_at desc)
                         from evidence e left join people rb on rb.id = e.recorded_by
                        where e.person_id = p.id and e.authority_id = p.authority_id), '[]'::json) as evidence,
             coalesce((select json_agg(json_build_object('c', cl.competence_id, 'l', cl.level, 'v', cl.valid_until))
                         from (select distinct on (cl.competence_id) cl.competence_id, cl.level, cl.valid_until
                                 from current_levels cl
                                where cl.authority_id = p.authority_id and cl.person_id = p.id
                                  and (cl.valid_until is null or cl.valid_until > ${at.toISOString()}::timestamptz)
                                order by cl.competence_id, cl.level desc) cl), '[]'::json) as levels
      from people p
      left join units u on u.id = p.unit_id
      left join role_descriptions rd on rd.id = p.role_description_id
      where p.id = ${personId} and p.authority_id = ${authorityId}`),
  );
  if (!row) return null;
  const json = <T>(v: T | string): T => (typeof v === "string" ? (JSON.parse(v) as T) : v);
  const requirements = new Map(json(row.requirements).map((r) => [r.c, r.l]));
  const evidence: ProfileEvidence[] = json(row.evidence).map((e) => ({
    id: e.id,
    competenceId: e.c,
    level: e.l,
    source: e.s,
    achievedAt: new Date(e.a),
    validUntil: e.v ? new Date(e.v) : null,
    revokedAt: e.r ? new Date(e.r) : null,
    note: e.n,
    recordedByName: e.by,
    createdAt: e.k ? new Date(e.k) : undefined,
    module: e.s === "quiz" ? quizModule(catalog, e.n, e.fv ?? null) : null,
  }));
  // The level and its expiry come from the table of current levels; the evidence explains them.
  const levels = new Map(json(row.levels).map((l) => [l.c, { level: Number(l.l), validUntil: l.v ? new Date(l.v) : null }]));
  const dimensions = buildProfile({ framework, requirements, evidence, modules: catalog.moduleRefs(), at, levels });
  const rows = dimensions.flatMap((d) => d.rows);
  return {
    person: { id: row.id, givenName: row.given_name, familyName: row.family_name, unitId: row.unit_id, unitName: row.unit_name },
    role: row.role_id
      ? { id: row.role_id, title: row.role_title!, payScheme: row.pay_scheme!, payGrade: row.pay_grade! }
      : null,
    dimensions,
    totals: {
      required: rows.filter((r) => r.required > 0).length,
      met: rows.filter((r) => r.required > 0 && r.gap === 0).length,
      // Same definitions and names as the team matrix: "Lücken" and "fehlende Stufen".
      ...gapSummary(rows),
      expiringSoon: rows.filter((r) => r.expiresSoon || r.explanation.some((e) => e.expiresSoon)).length,
    },
  };
}

export interface RoleDescriptionView extends RoleSummary {
  status: string;
  version: number;
  updatedAt: Date;
  tasks: { title: string; category: string; sharePercent: number }[];
  requirements: Map<string, number>;
  holders: number;
}

/** A role description with its tasks and requirements (read-only; HR edits them elsewhere). */
export async function getRoleDescription(db: Queryable, authorityId: string, roleId: string): Promise<RoleDescriptionView | null> {
  const [row] = await db
    .select({
      id: roleDescriptions.id,
      title: roleDescriptions.title,
      payScheme: roleDescriptions.payScheme,
      payGrade: roleDescriptions.payGrade,
      status: roleDescriptions.status,
      version: roleDescriptions.version,
      updatedAt: roleDescriptions.updatedAt,
      // Subqueries as builders: drizzle leaves columns in a one-table select list unqualified,
      // which inside a raw subquery would name the inner table's columns.
      tasks: sql<{ t: string; c: string; s: string | number }[] | string>`coalesce((${db
        .select({ j: sql`json_agg(json_build_object('t', ${roleTasks.title}, 'c', ${roleTasks.category}, 's', ${roleTasks.sharePercent}) order by ${roleTasks.position})` })
        .from(roleTasks)
        .where(eq(roleTasks.roleDescriptionId, roleDescriptions.id))}), '[]'::json)`,
      requirements: sql<{ c: string; l: number }[] | string>`coalesce((${db
        .select({ j: sql`json_agg(json_build_object('c', ${roleRequirements.competenceId}, 'l', ${roleRequirements.level}))` })
        .from(roleRequirements)
        .where(eq(roleRequirements.roleDescriptionId, roleDescriptions.id))}), '[]'::json)`,
      holders: db.$count(people, and(eq(people.roleDescriptionId, roleDescriptions.id), sql`${people.active}`)),
    })
    .from(roleDescriptions)
    .where(and(eq(roleDescriptions.id, roleId), eq(roleDescriptions.authorityId, authorityId)));
  if (!row) return null;
  const json = <T>(v: T | string): T => (typeof v === "string" ? (JSON.parse(v) as T) : v);
  return {
    id: row.id,
    title: row.title,
    payScheme: row.payScheme,
    payGrade: row.payGrade,
    status: row.status,
    version: row.version,
    updatedAt: row.updatedAt,
    tasks: json(row.tasks).map((t) => ({ title: t.t, category: t.c, sharePercent: Number(t.s) })),
    requirements: new Map(json(row.requirements).map((r) => [r.c, r.l])),
    holders: row.holders,
  };
}
