// Every fallback backend trains and writes: WebGL, WASM (no UnsortedSegmentSum: the embedding gradient
// goes through a one-hot product) and CPU, chosen with the Backend select.
import { chromium, expect, test } from '@playwright/test';
import { chromiumArgs, chromiumExecutable } from './browser';
import { serveShakespeareFixture, status, waitForStep, openSettings } from './helpers';

for (const [value, name] of [
  ['webgl', 'webgl'],
  ['wasm', 'wasm'],
  ['cpu', 'cpu'],
] as const) {
  test(`trains and generates on the ${name} backend`, async ({ page }) => {
    const csp: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/.test(m.text())) csp.push(m.text());
    });
    await serveShakespeareFixture(page);
    await page.goto('/');
    await expect(status(page)).toContainText('webgpu');
    await openSettings(page, 'Backend and kernels');
    await page.getByLabel('Backend').selectOption(value);
    await expect(status(page)).toContainText(`Backend: ${name}`);
    await expect(status(page)).toContainText('plain tfjs ops');
    await page.getByRole('button', { name: 'Use Tiny Shakespeare' }).click();
    await page.getByLabel('Preset').selectOption('tiny');
    await page.getByLabel('Train for').selectOption('epochs'); // the preset's epochs, no plan
    await page.getByRole('button', { name: 'Start training' }).click();
    await waitForStep(page, 3);
    await page.getByRole('button', { name: 'Pause training' }).click();
    await expect(status(page)).toContainText('Paused');
    await page.getByLabel('Length', { exact: true }).fill('40');
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    await expect(page.getByRole('region', { name: 'Generated text' })).toContainText('ROMEO:');
    await expect(page.getByRole('button', { name: 'Generate', exact: true })).toBeEnabled();
    expect(csp).toEqual([]);
  });
}

test('without a WebGPU adapter the app falls back to WebGL and says why', async ({ baseURL }) => {
  // Chromium started without the WebGPU flags: navigator.gpu exists on Linux but offers no adapter.
  const executablePath = chromiumExecutable();
  const args = chromiumArgs.filter((a) => !/webgpu|unsafe-swiftshader|Vulkan|use-vulkan/i.test(a));
  const browser = await chromium.launch({ args, ...(executablePath ? { executablePath } : {}) });
  try {
    const page = await browser.newPage();
    await page.goto(baseURL!);
    await expect(status(page)).toContainText('Backend: webgl');
    await expect(status(page)).toContainText(/WebGPU unavailable: no WebGPU adapter/);
  } finally {
    await browser.close();
  }
});
