// The audit log in words: ids become names, codes become labelled values.
import { describe, expect, it } from "vitest";
import { auditActionKey, auditIds, describeAuditDetails, type AuditNames } from "./audit-describe";

const role = "3f2c1a9e-8b7d-4c6e-9f01-23456789abcd";
const other = "4a2c1a9e-8b7d-4c6e-9f01-23456789abcd";
const names: AuditNames = {
  byId: new Map([
    [role, "Sachbearbeitung Aufenthalt"],
    [other, "Servicepoint"],
  ]),
  competence: (id) => (id === "c.interpreters" ? "Arbeiten mit Dolmetschenden" : undefined),
  module: (c, m) => (c === "kommunikation-beratung" && m === "arbeiten-mit-dolmetschenden" ? "Arbeiten mit Dolmetschenden und Sprachmittlung" : undefined),
};

describe("audit details in words", () => {
  it("names role descriptions instead of showing their ids", () => {
    expect(auditIds({ roleDescriptionId: role, title: "x" })).toEqual([role]);
    // The title the entry also carries would only repeat the name.
    expect(describeAuditDetails({ roleDescriptionId: role, title: "Sachbearbeitung Aufenthalt" }, names)).toEqual([
      { field: "roleDescriptionId", value: { text: "Sachbearbeitung Aufenthalt" } },
    ]);
    // A role description deleted since keeps the title it had then.
    expect(describeAuditDetails({ roleDescriptionId: "6c2c1a9e-8b7d-4c6e-9f01-23456789abcd", title: "Alt" }, names)).toEqual([{ field: "title", value: { text: "Alt" } }]);
  });

  it("names the module of an assignment and hides internal ids", () => {
    const details = { assignmentId: other.replace("4a", "5b"), courseId: "kommunikation-beratung", moduleId: "arbeiten-mit-dolmetschenden", dueOn: "2026-07-01" };
    expect(describeAuditDetails(details, names)).toEqual([
      { field: "module", value: { text: "Arbeiten mit Dolmetschenden und Sprachmittlung" } },
      { field: "dueOn", value: { text: "2026-07-01" } },
    ]);
  });

  it("shows a role change as before and after, and account roles and enums as catalog keys", () => {
    expect(describeAuditDetails({ from: { roleDescriptionId: null, fte: 1 }, to: { roleDescriptionId: other, fte: 0.5 } }, names)).toEqual([
      { field: "roleDescriptionId", before: { keys: ["hr.audit.values.none"] }, value: { text: "Servicepoint" } },
      { field: "fte", before: { text: "1" }, value: { text: "0.5" } },
    ]);
    expect(describeAuditDetails({ roles: ["employee", "lead"], relation: "lead", competenceId: "c.interpreters", individual: false }, names)).toEqual([
      { field: "roles", value: { keys: ["roles.employee", "roles.lead"] } },
      { field: "relation", value: { keys: ["hr.audit.values.relation.lead"] } },
      { field: "competenceId", value: { text: "Arbeiten mit Dolmetschenden" } },
      { field: "individual", value: { keys: ["common.no"] } },
    ]);
    // A directory sign-in's role changes, with the roles an admin's own mapping could not give them.
    expect(describeAuditDetails({ added: [], removed: ["lead"], skipped: ["hr"], groups: ["GG-Admins"] }, names)).toEqual([
      { field: "added", value: { keys: ["hr.audit.values.none"] } },
      { field: "removed", value: { keys: ["roles.lead"] } },
      { field: "skipped", value: { keys: ["roles.hr"] } },
      { field: "groups", value: { text: "GG-Admins" } },
    ]);
  });
});

describe("action labels", () => {
  it("every action the code writes has a German and an English label (HR never reads a code)", async () => {
    const { readdirSync, readFileSync, statSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { translator } = await import("~/i18n/i18n");
    const actions = new Set<string>();
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const full = join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (/\.tsx?$/.test(name) && !name.includes(".test."))
          for (const m of readFileSync(full, "utf8").matchAll(/action: (?:[\w.]+ \? )?"([a-z-]+\.[\w.-]+)"(?: : "([a-z-]+\.[\w.-]+)")?/g)) {
            actions.add(m[1]);
            if (m[2]) actions.add(m[2]);
          }
      }
    };
    walk("app");
    // Actions built from a value: each value the code can write.
    for (const a of ["event.registered", "event.waitlisted", "role.retire", "role.reactivate", "account.deactivate", "account.reactivate", "evidence.observed", "evidence.certificate", "evidence.self", "evidence.quiz"]) actions.add(a);
    expect(actions.size).toBeGreaterThan(40);
    const missing = [...actions].flatMap((a) => (["de", "en"] as const).filter((l) => translator(l)(auditActionKey(a) as "hr.audit.title") === auditActionKey(a)).map((l) => `${a} (${l})`));
    expect(missing).toEqual([]);
    expect(translator("de")(auditActionKey("event.attendance.correct") as "hr.audit.title")).toBe("Teilnahme korrigiert");
  });
});
