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
// Plans against presets (issue 20): --budget N trains the planner's choice and each preset on the same N training
// characters (machine-independent) and prints them side by side, best and last validation loss:
//   --budget N             training characters per run, e.g. 1000000
//   --candidates LIST      default plan,tiny,small,deep (reference: GRU 1024, a GPU's work)
//   --torch-for LIST       candidates run in PyTorch on folio's protocol instead (too slow for this machine's
//                          tfjs/Dawn; folio follows PyTorch within 0.9%, docs/learning-benchmark.md); 'all' for all
//   --cells LIST           each candidate once per cell, e.g. gru,lstm,rnn (issue 30; docs/cells.md)
//   --match width|params|both   with --cells: the candidate's units for every cell (width, the default), units
//                          that give about the candidate's parameter count (params), or both
//   --set applies to every candidate too, e.g. --set cell=lstm --set units=128
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatComparison, meanValidation } from './learnTable.mjs';
import { root, run, runInNode } from './nodeChild.mjs';
import { tmpdir } from 'node:os';

const MODEL_KEYS = ['cell', 'embeddingDim', 'units', 'layers', 'dropout', 'embeddingDropout'];

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
      budget: { type: 'string' },
      candidates: { type: 'string', default: 'plan,tiny,small,deep' },
      'torch-for': { type: 'string', default: '' },
      cells: { type: 'string' },
      match: { type: 'string', default: 'width' },
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
    out: values.out ?? join(root, `bench-results/learn-${values.budget ? 'budget' : values.preset}.json`),
    budget: values.budget === undefined ? null : Number(values.budget),
    candidates: values.candidates.split(',').filter(Boolean),
    torchFor:
      values['torch-for'] === 'all' ? values.candidates.split(',') : values['torch-for'].split(',').filter(Boolean),
    cells: values.cells ?? null,
    match: values.match,
  };
}

/** The same runs in PyTorch: one process, the settings folio actually used (taken from its results). */
function runTorch(opts, folio) {
  return runTorchSettings(opts, { model: folio[0].model, train: folio[0].train });
}

