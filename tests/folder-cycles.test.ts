// Folders of app/ import each other in one direction: each top-level folder (and each file
// directly in app/) imports only folders below it in `layers`, as docs/architecture.md draws
// them. An import upwards is what makes a cycle between folders, so any new one fails here; the
// few that exist are listed in `knownUpward` with the reason and the way out, and an entry fails
// once its import is gone, so the list only shrinks. The cycles they still make are pinned too.
// Type-only imports count: they tie the folders' designs together all the same. Imports are read
// with the TypeScript compiler's own scanner, so dynamic imports and re-exports are seen as well.
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const appDir = path.resolve(import.meta.dirname, "../app");

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** The top-level folder of app/ a file lies in (a file directly in app/ is its own unit). */
function unitOf(file: string): string {
  const [first, ...rest] = path.relative(appDir, file).split(path.sep);
  return rest.length ? first : first.split(".")[0];
}

/** Folder → folder it imports → one file that does so (for the message). */
function folderGraph(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of sourceFiles(appDir)) {
    const from = unitOf(file);
    const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true);
    for (const { fileName } of importedFiles) {
      let target: string;
      if (fileName.startsWith("~/")) target = path.join(appDir, fileName.slice(2));
      else if (fileName.startsWith(".")) target = path.resolve(path.dirname(file), fileName);
      else continue;
      if (!target.startsWith(appDir + path.sep)) continue;
      const to = unitOf(target);
      if (to === from) continue;
      const edges = graph.get(from) ?? new Map<string, string>();
      if (!edges.has(to)) edges.set(to, path.relative(appDir, file));
      graph.set(from, edges);
    }
  }
  return graph;
}

/** Every folder cycle, each once, as "a → b → a" with the file behind each step. */
function folderCycles(graph: Map<string, Map<string, string>>): string[] {
  // Strongly connected components (Tarjan); for each, the shortest cycle through its first
  // folder names the problem (fix it, and the check names the next one).
  let index = 0;
  const stack: string[] = [];
  const onStack = new Set<string>();
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const components: string[][] = [];
  const visit = (v: string) => {
    indexOf.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!indexOf.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indexOf.get(w)!));
    }
    if (low.get(v) === indexOf.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!indexOf.has(v)) visit(v);
  return components.map((component) => {
    const inside = new Set(component);
    const start = component[0];
    const steps = cyclePath(graph, start, inside);
    return `${component.join(", ")}: ${steps.map(([a, b]) => `${a} → ${b} (${graph.get(a)!.get(b)})`).join("; ")}`;
  });
}

/** Breadth-first: the shortest cycle through `start` inside the component, as steps. */
function cyclePath(graph: Map<string, Map<string, string>>, start: string, inside: Set<string>): [string, string][] {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const v = queue.shift()!;
    for (const w of [...(graph.get(v)?.keys() ?? [])].sort()) {
      if (!inside.has(w)) continue;
      if (w === start) {
        const steps: [string, string][] = [[v, w]];
        for (let at = v; at !== start; at = cameFrom.get(at)!) steps.unshift([cameFrom.get(at)!, at]);
        return steps;
      }
      if (!cameFrom.has(w)) {
        cameFrom.set(w, v);
        queue.push(w);
      }
    }
  }
  return [];
}

/** Lowest first: a folder may import the folders before it, never one after it. */
const layers = [
  "styles", "env", "dates", "i18n", "db", "ops", "privacy", "org", "audit", "auth", "shell",
  "mail", "xapi", "competences", "courses", "legal", "authoring", "badges", "events", "people",
  "role-descriptions", "staffing", "staff-import", "reports", "seed", "startup",
  "routes", "root", "entry", "load-context",
];

/** Upward imports that exist today: "from → to" and why, and how each goes away. */
const knownUpward: Record<string, string> = {
  // The course catalog as a person gets it (built-in modules plus the authority's copies) lives
  // in authoring/learner.server; it belongs to courses/, below authoring (issue 14 moves it).
  "courses → authoring": "courses read the authority's catalog (authoring/learner.server)",
  // competences/ holds the framework, evidence and levels (below courses: a passed quiz writes
  // evidence) and also a person's assignments and profile, which read the course catalog;
  // those belong above courses ("my learning" moved there; issue 12 reworks assignments).
  "competences → courses": "assignments name modules by the catalog's ModuleInfo type",
  "competences → authoring": "assignments and the profile read the authority's catalog",
  // mail/ holds the transport (outbox, compose, worker) and each area's mails; the mails of an
  // area belong to that area, above mail's transport (issue 12 touches mail).
  "mail → authoring": "assignment and scheduled mails name modules from the catalog",
  "mail → competences": "notification and scheduled mails use competence labels",
  "mail → events": "event mails read events",
  "mail → people": "account mails hash set-password tokens (people/accounts.server)",
  // legal/norms is pure citation parsing that courses' content rules use; legal/changes sits
  // above courses. norms could move to courses/ or shell/.
  "courses → legal": "content rules parse norm citations (legal/norms)",
  // Workshops as learning (issue 12): assigning a workshop registers through events, the quiz
  // result names an upcoming workshop, and a passed post-quiz completes attendance evidence.
  // The way out is the same as for assignments: they move above events.
  "competences → events": "assignments of a workshop register through events",
  "courses → events": "the quiz result names workshops; a passed post-quiz writes attendance evidence",
};

/** The folders that still lie on a cycle because of `knownUpward`. */
const knownCycle = "authoring, badges, competences, courses, events, legal, mail, people, xapi";

/** Every upward import: "from → to" with the files that make it. */
function upward(graph: Map<string, Map<string, string>>): Map<string, string> {
  const found = new Map<string, string>();
  for (const [from, edges] of graph)
    for (const [to, file] of edges) {
      const a = layers.indexOf(from);
      const b = layers.indexOf(to);
      if (a < 0 || b < 0 || b > a) found.set(`${from} → ${to}`, file);
    }
  return found;
}

describe("folders of app/", () => {
  const graph = folderGraph();

  it("import downwards only, apart from the known upward imports (each still there)", () => {
    const found = upward(graph);
    expect([...found].filter(([edge]) => !knownUpward[edge]).map(([edge, file]) => `${edge} (${file}; add the folder to layers or turn the import around)`)).toEqual([]);
    expect(Object.keys(knownUpward).filter((edge) => !found.has(edge)).map((edge) => `${edge} is gone: drop it from knownUpward`)).toEqual([]);
  });

  it("lie on no import cycle apart from the known one", () => {
    expect(folderCycles(graph).map((cycle) => cycle.slice(0, cycle.indexOf(":")))).toEqual([knownCycle]);
  });

  it("the check finds a cycle when there is one", () => {
    const graph = new Map([
      ["a", new Map([["b", "a/x.ts"]])],
      ["b", new Map([["c", "b/y.ts"]])],
      ["c", new Map([["a", "c/z.ts"]])],
      ["d", new Map([["a", "d/w.ts"]])],
    ]);
    expect(folderCycles(graph)).toEqual(["a, b, c: a → b (a/x.ts); b → c (b/y.ts); c → a (c/z.ts)"]);
  });
});
