// Runs the benchmark in headless Chromium: serves the built lab page, opens it with the e2e tests' flags
// (bench/chromium.json) and calls folioLab.runBench for each config.
import { existsSync, readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { serveDirectory } from './staticServer.mjs';

const launchConfig = JSON.parse(readFileSync(new URL('./chromium.json', import.meta.url), 'utf8'));

/** --executable, else $CHROMIUM_PATH, else the system Chromium, else Playwright's own. */
function executable(opts) {
  const candidates = [opts.executable, process.env.CHROMIUM_PATH, ...launchConfig.executables];
  return candidates.find((path) => path && existsSync(path));
}

/** SwiftShader flags unless --gpu hardware (a real GPU in a normal Chrome). */
function chromiumArgs(opts) {
  const webgpu = opts.gpu === 'hardware' ? launchConfig.webgpuHardware : launchConfig.webgpuSwiftShader;
  return [...webgpu, ...launchConfig.common];
}

/** Runs each of the job's configs in one page; opts are the command line's (browser, port). */
export async function runInBrowser(opts, job, distDir) {
  const server = await serveDirectory(distDir, opts.port);
  const executablePath = executable(opts);
  const browser = await chromium.launch({
    headless: !opts.headed,
    args: chromiumArgs(opts),
    ...(executablePath ? { executablePath } : {}),
  });
  try {
    const page = await browser.newPage();
    page.on('console', (m) => {
      if (m.text().startsWith('[bench]') || m.type() === 'error') console.log(`  ${m.text()}`);
    });
    page.on('pageerror', (e) => console.log(`  page error: ${e.message}`));
    await page.goto(`http://127.0.0.1:${opts.port}/lab.html`);
    await page.waitForFunction(() => /ready|failed/.test(document.getElementById('status')?.textContent ?? ''), null, {
      timeout: 120_000,
    });
    console.log(
      `Chromium ${browser.version()} (${executablePath ?? "Playwright's own"}), lab: ${await page.locator('#status').textContent()}`,
    );
    const backend = await page.evaluate((b) => globalThis.folioLab.useBackend(b), opts.backend);
    if (backend !== opts.backend)
      throw new Error(`the ${opts.backend} backend did not start in Chromium (got ${backend})`);
    const records = [];
    for (const config of job.configs) {
      for (const cell of job.cells ?? ['gru']) {
        const run = {
          config,
          cell,
          steps: job.steps[config],
          paths: job.paths,
          generateChars: job.chars,
          extrapolate: job.extrapolate,
          depths: job.depths,
        };
        records.push(await page.evaluate((o) => globalThis.folioLab.runBench(o), run));
      }
    }
    return records;
  } finally {
    await browser.close();
    server.close();
  }
}
