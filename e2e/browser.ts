// One place that says how to start Chromium with WebGPU, for the e2e tests and the benchmark.
// On these machines WebGPU runs on SwiftShader; on a laptop Playwright's own Chromium is used.
// The lists live in bench/chromium.json, which the benchmark runner (plain Node) reads too.
import { existsSync, readFileSync } from 'node:fs';

interface ChromiumLaunch {
  executables: string[];
  webgpuSwiftShader: string[];
  common: string[];
}

const launch = JSON.parse(readFileSync(new URL('../bench/chromium.json', import.meta.url), 'utf8')) as ChromiumLaunch;

export function chromiumExecutable(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  return launch.executables.find((path) => existsSync(path)); // else Playwright's own (npx playwright install chromium)
}

export const chromiumArgs: string[] = [...launch.webgpuSwiftShader, ...launch.common];

export const SHAKESPEARE_URL = 'https://storage.googleapis.com/download.tensorflow.org/data/shakespeare.txt';
