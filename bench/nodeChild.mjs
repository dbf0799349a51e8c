// Starts bench/nodeRuntime.mjs in a child process (Vulkan's loader reads its environment at start) and
// returns the records it wrote. Without a GPU driver it retries on Chromium's SwiftShader Vulkan driver.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const vite = join(root, 'node_modules/vite/bin/vite.js');
// Chromium ships SwiftShader as a Vulkan driver: Dawn in Node can use it where no GPU driver is installed.
const CHROMIUM_SWIFTSHADER = { dir: '/usr/lib/chromium', icd: '/usr/lib/chromium/vk_swiftshader_icd.json' };

export function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  return result.status ?? 1;
}

export function build(args, what) {
  console.log(`Building ${what}…`);
  if (run(process.execPath, [vite, 'build', '--logLevel', 'warn', ...args]) !== 0)
    throw new Error(`building ${what} failed`);
}

/** Runs a job in Node (after building the bundle unless told not to); the records it produced. */
export function runInNode(job, { build: rebuild = true } = {}) {
  if (rebuild) build(['--config', 'bench/vite.node.config.mjs'], 'the Node bundle (dist-bench-node/)');
  const outFile = join(tmpdir(), `folio-bench-${process.pid}.json`);
  const child = (env) =>
    run(process.execPath, [join(root, 'bench/nodeRuntime.mjs'), JSON.stringify(job), outFile], env);
  let status = child(process.env);
  if (status === 3 && job.backend !== 'cpu' && !process.env.VK_ICD_FILENAMES && existsSync(CHROMIUM_SWIFTSHADER.icd)) {
    console.log("No GPU adapter: retrying on Chromium's SwiftShader Vulkan driver.");
    const libs = [CHROMIUM_SWIFTSHADER.dir, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
    status = child({ ...process.env, LD_LIBRARY_PATH: libs, VK_ICD_FILENAMES: CHROMIUM_SWIFTSHADER.icd });
  }
  if (status !== 0) throw new Error(`the Node benchmark failed (exit code ${status})`);
  const records = JSON.parse(readFileSync(outFile, 'utf8'));
  rmSync(outFile);
  return records;
}
