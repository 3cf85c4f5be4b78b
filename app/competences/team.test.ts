// The team matrix: gaps, coverage per competence, the single-expert warning, sorting and filtering.
import { describe, expect, it } from "vitest";
import { createI18n } from "~/i18n/i18n";
import { framework } from "./framework";
import { buildMatrix, compactCell, compactRows, moduleForGap, teamQuerySchema, workshopAssignedNotice, type TeamCell } from "./team";

const members = [
  { id: "a", givenName: "Anna", familyName: "Schmidt" },
  { id: "b", givenName: "Mehmet", familyName: "Demir" },
  { id: "c", givenName: "Olga", familyName: "Petrenko" },
];
const cells: TeamCell[] = [
  { personId: "a", competenceId: "k.residence-paths", required: 3, current: 2 },
  { personId: "b", competenceId: "k.residence-paths", required: 3, current: 3 },
  { personId: "c", competenceId: "k.residence-paths", required: 3, current: 0 },
  { personId: "a", competenceId: "c.interpreters", required: 2, current: 1 },
  { personId: "b", competenceId: "c.interpreters", required: 2, current: 4 },
  { personId: "c", competenceId: "c.interpreters", required: 2, current: 3 },
  // Held but not required by anyone: not a column.
  { personId: "a", competenceId: "s.empathy", required: 0, current: 2 },
];
const query = (q: Record<string, string> = {}) => teamQuerySchema.parse(q);

describe("the team matrix", () => {
  it("shows each member's gap per competence the unit needs, in framework order", () => {
    const m = buildMatrix({ framework, members, cells, query: query() });
    expect(m.columns.map((c) => c.competenceId)).toEqual(["k.residence-paths", "c.interpreters"]);
    expect(m.rows.map((r) => r.member.familyName)).toEqual(["Demir", "Petrenko", "Schmidt"]);
    const anna = m.rows.find((r) => r.member.id === "a")!;
    expect(anna.cells).toEqual([
      { required: 3, current: 2, gap: 1 },
      { required: 2, current: 1, gap: 1 },
    ]);
    expect(anna).toMatchObject({ gaps: 2, missingLevels: 2, noRole: false });
    // Olga: residence paths 3 levels short, interpreters met: one gap, three missing levels.
    expect(m.rows.find((r) => r.member.id === "c")).toMatchObject({ gaps: 1, missingLevels: 3 });
  });

  it("marks a member without a role description as such, not as someone without gaps", () => {
    const newcomer = { id: "n", givenName: "Nina", familyName: "Neu", hasRole: false };
    const m = buildMatrix({ framework, members: [...members, newcomer], cells, query: query({ sort: "gap", dir: "asc" }) });
    const nina = m.rows.find((r) => r.member.id === "n")!;
    expect(nina).toMatchObject({ noRole: true, gaps: 0, missingLevels: 0 });
    // Sorted by gaps, people without a role come last in either direction: they have no figure.
    expect(m.rows.at(-1)!.member.id).toBe("n");
    expect(compactRows(m.rows, [...members, newcomer]).at(-1)).toMatchObject({ noRole: true });
  });

  it("counts who meets each requirement and warns where only one member holds level 3 or more", () => {
    const m = buildMatrix({ framework, members, cells, query: query() });
    expect(m.columns[0]).toMatchObject({ requiring: 3, meeting: 1, secureHolders: 1, singleHolder: true });
    expect(m.columns[1]).toMatchObject({ requiring: 3, meeting: 2, secureHolders: 2, singleHolder: false });
  });

  it("sorts by a competence's gap (largest first) or by total gap, and filters by dimension", () => {
    expect(buildMatrix({ framework, members, cells, query: query({ sort: "k.residence-paths" }) }).rows.map((r) => r.member.id)).toEqual(["c", "a", "b"]);
    expect(buildMatrix({ framework, members, cells, query: query({ sort: "gap", dir: "asc" }) }).rows.map((r) => r.member.id)).toEqual(["b", "a", "c"]);
    expect(buildMatrix({ framework, members, cells, query: query({ sort: "name", dir: "desc" }) }).rows.map((r) => r.member.id)).toEqual(["a", "c", "b"]);
    const filtered = buildMatrix({ framework, members, cells, query: query({ dimension: "communication" }) });
    expect(filtered.columns.map((c) => c.competenceId)).toEqual(["c.interpreters"]);
  });

  it("ignores unknown sort keys and dimensions instead of failing", () => {
    const m = buildMatrix({ framework, members, cells, query: query({ sort: "'; drop table", dimension: "nope", dir: "sideways" }) });
    expect(m.sort).toBe("name");
    expect(m.dimension).toBeNull();
  });

  it("sends rows compactly: member index into the name-ordered list, two digits per cell", () => {
    const m = buildMatrix({ framework, members, cells, query: query({ sort: "gap" }) });
    const rows = compactRows(m.rows, members);
    expect(rows.map((r) => members[r.member].id)).toEqual(m.rows.map((r) => r.member.id));
    const anna = rows.find((r) => members[r.member].id === "a")!;
    expect(anna).toEqual({ member: 0, levels: "3221", gaps: 2, missingLevels: 2, noRole: false });
    expect([0, 1].map((i) => compactCell(anna.levels, i))).toEqual(m.rows.find((r) => r.member.id === "a")!.cells);
  });
});

