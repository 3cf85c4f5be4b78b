// Summarises a V8 heap snapshot (.heapsnapshot, from --heapsnapshot-signal or
// v8.writeHeapSnapshot) the way DevTools' "Summary" view does, without a browser: shallow and
// retained size by constructor, and the largest single retainers with their dominator path.
// Retained sizes come from the dominator tree (Cooper, Harvey & Kennedy, "A Simple, Fast
// Dominance Algorithm"), weak edges ignored. Used by scripts/memory-profile.mjs.
//
//   node --max-old-space-size=6144 scripts/lib/heap-summary.mjs file.heapsnapshot [--top 20] [--json]
import fs from "node:fs";
import { parseArgs } from "node:util";
import { isMain } from "./is-main.mjs";

const MiB = 1024 * 1024;

/** A V8 heap snapshot read into flat typed arrays. */
function load(file) {
  const snapshot = JSON.parse(fs.readFileSync(file, "utf8"));
  const meta = snapshot.snapshot.meta;
  const nodeFields = meta.node_fields;
  const edgeFields = meta.edge_fields;
  const N = nodeFields.length;
  const E = edgeFields.length;
  const nodeTypes = meta.node_types[0];
  const edgeTypes = meta.edge_types[0];
  const count = snapshot.nodes.length / N;
  const type = new Uint8Array(count);
  const name = new Uint32Array(count);
  const selfSize = new Float64Array(count);
  const firstEdge = new Uint32Array(count + 1);
  const [iType, iName, iSelf, iEdges] = ["type", "name", "self_size", "edge_count"].map((f) => nodeFields.indexOf(f));
  let edgeIndex = 0;
  for (let n = 0; n < count; n++) {
    const base = n * N;
    type[n] = snapshot.nodes[base + iType];
    name[n] = snapshot.nodes[base + iName];
    selfSize[n] = snapshot.nodes[base + iSelf];
    firstEdge[n] = edgeIndex;
    edgeIndex += snapshot.nodes[base + iEdges];
  }
  firstEdge[count] = edgeIndex;
  const [eType, eName, eTo] = ["type", "name_or_index", "to_node"].map((f) => edgeFields.indexOf(f));
  const edgeType = new Uint8Array(edgeIndex);
  const edgeName = new Uint32Array(edgeIndex);
  const edgeTo = new Uint32Array(edgeIndex);
  for (let e = 0; e < edgeIndex; e++) {
    edgeType[e] = snapshot.edges[e * E + eType];
    edgeName[e] = snapshot.edges[e * E + eName];
    edgeTo[e] = snapshot.edges[e * E + eTo] / N;
  }
  return { count, type, name, selfSize, firstEdge, edgeType, edgeName, edgeTo, nodeTypes, edgeTypes, strings: snapshot.strings };
}

