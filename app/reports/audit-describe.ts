// The audit log in words (pure): each entry's details as labelled values with ids replaced by
// names (role descriptions, units, plans, competences, modules), so HR reads "Stelle:
// Sachbearbeitung" rather than "roleDescriptionId: 3f2c…". Field and action labels come from
// the catalogs (hr.audit.fields.*, hr.audit.actions.*); unknown fields are left out rather than
// shown as codes, except plain numbers and short texts.

export interface AuditNames {
  /** id → display name, for role descriptions, units and staffing plans of the authority. */
  byId: ReadonlyMap<string, string>;
  competence: (id: string) => string | undefined;
  module: (courseId: string, moduleId: string | null) => string | undefined;
}

/** A value: literal text, or translation keys (joined with ", "). */
export interface AuditValue {
  text?: string;
  keys?: string[];
}

/** One detail: the field (label key hr.audit.fields.<field>), its value, and for a change the value before. */
export interface AuditDetail {
  field: string;
  value: AuditValue;
  before?: AuditValue;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Fields whose value is only an internal id with nothing to resolve it to: not shown. */
const HIDDEN = new Set(["assignmentId", "evidenceId", "batchId", "scenarioId", "courseId"]);
/** Fields listing account roles (the account form; a directory sign-in's added, removed and skipped roles). */
const ROLE_LISTS = new Set(["roles", "added", "removed", "skipped"]);
const ENUMS: Record<string, string> = { relation: "hr.audit.values.relation", report: "hr.audit.values.report", by: "hr.audit.values.by" };

/** Ids in the details that name a role, unit or plan (for one lookup query per kind). */
export function auditIds(details: Record<string, unknown> | null): string[] {
  if (!details) return [];
  const out: string[] = [];
  const visit = (v: unknown) => {
    if (typeof v === "string" && UUID.test(v)) out.push(v);
    else if (v && typeof v === "object" && !Array.isArray(v)) Object.values(v).forEach(visit);
  };
  Object.values(details).forEach(visit);
  return out;
}

function value(field: string, v: unknown, names: AuditNames): AuditValue | null {
  if (v === null || v === undefined || v === "") return { keys: ["hr.audit.values.none"] };
  if (typeof v === "boolean") return { keys: [v ? "common.yes" : "common.no"] };
  if (typeof v === "number") return { text: String(v) };
  if (Array.isArray(v)) return ROLE_LISTS.has(field) ? { keys: v.length ? v.map((r) => `roles.${String(r)}`) : ["hr.audit.values.none"] } : { text: v.map(String).join(", ") };
  if (typeof v !== "string") return null;
  if (UUID.test(v)) {
    const name = names.byId.get(v);
    return name ? { text: name } : null;
  }
  if (field === "competenceId") return { text: names.competence(v) ?? v };
  if (ENUMS[field]) return { keys: [`${ENUMS[field]}.${v}`] };
  return { text: v.length > 120 ? `${v.slice(0, 117)}…` : v };
}

export function describeAuditDetails(details: Record<string, unknown> | null, names: AuditNames): AuditDetail[] {
  if (!details) return [];
  const out: AuditDetail[] = [];
  for (const [field, raw] of Object.entries(details)) {
    if (HIDDEN.has(field)) continue;
    if (field === "moduleId") {
      const title = names.module(String(details.courseId ?? ""), typeof raw === "string" ? raw : null);
      if (title) out.push({ field: raw ? "module" : "course", value: { text: title } });
      continue;
    }
    // A change from one state to another: "Stelle: A → B", "VZÄ: 1 → 0,5".
    if ((field === "from" || field === "to") && raw && typeof raw === "object" && !Array.isArray(raw)) {
      if (field === "to") continue;
      const to = (details.to ?? {}) as Record<string, unknown>;
      for (const [sub, before] of Object.entries(raw as Record<string, unknown>)) {
        const a = value(sub, before, names);
        const b = value(sub, to[sub], names);
        if (a && b) out.push({ field: sub, before: a, value: b });
      }
      continue;
    }
    const v = value(field, raw, names);
    if (v) out.push({ field, value: v });
  }
  // "Stelle: Leitung · Titel: Leitung" says the same twice: keep the named reference only.
  const named = new Set(out.filter((d) => d.field !== "title" && d.field !== "name" && d.value.text).map((d) => d.value.text));
  return out.filter((d) => !((d.field === "title" || d.field === "name") && named.has(d.value.text)));
}

/** The catalog key of an action's label: "area.verb" as is, "area.noun.verb" as area.noun_verb (one nesting level). */
export function auditActionKey(action: string): string {
  const [area, ...rest] = action.split(".");
  return `hr.audit.actions.${area}.${rest.join("_")}`;
}
