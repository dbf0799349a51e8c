// Runs the benchmark in Node with Dawn (the `webgpu` package) as navigator.gpu: the same model code as the
// browser bench, bundled by bench/vite.node.config.mjs. Spawned by bench/run.mjs with its options as JSON
// in argv[2]; writes the records as JSON to argv[3]. Exit code 3: no WebGPU adapter.
import { writeFileSync } from 'node:fs';

const NO_ADAPTER = 3;
const [optionsJson, outFile] = process.argv.slice(2);
const opts = JSON.parse(optionsJson);

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
  console.error('Dawn found no WebGPU adapter (no Vulkan driver? see README: Benchmark).');
  process.exit(NO_ADAPTER);
}
console.log(`Dawn adapter: ${adapter.info.vendor} / ${adapter.info.architecture} / ${adapter.info.description}`);

const bench = await import(new URL('../dist-bench-node/benchNode.mjs', import.meta.url).href);
const backend = await bench.useWebGpu();
if (backend !== 'webgpu') {
  console.error(`tfjs did not start its webgpu backend on Dawn (got ${backend}).`);
  process.exit(NO_ADAPTER);
}
const records = [];
for (const config of opts.configs) {
  const run = { config, steps: opts.steps[config], paths: opts.paths, generateChars: opts.chars, extrapolate: opts.extrapolate };
  records.push(await bench.runBench(run));
}
writeFileSync(outFile, JSON.stringify(records));
process.exit(0); // Dawn's device keeps the event loop alive
