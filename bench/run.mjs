// npm run bench [-- options]: the benchmark of issue 3. Builds the app's lab page (or a Node bundle of the
// same code), races the fused, reference and stock GRU training paths and writes bench-results/latest.json.
//   --config tiny|small|reference   (repeatable or comma-separated; default tiny,small)
//   --steps N                       timed steps per path (default 5 for tiny, 2 otherwise)
//   --backend webgpu|webgl|wasm     (browser runtime; fused needs webgpu and is null elsewhere)
//   --runtime browser|node          headless Chromium (default) or Node with Dawn (`webgpu` package)
//   --paths fused,reference,stock   which paths to run (default all)
//   --chars N                       characters per generation run (default 64)
//   --extrapolate                   no full-window or timed steps: dispatches and peak memory extrapolated
//                                   from windows 4 and 8 (Reference on SwiftShader, where a step takes minutes)
//   --executable PATH  --gpu swiftshader|hardware  --headed   (browser: which Chrome, which WebGPU adapter)
//   --port N (default 4190)  --no-build (reuse dist-bench/ or dist-bench-node/)  --out FILE
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatTable } from './table.mjs';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const vite = join(root, 'node_modules/vite/bin/vite.js');
// Chromium ships SwiftShader as a Vulkan driver: Dawn in Node can use it where no GPU driver is installed.
const CHROMIUM_SWIFTSHADER = { dir: '/usr/lib/chromium', icd: '/usr/lib/chromium/vk_swiftshader_icd.json' };

function options() {
  const { values } = parseArgs({
    options: {
      config: { type: 'string', multiple: true },
      steps: { type: 'string' },
      backend: { type: 'string', default: 'webgpu' },
      runtime: { type: 'string', default: 'browser' },
      paths: { type: 'string' },
      chars: { type: 'string', default: '64' },
      executable: { type: 'string' },
      gpu: { type: 'string', default: 'swiftshader' },
      headed: { type: 'boolean', default: false },
      extrapolate: { type: 'boolean', default: false },
      port: { type: 'string', default: '4190' },
      'no-build': { type: 'boolean', default: false },
      out: { type: 'string', default: join(root, 'bench-results/latest.json') },
    },
  });
  const configs = (values.config ?? ['tiny,small']).flatMap((c) => c.split(','));
  const check = (ok, message) => {
    if (!ok) throw new Error(message);
  };
  check(configs.every((c) => ['tiny', 'small', 'reference'].includes(c)), '--config takes tiny, small or reference');
  check(['webgpu', 'webgl', 'wasm'].includes(values.backend), '--backend takes webgpu, webgl or wasm');
  check(['browser', 'node'].includes(values.runtime), '--runtime takes browser or node');
  check(values.runtime === 'browser' || values.backend === 'webgpu', '--runtime node runs on webgpu only');
  check(['swiftshader', 'hardware'].includes(values.gpu), '--gpu takes swiftshader or hardware');
  const paths = values.paths?.split(',');
  check(!paths || paths.every((p) => ['fused', 'reference', 'stock'].includes(p)), '--paths takes fused, reference, stock');
  const steps = values.steps === undefined ? undefined : Number(values.steps);
  check(steps === undefined || (Number.isInteger(steps) && steps >= 1), '--steps takes a whole number ≥ 1');
  const chars = Number(values.chars);
  check(Number.isInteger(chars) && chars >= 2, '--chars takes a whole number ≥ 2');
  const port = Number(values.port);
  check(Number.isInteger(port) && port > 0 && port < 65536, '--port takes a port number');
  return { ...values, configs, paths, steps, chars, port, build: !values['no-build'] };
}

/** Timed steps per path when --steps is not given: few where stock steps take seconds on SwiftShader. */
function stepsPerConfig(opts) {
  return Object.fromEntries(opts.configs.map((c) => [c, opts.steps ?? (c === 'tiny' ? 5 : 2)]));
}

/** What a runtime needs to know, as plain data (it crosses into a page or a child process). */
function job(opts) {
  return { configs: opts.configs, steps: stepsPerConfig(opts), paths: opts.paths, chars: opts.chars, extrapolate: opts.extrapolate };
}

function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  return result.status ?? 1;
}

function build(args, what) {
  console.log(`Building ${what}…`);
  if (run(process.execPath, [vite, 'build', '--logLevel', 'warn', ...args]) !== 0) throw new Error(`building ${what} failed`);
}

/** Node + Dawn in a child process (Vulkan's loader reads its environment at start); SwiftShader as fallback. */
function runInNode(opts) {
  if (opts.build) build(['--config', 'bench/vite.node.config.mjs'], 'the Node bundle (dist-bench-node/)');
  const outFile = join(tmpdir(), `folio-bench-${process.pid}.json`);
  const child = (env) => run(process.execPath, [join(root, 'bench/nodeRuntime.mjs'), JSON.stringify(job(opts)), outFile], env);
  let status = child(process.env);
  if (status === 3 && !process.env.VK_ICD_FILENAMES && existsSync(CHROMIUM_SWIFTSHADER.icd)) {
    console.log("No GPU adapter: retrying on Chromium's SwiftShader Vulkan driver.");
    const libs = [CHROMIUM_SWIFTSHADER.dir, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
    status = child({ ...process.env, LD_LIBRARY_PATH: libs, VK_ICD_FILENAMES: CHROMIUM_SWIFTSHADER.icd });
  }
  if (status !== 0) throw new Error(`the Node benchmark failed (exit code ${status})`);
  const records = JSON.parse(readFileSync(outFile, 'utf8'));
  rmSync(outFile);
  return records;
}

async function main() {
  const opts = options();
  const started = new Date();
  let records;
  if (opts.runtime === 'node') {
    records = runInNode(opts);
  } else {
    if (opts.build) build(['--outDir', 'dist-bench', '--emptyOutDir'], 'the lab page (dist-bench/)');
    const { runInBrowser } = await import('./browserRuntime.mjs'); // Playwright: only needed here
    records = await runInBrowser(opts, job(opts), join(root, 'dist-bench'));
  }
  console.log(`\n${formatTable(records)}\n`);
  mkdirSync(dirname(opts.out), { recursive: true });
  const runtime = opts.runtime === 'node' ? `node ${process.version} + Dawn (webgpu package)` : 'headless Chromium';
  const seconds = Math.round((Date.now() - started.getTime()) / 1000);
  writeFileSync(opts.out, `${JSON.stringify({ createdAt: started.toISOString(), runtime, seconds, results: records }, null, 2)}\n`);
  console.log(`Wrote ${opts.out} (${seconds} s).`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
