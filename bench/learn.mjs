// npm run bench:learn [-- options]: the learning benchmark of issue 11. Trains a preset on a text with the
// app's own data pipeline, model, kernels, Adam and Trainer (Node; Dawn WebGPU with the fused kernels, or
// tfjs's CPU backend) and prints validation loss every K steps with characters per second; with --torch,
// bench/torch_learn.py runs the same protocol in PyTorch and the two are printed side by side.
//   --preset NAME          tiny | small | deep | reference … (default tiny)
//   --steps N              steps per run (default 3000)
//   --eval-every K         validation every K steps (default 250)
//   --seeds 1,2,3          one run per seed (default 1,2,3)
//   --text FILE            default ../shared/data/tinyshakespeare.txt (the full corpus; never committed)
//   --backend webgpu|cpu   webgpu: Dawn (a GPU, else SwiftShader) with the fused kernels; cpu: tfjs's CPU backend
//   --reference-kernels    on webgpu, the plain-ops GRU instead of the fused kernels
//   --validation-batches N validation batches per evaluation (default 32; the app uses 4)
//   --set key=value        override a preset setting, e.g. --set units=64 --set dropout=0.2 (repeatable)
//   --torch                also run bench/torch_learn.py (PyTorch; FOLIO_PYTHON or /usr/bin/python3)
//   --torch-device cpu|cuda   --no-build   --out FILE (default bench-results/learn-<preset>.json)
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatComparison, meanValidation } from './learnTable.mjs';
import { root, run, runInNode } from './nodeChild.mjs';
import { tmpdir } from 'node:os';

const MODEL_KEYS = ['embeddingDim', 'units', 'layers', 'dropout', 'embeddingDropout'];

function options() {
  const { values } = parseArgs({
    options: {
      preset: { type: 'string', default: 'tiny' },
      steps: { type: 'string', default: '3000' },
      'eval-every': { type: 'string', default: '250' },
      seeds: { type: 'string', default: '1,2,3' },
      text: { type: 'string', default: resolve(root, '../shared/data/tinyshakespeare.txt') },
      backend: { type: 'string', default: 'webgpu' },
      'reference-kernels': { type: 'boolean', default: false },
      'validation-batches': { type: 'string', default: '32' },
      set: { type: 'string', multiple: true, default: [] },
      torch: { type: 'boolean', default: false },
      'torch-device': { type: 'string', default: 'cpu' },
      'no-build': { type: 'boolean', default: false },
      out: { type: 'string' },
    },
  });
  const whole = (name, min) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} takes a whole number ≥ ${min}`);
    return n;
  };
  const seeds = values.seeds.split(',').map(Number);
  if (!seeds.every((s) => Number.isInteger(s) && s >= 0)) throw new Error('--seeds takes whole numbers, e.g. 1,2,3');
  if (!['webgpu', 'cpu'].includes(values.backend)) throw new Error('--backend takes webgpu or cpu');
  if (!existsSync(values.text)) throw new Error(`no text at ${values.text} (--text FILE)`);
  const model = {};
  const train = {};
  for (const pair of values.set) {
    const [key, raw] = pair.split('=');
    const value = raw === 'true' ? true : raw === 'false' ? false : Number.isNaN(Number(raw)) ? raw : Number(raw);
    (MODEL_KEYS.includes(key) ? model : train)[key] = value;
  }
  return {
    preset: values.preset,
    steps: whole('steps', 1),
    evalEvery: whole('eval-every', 1),
    validationBatches: whole('validation-batches', 1),
    seeds,
    text: resolve(values.text),
    backend: values.backend,
    fused: values.backend === 'webgpu' && !values['reference-kernels'],
    overrides: { model, train },
    torch: values.torch,
    torchDevice: values['torch-device'],
    build: !values['no-build'],
    out: values.out ?? join(root, `bench-results/learn-${values.preset}.json`),
  };
}

/** The same runs in PyTorch: one process, the settings folio actually used (taken from its results). */
function runTorch(opts, folio) {
  const outFile = join(tmpdir(), `folio-torch-learn-${process.pid}.json`);
  const settings = { model: folio[0].model, train: folio[0].train };
  const python = process.env.FOLIO_PYTHON ?? '/usr/bin/python3';
  const args = [
    join(root, 'bench/torch_learn.py'),
    '--text',
    opts.text,
    '--settings',
    JSON.stringify(settings),
    '--steps',
    String(opts.steps),
    '--eval-every',
    String(opts.evalEvery),
    '--seeds',
    opts.seeds.join(','),
    '--validation-batches',
    String(opts.validationBatches),
    '--device',
    opts.torchDevice,
    '--json',
    outFile,
  ];
  if (run(python, args) !== 0) throw new Error('bench/torch_learn.py failed');
  const results = JSON.parse(readFileSync(outFile, 'utf8'));
  rmSync(outFile);
  return results;
}

function main() {
  const opts = options();
  const started = Date.now();
  const job = {
    task: 'learn',
    backend: opts.backend,
    fused: opts.fused,
    text: opts.text,
    preset: opts.preset,
    seeds: opts.seeds,
    run: { steps: opts.steps, evalEvery: opts.evalEvery, validationBatches: opts.validationBatches, ...opts.overrides },
  };
  const folio = runInNode(job, { build: opts.build });
  const torch = opts.torch ? runTorch(opts, folio) : null;
  console.log(
    `\nMean validation loss over seeds ${opts.seeds.join(', ')} (${opts.preset}, ${opts.validationBatches} validation batches):`,
  );
  if (torch) console.log(formatComparison(folio, torch));
  else for (const r of meanValidation(folio)) console.log(`${String(r.step).padStart(7)}  ${r.loss.toFixed(4)}`);
  mkdirSync(dirname(opts.out), { recursive: true });
  const seconds = Math.round((Date.now() - started) / 1000);
  writeFileSync(
    opts.out,
    `${JSON.stringify({ createdAt: new Date(started).toISOString(), seconds, folio, torch }, null, 2)}\n`,
  );
  console.log(`Wrote ${opts.out} (${seconds} s).`);
}

try {
  main();
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
