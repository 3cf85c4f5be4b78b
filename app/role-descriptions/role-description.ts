// Role descriptions (Stellenbeschreibungen), pure: time-share validation and the list of changes
// between two versions (stored with each version, rendered in the reader's language).

export const taskCategories = ["counselling", "service_information", "casework_decision", "leadership", "other"] as const;
export type TaskCategory = (typeof taskCategories)[number];
export const paySchemes = ["TVöD", "TV-L", "Besoldung"] as const;
export type PayScheme = (typeof paySchemes)[number];

export interface RoleTask {
  title: string;
  category: TaskCategory;
  sharePercent: number;
}

export interface RoleSnapshot {
  title: string;
  payScheme: PayScheme;
  payGrade: string;
  status: "active" | "retired";
  tasks: RoleTask[];
  /** Required level per competence id; competences not listed are not required (0). */
  requirements: Record<string, number>;
}

/** Shares are entered with up to two decimals; anything within a hundredth of 100 is 100. */
export function sumShares(tasks: readonly Pick<RoleTask, "sharePercent">[]): number {
  return Math.round(tasks.reduce((sum, t) => sum + t.sharePercent, 0) * 100) / 100;
}

/**
 * null when the shares add up to 100 %, otherwise an error message key with the actual sum
 * ("hr.roles.sharesSum|{"sum":"95"}"): the form names the sum so HR sees what to fix.
 */
export function validateTaskShares(tasks: readonly Pick<RoleTask, "sharePercent">[]): string | null {
  if (tasks.length === 0) return "hr.roles.tasksRequired";
  const sum = sumShares(tasks);
  if (Math.abs(sum - 100) < 0.005) return null;
  return `hr.roles.sharesSum|${JSON.stringify({ sum: formatPercent(sum) })}`;
}

function formatPercent(n: number) {
  return n.toLocaleString("de-DE", { maximumFractionDigits: 2 });
}

export type RoleChange =
  | { kind: "created" }
  | { kind: "copied"; from: string }
  | { kind: "field"; field: "title" | "payScheme" | "payGrade" | "status"; from: string; to: string }
  | { kind: "requirement"; competenceId: string; from: number; to: number }
  | { kind: "taskAdded"; title: string; sharePercent: number }
  | { kind: "taskRemoved"; title: string }
  | { kind: "taskChanged"; title: string; from: string; to: string };

/** What changed from `before` to `after`, in a stable order (fields, tasks, requirements). */
export function describeChanges(before: RoleSnapshot, after: RoleSnapshot): RoleChange[] {
  const changes: RoleChange[] = [];
  for (const field of ["title", "payScheme", "payGrade", "status"] as const) {
    if (before[field] !== after[field]) changes.push({ kind: "field", field, from: before[field], to: after[field] });
  }
  const beforeTasks = new Map(before.tasks.map((t) => [t.title, t]));
  const afterTitles = new Set(after.tasks.map((t) => t.title));
  for (const task of after.tasks) {
    const old = beforeTasks.get(task.title);
    if (!old) changes.push({ kind: "taskAdded", title: task.title, sharePercent: task.sharePercent });
    else if (old.sharePercent !== task.sharePercent || old.category !== task.category)
      changes.push({ kind: "taskChanged", title: task.title, from: `${old.sharePercent} % ${old.category}`, to: `${task.sharePercent} % ${task.category}` });
  }
  for (const task of before.tasks) if (!afterTitles.has(task.title)) changes.push({ kind: "taskRemoved", title: task.title });
  const ids = [...new Set([...Object.keys(before.requirements), ...Object.keys(after.requirements)])].sort();
  for (const id of ids) {
    const from = before.requirements[id] ?? 0;
    const to = after.requirements[id] ?? 0;
    if (from !== to) changes.push({ kind: "requirement", competenceId: id, from, to });
  }
  return changes;
}
