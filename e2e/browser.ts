// One place that says how to start each browser with WebGPU, for the e2e tests and the benchmark.
// Chromium: on these machines WebGPU runs on SwiftShader; on a laptop Playwright's own Chromium is used. Its
// lists live in bench/chromium.json, which the benchmark runner (plain Node) reads too.
// Firefox: the system's Firefox (WebGPU from wgpu; on a machine without a GPU, on Mesa's lavapipe), driven over
// WebDriver BiDi (Playwright's moz-firefox channel), with WebGPU switched on by prefs as on Linux it is off.
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';

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

const FIREFOX_EXECUTABLES = ['/usr/bin/firefox-esr', '/usr/bin/firefox'];

/** The system Firefox ($FIREFOX_PATH, else Debian's firefox-esr or firefox); else the moz-firefox channel finds one. */
export function firefoxExecutable(): string | undefined {
  const fromEnv = process.env.FIREFOX_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  return FIREFOX_EXECUTABLES.find((path) => existsSync(path));
}

/** WebGPU on, also in workers, and on adapters Firefox blocks by default (lavapipe, most Linux drivers). */
export const firefoxPrefs = {
  'dom.webgpu.enabled': true,
  'gfx.webgpu.ignore-blocklist': true,
  'dom.webgpu.workers.enabled': true,
};

/** Firefox prints an error at start without a runtime directory (XDG_RUNTIME_DIR), as under CI. */
export const firefoxEnv = { ...process.env, XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? tmpdir() } as Record<
  string,
  string
>;
