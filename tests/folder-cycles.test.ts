// Folders of app/ import each other in one direction: each top-level folder (and each file
// directly in app/) imports only folders below it in `layers`, as docs/architecture.md draws
// them. An import upwards is what makes a cycle between folders, so any one fails here (issue 17
// removed the last), and so does any cycle. Type-only imports count: they tie the folders' designs
// together all the same. Imports are read with the TypeScript compiler's own scanner, so dynamic
// imports and re-exports are seen as well. A folder missing from `layers` fails too.
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
  "mail", "xapi", "competences", "courses", "legal", "authoring", "badges", "events", "learning", "people",
  "role-descriptions", "staffing", "staff-import", "reports", "seed", "startup",
  "routes", "root", "entry", "load-context",
];

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

  it("import downwards only", () => {
    expect([...upward(graph)].map(([edge, file]) => `${edge} (${file}; move the code to the folder it belongs to, or add a new folder to layers)`)).toEqual([]);
  });

  it("lie on no import cycle", () => {
    expect(folderCycles(graph)).toEqual([]);
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
