import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumExecutable, firefoxEnv, firefoxExecutable, firefoxPrefs } from './e2e/browser';

const chromiumPath = chromiumExecutable();
const firefoxPath = firefoxExecutable();
// Several people (or agents) can run the suite side by side: each with its own port and build folder.
const port = Number(process.env.FOLIO_PORT ?? 4173);
const outDir = process.env.FOLIO_DIST ?? 'dist';

export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.spec.ts',
  timeout: 240_000,
  expect: { timeout: 60_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: process.env.FOLIO_TEST_RESULTS ?? 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    headless: true,
    // The app registers a service worker (offline use). Tests serve the corpus with page.route, which a
    // service worker could bypass, so it is blocked except where a test allows it (e2e/offline.spec.ts).
    serviceWorkers: 'block',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      testIgnore: 'firefox/**',
      use: {
        browserName: 'chromium',
        launchOptions: { args: chromiumArgs, ...(chromiumPath ? { executablePath: chromiumPath } : {}) },
      },
    },
    // A second WebGPU implementation (wgpu and its WGSL compiler, naga): a small lane, e2e/firefox/.
    // Playwright 1.65 sends a BiDi command (emulation.setMediaFeaturesOverride) Firefox 153 ESR does not know,
    // so @playwright/test stays at 1.64.
    {
      name: 'firefox',
      testMatch: 'firefox/**/*.spec.ts',
      use: {
        browserName: 'firefox',
        channel: 'moz-firefox',
        launchOptions: {
          firefoxUserPrefs: firefoxPrefs,
          env: firefoxEnv,
          ...(firefoxPath ? { executablePath: firefoxPath } : {}),
        },
      },
    },
  ],
  webServer: {
    command: `npx vite preview --host 127.0.0.1 --port ${port} --strictPort --outDir ${outDir}`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
