// Project rules a type checker cannot see. Fails (exit 1) with file:line for each breach.
// - Text is rendered as text: no HTML injection APIs anywhere in src/.
// - The page never imports tfjs: only worker-side folders may.
// - WGSL programs run only through model/fused/programRunner.ts (new outputs) and model/fused/inPlace.ts
//   (writes into existing buffers, which must keep tfjs's view of them true); the lab may wrap the runner.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const rules = [
  { pattern: /dangerouslySetInnerHTML|\.innerHTML\b|\.outerHTML\b|insertAdjacentHTML|document\.write\b/, why: 'renders strings as HTML; render text nodes instead' },
  { pattern: /\beval\s*\(|new Function\s*\(/, why: 'evaluates strings as code' },
];
const pageOnly = ['src/ui/', 'src/storage/', 'src/main.tsx'];
const tfjsImport = /from\s+['"]@tensorflow\//;
const programRunners = ['src/model/fused/programRunner.ts', 'src/model/fused/inPlace.ts'];

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (/\.(ts|tsx)$/.test(name)) yield path;
  }
}

const problems = [];
for (const path of files(join(root, 'src'))) {
  const rel = relative(root, path);
  readFileSync(path, 'utf8').split('\n').forEach((line, i) => {
    for (const { pattern, why } of rules) if (pattern.test(line)) problems.push(`${rel}:${i + 1}: ${why}`);
    if (pageOnly.some((p) => rel.startsWith(p)) && tfjsImport.test(line)) {
      problems.push(`${rel}:${i + 1}: page code imports tfjs; only the worker runs tfjs`);
    }
    if (/\brunWebGPUProgram\b/.test(line) && !programRunners.includes(rel) && !rel.startsWith('src/lab/')) {
      problems.push(`${rel}:${i + 1}: runs a WebGPU program directly; use runProgram, or writeInPlace for an existing buffer`);
    }
  });
}
if (problems.length > 0) {
  console.error(problems.join('\n'));
  console.error(`lint: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log('lint: no problems');