describe("the module a gap cell offers to assign", () => {
  const modules = [
    { courseId: "c", moduleId: "long-2", level: 2, minutes: 60 },
    { courseId: "c", moduleId: "short-2", level: 2, minutes: 20 },
    { courseId: "c", moduleId: "basic-1", level: 1, minutes: 10 },
  ];
  it("closes the gap with the lowest sufficient level, then the shortest module", () => {
    expect(moduleForGap(modules, 1, 0)?.moduleId).toBe("basic-1");
    expect(moduleForGap(modules, 2, 1)?.moduleId).toBe("short-2");
  });
  it("narrows a gap no module closes, and offers nothing where no module raises the level", () => {
    expect(moduleForGap(modules, 3, 1)?.moduleId).toBe("short-2");
    expect(moduleForGap(modules, 3, 2)).toBeNull();
    expect(moduleForGap(modules, 2, 2)).toBeNull();
  });
});

describe("the notice after assigning a workshop", () => {
  const de = createI18n("de").t;
  const en = createI18n("en").t;

  it("says who got a seat and who is on the waiting list, in the right singular or plural", () => {
    expect(workshopAssignedNotice(de, 1, 0)).toBe("1 Person hat die Veranstaltung zugewiesen bekommen und ist angemeldet.");
    expect(workshopAssignedNotice(de, 3, 0)).toBe("3 Personen haben die Veranstaltung zugewiesen bekommen und sind angemeldet.");
    expect(workshopAssignedNotice(de, 1, 1)).toBe(
      "1 Person hat die Veranstaltung zugewiesen bekommen. Alle Plätze sind vergeben: Sie steht auf der Warteliste und rückt nach, sobald ein Platz frei wird.",
    );
    expect(workshopAssignedNotice(de, 2, 2)).toBe(
      "2 Personen haben die Veranstaltung zugewiesen bekommen. Alle Plätze sind vergeben: Sie stehen auf der Warteliste und rücken nach, sobald ein Platz frei wird.",
    );
    expect(workshopAssignedNotice(de, 2, 1)).toBe("2 Personen haben die Veranstaltung zugewiesen bekommen: 1 ist angemeldet, 1 steht auf der Warteliste, weil alle Plätze vergeben sind.");
    expect(workshopAssignedNotice(de, 5, 3)).toBe("5 Personen haben die Veranstaltung zugewiesen bekommen: 2 sind angemeldet, 3 stehen auf der Warteliste, weil alle Plätze vergeben sind.");
    expect(workshopAssignedNotice(en, 1, 1)).toBe("1 person has been assigned the workshop. All places are taken: they are on the waiting list and will move up as soon as a place becomes free.");
    expect(workshopAssignedNotice(en, 3, 1)).toBe("3 people have been assigned the workshop: 2 are registered, 1 is on the waiting list because all places are taken.");
  });
});
