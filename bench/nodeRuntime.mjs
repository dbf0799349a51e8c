// Runs a benchmark in Node: the same model code as the browser, bundled by bench/vite.node.config.mjs, on
// Dawn (the `webgpu` package) as navigator.gpu, or on tfjs's CPU backend. Spawned by bench/run.mjs (speed)
// and bench/learn.mjs (learning) with the job as JSON in argv[2]; writes the records as JSON to argv[3].
// Exit code 3: no WebGPU adapter.
import { readFileSync, writeFileSync } from 'node:fs';
import { formatLearningRow, LEARNING_HEAD } from './learnTable.mjs';

const NO_ADAPTER = 3;
const [jobJson, outFile] = process.argv.slice(2);
const job = JSON.parse(jobJson);
const backendName = job.backend ?? 'webgpu';

if (backendName === 'webgpu') await installDawn();
const bench = await import(new URL('../dist-bench-node/benchNode.mjs', import.meta.url).href);
const backend = await bench.useBackend(backendName);
if (backend !== backendName) {
  console.error(`tfjs did not start its ${backendName} backend (got ${backend}).`);
  process.exit(NO_ADAPTER);
}
const tasks = { learn, speed, budgetSettings };
const records = await tasks[job.task ?? 'speed'](job);
writeFileSync(outFile, JSON.stringify(records));
process.exit(0); // Dawn's device keeps the event loop alive

async function installDawn() {
  const { create, globals } = await import('webgpu').catch((e) => {
    console.error(`The webgpu package (Dawn for Node) did not load: ${e.message}. Run npm install.`);
    process.exit(1);
  });
  Object.assign(globalThis, globals); // GPUBufferUsage, GPUMapMode, … as a browser has them
  const gpu = create([]);
  if (globalThis.navigator) Object.defineProperty(globalThis.navigator, 'gpu', { value: gpu, configurable: true });
  else globalThis.navigator = { gpu };
  const adapter = await gpu.requestAdapter();
  if (!adapter) {
    console.error('Dawn found no WebGPU adapter (no Vulkan driver? see docs/benchmark.md).');
    process.exit(NO_ADAPTER);
  }
  console.log(`Dawn adapter: ${adapter.info.vendor} / ${adapter.info.architecture} / ${adapter.info.description}`);
}

async function speed(opts) {
  const out = [];
  for (const config of opts.configs) {
    for (const cell of opts.cells ?? ['gru']) out.push(await bench.runBench(speedRun(opts, config, cell)));
  }
  return out;
}

/** One config and cell of a speed job, as runBench takes it. */
function speedRun(opts, config, cell) {
  return {
    config,
    cell,
    steps: opts.steps[config],
    paths: opts.paths,
    depths: opts.depths,
    generateChars: opts.chars,
    extrapolate: opts.extrapolate,
  };
}

/** Each candidate's settings at a budget of training characters (bench/learn.mjs --budget), once per cell. */
async function budgetSettings(opts) {
  const text = readFileSync(opts.text);
  const seed = opts.seeds[0];
  if (!opts.cells) return opts.candidates.map((c) => bench.budgetSettings(text, c, opts.budget, seed, opts.model));
  const cross = { model: opts.model, cells: bench.parseCells(opts.cells), matches: bench.parseMatch(opts.match) };
  return opts.candidates.flatMap((c) => bench.budgetCellSettings(text, c, opts.budget, seed, cross));
}

async function learn(opts) {
  const text = readFileSync(opts.text);
  const out = [];
  for (const seed of opts.seeds) {
    console.log(
      `\nfolio · ${opts.preset} · seed ${seed} · ${backendName}${opts.fused && backendName === 'webgpu' ? ' (fused kernels)' : ''}`,
    );
    console.log(LEARNING_HEAD);
    const run = { ...opts.run, preset: opts.preset, seed, fused: opts.fused };
    out.push(await bench.runLearning(text, run, (row) => console.log(formatLearningRow(row))));
  }
  return out;
}
