// Offline after the first visit: the service worker precaches the app, the app caches Tiny Shakespeare in
// IndexedDB, so a reload with the network off loads the page and trains on the cached corpus.
import { expect, test } from '@playwright/test';
import { SHAKESPEARE_URL } from './browser';
import { fixture, status, waitForStep } from './helpers';

test.use({ serviceWorkers: 'allow' });

test('after one visit the page loads and trains with the network off', async ({ page, context }) => {
  let downloads = 0;
  await context.route(SHAKESPEARE_URL, (route) => {
    downloads++;
    return route.fulfill({ status: 200, contentType: 'text/plain; charset=utf-8', body: fixture('watchmen.txt') });
  });
  await page.goto('/');
  await page.getByRole('button', { name: 'Use Tiny Shakespeare' }).click();
  await expect(page.locator('main')).toContainText(/Characters:\s*7,056/);
  expect(downloads).toBe(1);
  // The service worker has installed and controls the page (autoUpdate claims open pages).
  await expect
    .poll(() => page.evaluate(async () => (await navigator.serviceWorker.ready).active?.state), { timeout: 60_000 })
    .toBe('activated');
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

  await context.setOffline(true);
  await page.reload();
  await expect(status(page)).toContainText('Backend: webgpu');
  await page.getByRole('button', { name: 'Use Tiny Shakespeare' }).click();
  await expect(page.locator('main')).toContainText(/Characters:\s*7,056/);
  expect(downloads).toBe(1); // from the cache, not the network
  await page.getByLabel('Preset').selectOption('tiny');
  await page.getByLabel('Train for').selectOption('epochs'); // the preset's epochs, no plan
  await page.getByRole('button', { name: 'Start training' }).click();
  await waitForStep(page, 3);
  await expect(status(page)).toContainText('fused WebGPU kernels');
});
