// Building the profile from the framework file: framework changes, modules for gaps, recommendations.
import { describe, expect, it } from "vitest";
import type { Framework } from "~/competences/framework";
import { buildProfile, modulesFor, recommendModules, type ModuleRef, type ProfileEvidence } from "./profile";

const at = new Date("2026-06-01T00:00:00Z");
const text = (s: string) => ({ de: s, en: s });
const competence = (id: string) => ({
  id,
  name: text(id),
  description: text(id),
  goals: [10],
  descriptors: { "1": text("1"), "2": text("2"), "3": text("3"), "4": text("4") },
});
const frameworkV1: Pick<Framework, "dimensions"> = {
  dimensions: [
    { id: "knowledge", name: text("Wissen"), description: text("…"), competences: [competence("k.residence-paths"), competence("k.old-topic")] },
    { id: "communication", name: text("Kommunikation"), description: text("…"), competences: [competence("c.interpreters")] },
  ],
};
let n = 0;
const ev = (competenceId: string, level: number, source: ProfileEvidence["source"] = "quiz", extra: Partial<ProfileEvidence> = {}): ProfileEvidence => ({
  id: `e${++n}`,
  competenceId,
  level,
  source,
  achievedAt: new Date("2026-01-01T00:00:00Z"),
  validUntil: null,
  revokedAt: null,
  note: null,
  recordedByName: null,
  ...extra,
});
const mod = (moduleId: string, competences: Record<string, number>, minutes = 15): ModuleRef => ({ courseId: "c", moduleId, title: moduleId, minutes, competences });

describe("the profile", () => {
  const requirements = new Map([
    ["k.residence-paths", 3],
    ["c.interpreters", 2],
  ]);
  const evidence = [ev("k.residence-paths", 2), ev("k.old-topic", 3), ev("c.interpreters", 2, "observed"), ev("c.interpreters", 4, "self")];

  it("lists the framework's competences per dimension with level, requirement and gap", () => {
    const profile = buildProfile({ framework: frameworkV1, requirements, evidence, modules: [], at });
    expect(profile.map((d) => d.id)).toEqual(["knowledge", "communication"]);
    const rows = Object.fromEntries(profile.flatMap((d) => d.rows).map((r) => [r.competenceId, r]));
    expect(rows["k.residence-paths"]).toMatchObject({ current: 2, required: 3, gap: 1 });
    expect(rows["c.interpreters"]).toMatchObject({ current: 2, required: 2, gap: 0, selfLevel: 4 });
  });

  it("no longer shows a competence retired from the framework, and keeps the evidence of a renamed one", () => {
    const frameworkV2: Pick<Framework, "dimensions"> = {
      dimensions: [
        // k.old-topic left the framework; k.residence-paths was renamed and moved to the front.
        { id: "knowledge", name: text("Wissen"), description: text("…"), competences: [{ ...competence("k.residence-paths"), name: text("Aufenthaltswege") }] },
        frameworkV1.dimensions[1],
      ],
    };
    const profile = buildProfile({ framework: frameworkV2, requirements, evidence, modules: [], at });
    const ids = profile.flatMap((d) => d.rows).map((r) => r.competenceId);
    expect(ids).not.toContain("k.old-topic");
    expect(profile[0].rows[0]).toMatchObject({ competenceId: "k.residence-paths", current: 2 });
    expect(profile[0].rows[0].explanation[0].evidence.id).toBe(evidence[0].id);
  });

  it("names the modules that close a gap and those that only narrow it", () => {
    const modules = [mod("ermessen", { "k.residence-paths": 3 }), mod("wege", { "k.residence-paths": 2 }), mod("basics", { "k.residence-paths": 1 })];
    expect(modulesFor(modules, "k.residence-paths", 0, 3)).toEqual({ closing: [modules[0]], partial: [modules[1], modules[2]] });
    expect(modulesFor(modules, "k.residence-paths", 2, 3)).toEqual({ closing: [modules[0]], partial: [] });
    expect(modulesFor(modules, "k.residence-paths", 3, 3)).toEqual({ closing: [], partial: [] });
  });

  it("recommends modules for the largest gaps first and leaves out what is already assigned", () => {
    const modules = [mod("ermessen", { "k.residence-paths": 3 }), mod("dolmetschen", { "c.interpreters": 2 })];
    const profile = buildProfile({ framework: frameworkV1, requirements, evidence: [ev("k.residence-paths", 1), ev("c.interpreters", 1)], modules, at });
    const rows = profile.flatMap((d) => d.rows);
    expect(recommendModules(rows, new Set()).map((r) => r.module.moduleId)).toEqual(["ermessen", "dolmetschen"]);
    expect(recommendModules(rows, new Set(["c/ermessen"])).map((r) => r.module.moduleId)).toEqual(["dolmetschen"]);
  });
});
