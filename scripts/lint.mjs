// Project rules a type checker cannot see. Fails (exit 1) with file:line for each breach.
// - Text is rendered as text: no HTML injection APIs anywhere in src/.
// - Layers (scripts/layers.mjs): page → shared, worker → shared, lab → worker and shared; nothing imports lab;
//   tfjs only in worker/ and lab/; no import circles.
// - WGSL programs run only through worker/kernels/dispatch/programRunner.ts (new outputs) and worker/kernels/dispatch/inPlace.ts
//   (writes into existing buffers, which must keep tfjs's view of them true); the lab may wrap the runner.
//   folio's own pipelines are created and dispatched only in worker/kernels/dispatch/rawPass.ts, which only inPlace.ts imports.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { layerProblems } from './layers.mjs';

const root = new URL('..', import.meta.url).pathname;
const rules = [
  {
    pattern: /dangerouslySetInnerHTML|\.innerHTML\b|\.outerHTML\b|insertAdjacentHTML|document\.write\b/,
    why: 'renders strings as HTML; render text nodes instead',
  },
  { pattern: /\beval\s*\(|new Function\s*\(/, why: 'evaluates strings as code' },
];
const programRunners = ['src/worker/kernels/dispatch/programRunner.ts', 'src/worker/kernels/dispatch/inPlace.ts'];
const RAW_PASS = 'src/worker/kernels/dispatch/rawPass.ts';

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (/\.(ts|tsx)$/.test(name)) yield path;
  }
}

const problems = [];
const sources = new Map();
for (const path of files(join(root, 'src'))) {
  const rel = relative(root, path);
  const text = readFileSync(path, 'utf8');
  sources.set(rel, text);
  text.split('\n').forEach((line, i) => {
    for (const { pattern, why } of rules) if (pattern.test(line)) problems.push(`${rel}:${i + 1}: ${why}`);
    if (/\brunWebGPUProgram\b/.test(line) && !programRunners.includes(rel) && !rel.startsWith('src/lab/')) {
      problems.push(
        `${rel}:${i + 1}: runs a WebGPU program directly; use runProgram, or writeInPlace for an existing buffer`,
      );
    }
    if (/\b(createComputePipeline|beginComputePass|dispatchWorkgroups)\b/.test(line) && rel !== RAW_PASS) {
      problems.push(
        `${rel}:${i + 1}: encodes GPU work directly; folio's own pipelines go through rawPass.ts (via inPlace.ts)`,
      );
    }
    if (
      /from '\.\/rawPass'/.test(line) &&
      !['src/worker/kernels/dispatch/inPlace.ts', RAW_PASS].includes(rel) &&
      !rel.startsWith('src/lab/')
    ) {
      problems.push(`${rel}:${i + 1}: imports rawPass.ts; in-place writes go through inPlace.ts`);
    }
  });
}
problems.push(...layerProblems(sources));
if (problems.length > 0) {
  console.error(problems.join('\n'));
  console.error(`lint: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log('lint: no problems');
