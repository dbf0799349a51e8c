// In-place GPU writes (fused Adam, preallocated outputs) go through one place that keeps tfjs's view of the
// buffer true; a read after such a write returns the new values, never a cached copy. Runs on WebGPU.
import { expect, test } from '@playwright/test';
import type { FolioLab } from '../src/lab/lab';

declare global {
  var folioLab: FolioLab;
}

test.beforeEach(async ({ page }) => {
  await page.goto('/lab.html');
  await expect(page.locator('#status')).toHaveText(/ready on webgpu/);
});

test('training, checkpoint reads and generation write in place only through inPlace.ts', async ({ page }) => {
  const result = await page.evaluate(() => folioLab.inPlace.auditAppWrites());
  expect(result.unsanctioned).toEqual([]);
  expect(result.sanctioned).toBeGreaterThanOrEqual(3 * (7 + 1)); // per step Adam writes 7 weights and the moments, and more
});

test('the audit catches a program that writes into an existing tensor behind its back', async ({ page }) => {
  const result = await page.evaluate(() => folioLab.inPlace.auditDirectWrite());
  expect(result.unsanctioned).toEqual(['folioCopy_3']);
});

test('a read after an in-place Adam update returns the new values (async and sync reads)', async ({ page }) => {
  const { before, after, again, device } = await page.evaluate(() => folioLab.inPlace.readAfterInPlaceWrite());
  expect(after).not.toEqual(before);
  expect(again).not.toEqual(after);
  expect(again).toEqual(device);
});