/** Immediate dominators and retained sizes; node 0 is the snapshot's synthetic root. */
function dominators(h) {
  const { count, firstEdge, edgeType, edgeTo } = h;
  const weak = h.edgeTypes.indexOf("weak");
  const strong = (e) => edgeType[e] !== weak;
  // Post-order of the nodes reachable from the root (iterative depth-first search).
  const order = new Int32Array(count).fill(-1); // node -> post-order number
  const byOrder = new Uint32Array(count); // post-order number -> node
  const visited = new Uint8Array(count);
  const stackNode = new Uint32Array(count);
  const stackEdge = new Uint32Array(count);
  let depth = 0;
  let next = 0;
  stackNode[0] = 0;
  stackEdge[0] = firstEdge[0];
  visited[0] = 1;
  while (depth >= 0) {
    const n = stackNode[depth];
    const e = stackEdge[depth];
    if (e < firstEdge[n + 1]) {
      stackEdge[depth] = e + 1;
      const to = edgeTo[e];
      if (strong(e) && !visited[to]) {
        visited[to] = 1;
        depth += 1;
        stackNode[depth] = to;
        stackEdge[depth] = firstEdge[to];
      }
    } else {
      order[n] = next;
      byOrder[next] = n;
      next += 1;
      depth -= 1;
    }
  }
  const reachable = next;
  // Predecessors (strong edges between reachable nodes), as compressed rows by post-order number.
  const predCount = new Uint32Array(reachable + 1);
  for (let n = 0; n < count; n++) {
    if (order[n] < 0) continue;
    for (let e = firstEdge[n]; e < firstEdge[n + 1]; e++) if (strong(e) && order[edgeTo[e]] >= 0) predCount[order[edgeTo[e]] + 1] += 1;
  }
  for (let i = 0; i < reachable; i++) predCount[i + 1] += predCount[i];
  const preds = new Uint32Array(predCount[reachable]);
  const fill = predCount.slice(0, reachable);
  for (let n = 0; n < count; n++) {
    if (order[n] < 0) continue;
    for (let e = firstEdge[n]; e < firstEdge[n + 1]; e++) {
      if (!strong(e) || order[edgeTo[e]] < 0) continue;
      preds[fill[order[edgeTo[e]]]++] = order[n];
    }
  }
  // Iterate to the fixed point in reverse post-order.
  const UNDEF = 0xffffffff;
  const idom = new Uint32Array(reachable).fill(UNDEF);
  const root = reachable - 1;
  idom[root] = root;
  let changed = true;
  while (changed) {
    changed = false;
    for (let b = root - 1; b >= 0; b--) {
      let candidate = UNDEF;
      for (let i = predCount[b]; i < predCount[b + 1]; i++) {
        let p = preds[i];
        if (idom[p] === UNDEF) continue;
        if (candidate === UNDEF) {
          candidate = p;
          continue;
        }
        let q = candidate;
        while (p !== q) {
          while (p < q) p = idom[p];
          while (q < p) q = idom[q];
        }
        candidate = p;
      }
      if (candidate !== UNDEF && idom[b] !== candidate) {
        idom[b] = candidate;
        changed = true;
      }
    }
  }
  // A dominator finishes after what it dominates: add up in post-order.
  const retained = new Float64Array(reachable);
  for (let i = 0; i < reachable; i++) retained[i] += h.selfSize[byOrder[i]];
  for (let i = 0; i < root; i++) if (idom[i] !== UNDEF) retained[idom[i]] += retained[i];
  return { order, byOrder, idom, retained, reachable, root };
}

/** The group a node counts under: the constructor for objects, "(type)" otherwise. */
function classOf(h, n) {
  const type = h.nodeTypes[h.type[n]];
  if (type === "object" || type === "native") return h.strings[h.name[n]] || "(anonymous object)";
  if (type === "string" || type === "concatenated string" || type === "sliced string") return "(string)";
  return `(${type})`;
}

