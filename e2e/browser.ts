// One place that says how to start Chromium with WebGPU, for the e2e tests and the benchmark.
// On these machines WebGPU runs on SwiftShader; on a laptop Playwright's own Chromium is used.
import { existsSync } from 'node:fs';

export function chromiumExecutable(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  return undefined; // Playwright's downloaded browser (npx playwright install chromium)
}

export const chromiumArgs: string[] = [
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-angle=swiftshader',
  '--use-vulkan=swiftshader',
  '--use-webgpu-adapter=swiftshader',
  '--enable-unsafe-swiftshader',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const SHAKESPEARE_URL =
  'https://storage.googleapis.com/download.tensorflow.org/data/shakespeare.txt';
