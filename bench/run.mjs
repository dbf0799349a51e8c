// npm run bench [-- options]: the benchmark of issue 3. Builds the app's lab page (or a Node bundle of the
// same code), races the fused, reference and stock GRU training paths and writes bench-results/latest.json.
//   --config tiny|small|mid|reference (repeatable or comma-separated; default tiny,small,mid); mid is
//                                   batch 32 × window 64 × GRU 512, Small batch 32 × window 64 × GRU 256
//   --cells gru,lstm,rnn            each config once per cell, side by side (default gru); the kernels column says
//                                   whether a cell ran the fused kernels or fell back to plain ops
//   --steps N                       timed steps per path (default 5 for tiny, 2 otherwise)
//   --backend webgpu|webgl|wasm     (browser runtime; fused needs webgpu and is null elsewhere)
//   --runtime browser|node          headless Chromium (default) or Node with Dawn (`webgpu` package)
//   --paths fused,steps,window,reference,stock,loop   which paths to run (default fused,steps,reference,stock):
//                                   steps = fused with one dispatch per timestep / per generated character,
//                                   window = fused with the whole window / chunk in one dispatch where it fits,
//                                   loop = the app's Trainer.run, steps in flight against the sequential loop
//   --depths                        with loop: also 2 and 8 steps in flight (how deep a queue pays)
//   --chars N                       characters per generation run (default 64)
//   --extrapolate                   no full-window or timed steps: dispatches and peak memory extrapolated
//                                   from windows 4 and 8 (Reference on SwiftShader, where a step takes minutes)
//   --executable PATH  --gpu swiftshader|hardware  --headed   (browser: which Chrome, which WebGPU adapter)
//   --port N (default 4190)  --no-build (reuse dist-bench/ or dist-bench-node/)  --out FILE
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatTable } from './table.mjs';
import { build, root, runInNode } from './nodeChild.mjs';

function options() {
  const { values } = parseArgs({
    options: {
      config: { type: 'string', multiple: true },
      cells: { type: 'string', default: 'gru' },
      steps: { type: 'string' },
      backend: { type: 'string', default: 'webgpu' },
      runtime: { type: 'string', default: 'browser' },
      paths: { type: 'string' },
      chars: { type: 'string', default: '64' },
      executable: { type: 'string' },
      gpu: { type: 'string', default: 'swiftshader' },
      headed: { type: 'boolean', default: false },
      extrapolate: { type: 'boolean', default: false },
      depths: { type: 'boolean', default: false },
      port: { type: 'string', default: '4190' },
      'no-build': { type: 'boolean', default: false },
      out: { type: 'string', default: join(root, 'bench-results/latest.json') },
    },
  });
  const configs = (values.config ?? ['tiny,small,mid']).flatMap((c) => c.split(','));
  const cells = [...new Set(values.cells.split(','))];
  const check = (ok, message) => {
    if (!ok) throw new Error(message);
  };
  check(
    configs.every((c) => ['tiny', 'small', 'mid', 'plan64', 'reference'].includes(c)),
    '--config takes tiny, small, mid, plan64 or reference',
  );
  check(
    cells.every((c) => ['gru', 'lstm', 'rnn'].includes(c)),
    '--cells takes gru, lstm or rnn',
  );
  check(['webgpu', 'webgl', 'wasm'].includes(values.backend), '--backend takes webgpu, webgl or wasm');
  check(['browser', 'node'].includes(values.runtime), '--runtime takes browser or node');
  check(values.runtime === 'browser' || values.backend === 'webgpu', '--runtime node runs on webgpu only');
  check(['swiftshader', 'hardware'].includes(values.gpu), '--gpu takes swiftshader or hardware');
  const paths = values.paths?.split(',');
  check(
    !paths || paths.every((p) => ['fused', 'steps', 'window', 'reference', 'stock', 'loop'].includes(p)),
    '--paths takes fused, steps, window, reference, stock, loop',
  );
  const steps = values.steps === undefined ? undefined : Number(values.steps);
  check(steps === undefined || (Number.isInteger(steps) && steps >= 1), '--steps takes a whole number ≥ 1');
  const chars = Number(values.chars);
  check(Number.isInteger(chars) && chars >= 2, '--chars takes a whole number ≥ 2');
  const port = Number(values.port);
  check(Number.isInteger(port) && port > 0 && port < 65536, '--port takes a port number');
  return { ...values, configs, cells, paths, steps, chars, port, build: !values['no-build'] };
}

/** Timed steps per path when --steps is not given: few where stock steps take seconds on SwiftShader. */
function stepsPerConfig(opts) {
  return Object.fromEntries(opts.configs.map((c) => [c, opts.steps ?? (c === 'tiny' ? 5 : 2)]));
}

/** What a runtime needs to know, as plain data (it crosses into a page or a child process). */
function job(opts) {
  return {
    configs: opts.configs,
    cells: opts.cells,
    steps: stepsPerConfig(opts),
    paths: opts.paths,
    chars: opts.chars,
    extrapolate: opts.extrapolate,
    depths: opts.depths,
  };
}

async function main() {
  const opts = options();
  const started = new Date();
  let records;
  if (opts.runtime === 'node') {
    records = runInNode(job(opts), { build: opts.build });
  } else {
    if (opts.build) build(['--outDir', 'dist-bench', '--emptyOutDir'], 'the lab page (dist-bench/)');
    const { runInBrowser } = await import('./browserRuntime.mjs'); // Playwright: only needed here
    records = await runInBrowser(opts, job(opts), join(root, 'dist-bench'));
  }
  console.log(`\n${formatTable(records)}\n`);
  mkdirSync(dirname(opts.out), { recursive: true });
  const runtime = opts.runtime === 'node' ? `node ${process.version} + Dawn (webgpu package)` : 'headless Chromium';
  const seconds = Math.round((Date.now() - started.getTime()) / 1000);
  writeFileSync(
    opts.out,
    `${JSON.stringify({ createdAt: started.toISOString(), runtime, seconds, results: records }, null, 2)}\n`,
  );
  console.log(`Wrote ${opts.out} (${seconds} s).`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