/** bench/torch_learn.py with these settings, for opts.steps steps. */
function runTorchSettings(opts, settings) {
  const outFile = join(tmpdir(), `folio-torch-learn-${process.pid}.json`);
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

const fixed = (x, digits = 4) => (Number.isFinite(x) ? x.toFixed(digits) : '—');
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;

const CELL_LABELS = { gru: 'GRU', lstm: 'LSTM', rnn: 'RNN' };
const network = (m) => `${m.layers ?? 1} × ${CELL_LABELS[m.cell ?? 'gru']} ${m.units}`;

/** Trains one candidate at the budget (folio in Node, or PyTorch); its runs with best, last and speed. */
function trainAtBudget(opts, s) {
  const evalEvery = Math.max(1, Math.floor(s.steps / 8));
  const torch = opts.torchFor.includes(s.candidate);
  const dropout = s.model.dropout ? `, dropout ${s.model.dropout}` : '';
  const matched = s.match ? ` (${s.match} matched)` : '';
  console.log(`
${s.candidate}: ${network(s.model)}${matched}, embedding ${s.model.embeddingDim}${dropout}, ${s.parameters.toLocaleString('en-US')} parameters; ${s.train.batchSize} × ${s.train.windowLength}, ${s.steps} steps`);
  if (s.reason) console.log(`  the plan chose it as ${s.reason}`);
  const runOpts = { ...opts, steps: s.steps, evalEvery };
  const runs = torch
    ? runTorchSettings(runOpts, { model: s.model, train: s.train })
    : runInNode(
        {
          task: 'learn',
          backend: opts.backend,
          fused: opts.fused,
          text: opts.text,
          preset: s.candidate === 'plan' ? 'tiny' : s.candidate,
          seeds: opts.seeds,
          run: { steps: s.steps, evalEvery, validationBatches: opts.validationBatches, model: s.model, train: s.train },
        },
        { build: false },
      );
  const bests = runs.map((r) => Math.min(...r.rows.map((row) => row.validationLoss)));
  const last = mean(runs.map((r) => r.rows.at(-1).validationLoss));
  const speed = mean(runs.flatMap((r) => r.rows.map((row) => row.charsPerSec)));
  return { ...s, engine: torch ? 'PyTorch' : 'folio', best: mean(bests), bests, last, speed, runs };
}

/** The table of results at the budget: one row per candidate (and cell). */
function budgetTable(results) {
  const rate = (t) =>
    t.lrSchedule === 'cosine' ? `${t.learningRate} cosine` : `${t.learningRate} ${t.lrSchedule ?? 'constant'}`;
  const rows = [
    [
      'candidate',
      'network',
      'matched',
      'parameters',
      'batch × window',
      'steps',
      'learning rate',
      'best val',
      'best by seed',
      'last val',
      'engine',
      'chars/s',
    ],
    ...results.map((r) => [
      r.candidate,
      network(r.model),
      r.match ?? '—',
      r.parameters.toLocaleString('en-US'),
      `${r.train.batchSize} × ${r.train.windowLength}`,
      String(r.steps),
      rate(r.train),
      fixed(r.best),
      r.bests.map((b) => fixed(b)).join(' / '),
      fixed(r.last),
      r.engine,
      fixed(r.speed, 0),
    ]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows.map((row) =>
    row
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd(),
  );
}

/** Each cell's best validation loss against the candidate's GRU (or its first row without one), in percent. */
function cellLines(results) {
  const lines = [];
  for (const candidate of new Set(results.map((r) => r.candidate))) {
    const rows = results.filter((r) => r.candidate === candidate);
    const base = rows.find((r) => (r.model.cell ?? 'gru') === 'gru') ?? rows[0];
    for (const r of rows.filter((x) => x !== base)) {
      const diff = ((r.best - base.best) / base.best) * 100;
      const sign = diff >= 0 ? '+' : '';
      lines.push(
        `${candidate}: ${network(r.model)} (${r.match}) against ${network(base.model)}: best ${sign}${diff.toFixed(2)}%`,
      );
    }
  }
  return lines;
}

/** The planner's choice and each preset (and with --cells each cell) at the same budget of training characters. */
function compareAtBudget(opts) {
  const started = Date.now();
  if (!(opts.budget >= 1000)) throw new Error('--budget takes a number of training characters ≥ 1000');
  if (Object.keys(opts.overrides.train).length > 0) throw new Error('with --budget, --set takes network settings only');
  const settingsJob = {
    task: 'budgetSettings',
    backend: 'cpu',
    text: opts.text,
    budget: opts.budget,
    candidates: opts.candidates,
    seeds: opts.seeds,
    model: opts.overrides.model,
    cells: opts.cells,
    match: opts.match,
  };
  const all = runInNode(settingsJob, { build: opts.build });
  const results = all.map((s) => trainAtBudget(opts, s));
  console.log(
    `
At ${opts.budget.toLocaleString('en-US')} training characters, seeds ${opts.seeds.join(', ')}, ${opts.validationBatches} validation batches:`,
  );
  for (const line of budgetTable(results)) console.log(line);
  if (opts.cells) for (const line of cellLines(results)) console.log(line);
  const plan = results.find((r) => r.candidate === 'plan');
  const presets = results.filter((r) => r.candidate !== 'plan');
  if (!opts.cells && plan && presets.length > 0) {
    const bestPreset = presets.reduce((a, b) => (b.best < a.best ? b : a));
    const diff = ((plan.best - bestPreset.best) / bestPreset.best) * 100;
    console.log(`plan against the best preset (${bestPreset.candidate}): ${diff >= 0 ? '+' : ''}${diff.toFixed(2)}%`);
  }
  mkdirSync(dirname(opts.out), { recursive: true });
  const seconds = Math.round((Date.now() - started) / 1000);
  writeFileSync(
    opts.out,
    `${JSON.stringify({ createdAt: new Date(started).toISOString(), seconds, budget: opts.budget, text: opts.text, results }, null, 2)}
`,
  );
  console.log(`Wrote ${opts.out} (${seconds} s).`);
}

function main() {
  const opts = options();
  if (opts.budget !== null) return compareAtBudget(opts);
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
