// The layers of src/ and the directions imports may take between them (see README, "How it is built"):
//   page → shared      worker → shared      lab → worker, shared      shared → nothing above it
// Nothing imports lab; tfjs is imported only in worker/ and lab/; no import circles. Tests (*.test.ts and
// src/test/) may import across layers, but never from page/ into worker/ or back, and add no circles.
import { dirname, join, normalize } from 'node:path';

export const ALLOWED = {
  shared: ['shared'],
  worker: ['worker', 'shared'],
  page: ['page', 'shared'],
  lab: ['lab', 'worker', 'shared'],
};
const TFJS_LAYERS = ['worker', 'lab'];

/** 'shared' | 'worker' | 'page' | 'lab' | 'test' | null (outside src/). */
export function layerOf(path) {
  if (/\.test\.tsx?$/.test(path) || path.startsWith('src/test/')) return 'test';
  const m = /^src\/(shared|worker|page|lab)\//.exec(path);
  return m ? m[1] : null;
}

// Static and dynamic imports. `new URL('…/trainingWorker.ts', import.meta.url)` is not one: it names a worker
// entry, a separate bundle the page starts, and shares no module with it.
const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Relative and package imports of one file: [{ spec, line }]. */
export function importsOf(text) {
  const out = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2] ?? m[3];
    const line = text.slice(0, m.index + m[0].length).split('\n').length;
    out.push({ spec, line });
  }
  return out;
}

function resolve(from, spec, exists) {
  const base = normalize(join(dirname(from), spec));
  return ['', '.ts', '.tsx', '/index.ts'].map((e) => base + e).find(exists) ?? null;
}

/** Every breach of the table, every tfjs import outside worker/ and lab/, every circle: "file:line: why". */
export function layerProblems(files) {
  const exists = (p) => files.has(p);
  const problems = [];
  const graph = new Map();
  for (const [path, text] of files) {
    const from = layerOf(path);
    if (from === null) continue;
    const edges = [];
    for (const { spec, line } of importsOf(text)) {
      if (spec.startsWith('@tensorflow/')) {
        if (from !== 'test' && !TFJS_LAYERS.includes(from))
          problems.push(`${path}:${line}: imports tfjs; only worker/ and lab/ may`);
        continue;
      }
      if (!spec.startsWith('.')) continue;
      const target = resolve(path, spec, exists);
      if (target === null) continue;
      edges.push(target);
      const to = layerOf(target);
      if (to === null || to === 'test') continue;
      if (from === 'test') {
        const crossing =
          (path.startsWith('src/page/') && to === 'worker') || (path.startsWith('src/worker/') && to === 'page');
        if (crossing)
          problems.push(
            `${path}:${line}: a test beside ${layerOf(path.replace(/\.test\.tsx?$/, '.ts')) ?? 'its code'} imports ${to}/`,
          );
        continue;
      }
      if (!ALLOWED[from].includes(to)) problems.push(`${path}:${line}: ${from}/ may not import ${to}/ (${spec})`);
    }
    graph.set(path, edges);
  }
  for (const group of circles(graph)) problems.push(`${group[0]}: import circle among ${group.join(', ')}`);
  return problems;
}

/** One listing per strongly connected group of files that import each other (Tarjan). */
export function circles(graph) {
  let index = 0;
  const idx = new Map(),
    low = new Map(),
    stack = [],
    onStack = new Set(),
    out = [];
  const visit = (v) => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const group = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      const selfLoop = (graph.get(v) ?? []).includes(v);
      if (group.length > 1 || selfLoop) out.push(group.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}