export function summarize(file, { top = 20 } = {}) {
  const h = load(file);
  const d = dominators(h);
  const classes = new Map();
  const classIds = new Int32Array(h.count);
  const group = (n) => {
    const key = classOf(h, n);
    let entry = classes.get(key);
    if (!entry) classes.set(key, (entry = { name: key, id: classes.size, count: 0, shallow: 0, retained: 0 }));
    return entry;
  };
  let total = 0;
  const byType = {};
  for (let n = 0; n < h.count; n++) {
    if (d.order[n] < 0) continue;
    const entry = group(n);
    classIds[n] = entry.id;
    entry.count += 1;
    entry.shallow += h.selfSize[n];
    total += h.selfSize[n];
    const type = h.nodeTypes[h.type[n]];
    byType[type] = (byType[type] ?? 0) + h.selfSize[n];
  }
  // Retained size per class: instances with no instance of the same class above them in the
  // dominator tree (so nested instances are not counted twice), as DevTools does.
  const list = [...classes.values()];
  const children = new Uint32Array(d.reachable + 1);
  for (let i = 0; i < d.root; i++) children[d.idom[i] + 1] += 1;
  for (let i = 0; i < d.reachable; i++) children[i + 1] += children[i];
  const kids = new Uint32Array(children[d.reachable]);
  const fill = children.slice(0, d.reachable);
  for (let i = 0; i < d.root; i++) kids[fill[d.idom[i]]++] = i;
  const open = new Int32Array(classes.size);
  const stack = [d.root];
  const stackState = [false];
  while (stack.length) {
    const i = stack.pop();
    const leaving = stackState.pop();
    const cls = classIds[d.byOrder[i]];
    if (leaving) {
      open[cls] -= 1;
      continue;
    }
    if (open[cls] === 0 && i !== d.root) list[cls].retained += d.retained[i];
    open[cls] += 1;
    stack.push(i);
    stackState.push(true);
    for (let k = children[i]; k < children[i + 1]; k++) {
      stack.push(kids[k]);
      stackState.push(false);
    }
  }
  // The largest single retainers below the GC roots, with the chain of dominators above them.
  const edgeNameTo = (from, to) => {
    for (let e = h.firstEdge[from]; e < h.firstEdge[from + 1]; e++) {
      if (h.edgeTo[e] !== to) continue;
      const t = h.edgeTypes[h.edgeType[e]];
      return t === "element" || t === "hidden" ? `[${h.edgeName[e]}]` : String(h.strings[h.edgeName[e]]);
    }
    return "?";
  };
  const synthetic = h.nodeTypes.indexOf("synthetic");
  const candidates = [];
  for (let i = 0; i < d.root; i++) {
    const n = d.byOrder[i];
    if (h.type[n] === synthetic) continue;
    candidates.push(i);
  }
  candidates.sort((a, b) => d.retained[b] - d.retained[a]);
  const biggest = [];
  for (const i of candidates) {
    if (biggest.length >= top) break;
    // Skip an object whose dominator is already listed (its size is inside the parent's).
    let up = d.idom[i];
    let inside = false;
    while (up !== d.root) {
      if (biggest.some((b) => b.index === up)) {
        inside = true;
        break;
      }
      up = d.idom[up];
    }
    if (inside) continue;
    const path = [];
    let child = i;
    let parent = d.idom[i];
    while (path.length < 4 && parent !== d.root) {
      path.push(`${classOf(h, d.byOrder[parent])}.${edgeNameTo(d.byOrder[parent], d.byOrder[child])}`);
      child = parent;
      parent = d.idom[parent];
    }
    const n = d.byOrder[i];
    const label = h.nodeTypes[h.type[n]] === "string" ? JSON.stringify(String(h.strings[h.name[n]]).slice(0, 60)) : String(h.strings[h.name[n]]).slice(0, 60);
    biggest.push({ index: i, class: classOf(h, n), name: label, retainedMiB: d.retained[i] / MiB, path: path.reverse().join(" → ") });
  }
  const round = (v) => Math.round((v / MiB) * 100) / 100;
  return {
    file,
    totalMiB: round(total),
    byTypeMiB: Object.fromEntries(Object.entries(byType).sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, round(v)])),
    byShallow: list.sort((a, b) => b.shallow - a.shallow).slice(0, top).map((c) => ({ class: c.name, count: c.count, shallowMiB: round(c.shallow), retainedMiB: round(c.retained) })),
    byRetained: [...classes.values()].sort((a, b) => b.retained - a.retained).slice(0, top).map((c) => ({ class: c.name, count: c.count, shallowMiB: round(c.shallow), retainedMiB: round(c.retained) })),
    biggest: biggest.map(({ index: _index, retainedMiB, ...rest }) => ({ ...rest, retainedMiB: Math.round(retainedMiB * 100) / 100 })),
  };
}

/** The summary as Markdown tables. */
export function markdown(s) {
  const lines = [`Heap snapshot \`${s.file.split("/").at(-1)}\`: ${s.totalMiB} MiB reachable (self sizes).`, ""];
  lines.push("| node type | MiB |", "|---|---:|", ...Object.entries(s.byTypeMiB).slice(0, 10).map(([k, v]) => `| ${k} | ${v} |`), "");
  lines.push("| constructor (by retained size) | count | shallow MiB | retained MiB |", "|---|---:|---:|---:|");
  lines.push(...s.byRetained.map((c) => `| ${c.class} | ${c.count} | ${c.shallowMiB} | ${c.retainedMiB} |`), "");
  lines.push("| largest single retainers | retained MiB | held by |", "|---|---:|---|");
  lines.push(...s.biggest.map((b) => `| ${b.class}${b.name && b.name !== b.class ? ` ${b.name.replace(/\|/g, "\\|")}` : ""} | ${b.retainedMiB} | ${b.path.replace(/\|/g, "\\|") || "(GC root)"} |`));
  return lines.join("\n");
}

if (isMain(import.meta.url)) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: "string", default: "20" }, json: { type: "boolean", default: false } } });
  if (!positionals[0]) {
    console.error("usage: node --max-old-space-size=6144 scripts/lib/heap-summary.mjs file.heapsnapshot [--top 20] [--json]");
    process.exit(2);
  }
  const summary = summarize(positionals[0], { top: Number(values.top) });
  console.log(values.json ? JSON.stringify(summary) : markdown(summary));
}
