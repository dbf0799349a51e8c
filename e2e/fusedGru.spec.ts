// Fused WebGPU GRU kernels against the plain-ops reference GRU and the golden PyTorch model, in Chromium
// on WebGPU (SwiftShader here). Tolerance: for every tensor, max |fused − ref| / (max |ref| + 1e-6) ≤ 1e-4
// (float32 accumulation over ≤ 3H + T·B terms; observed errors are 1e-7 … 1e-6).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { FolioLab } from '../src/lab/lab';

const TOLERANCE = 1e-4;
// The golden PyTorch model lives beside the repository (override with FOLIO_GOLDEN).
const GOLDEN = process.env.FOLIO_GOLDEN ?? resolve(process.cwd(), '../shared/golden/gru_char_model.json');

declare global {
  var folioLab: FolioLab;
}

async function openLab(page: Page): Promise<void> {
  await page.goto('/lab.html');
  await expect(page.locator('#status')).toHaveText(/ready on webgpu/);
  expect(await page.evaluate(() => folioLab.tf.getBackend())).toBe('webgpu');
}

function expectWithin(stats: Record<string, { relative: number }>, label: string): void {
  for (const [name, s] of Object.entries(stats)) {
    expect.soft(s.relative, `${label}: ${name}`).toBeLessThanOrEqual(TOLERANCE);
  }
}

test.describe('fused WebGPU GRU', () => {
  test.beforeEach(async ({ page }) => openLab(page));

  const shapes = [
    { batch: 3, units: 37, embed: 11, time: 5, seed: 1 },
    { batch: 3, units: 37, embed: 11, time: 5, seed: 2, withH0: true },
    { batch: 8, units: 32, embed: 16, time: 16, seed: 3 },
    { batch: 5, units: 67, embed: 9, time: 4, seed: 4, withH0: true },
  ];
  for (const shape of shapes) {
    test(`matches the reference GRU: ${JSON.stringify(shape)}`, async ({ page }) => {
      const stats = await page.evaluate((s) => folioLab.compareFusedWithReference(s), shape);
      console.log(JSON.stringify(shape), JSON.stringify(Object.fromEntries(Object.entries(stats).map(([k, v]) => [k, v.relative]))));
      expectWithin(stats, JSON.stringify(shape));
    });
  }

  test('matches the golden PyTorch model', async ({ page }) => {
    const golden = JSON.parse(readFileSync(GOLDEN, 'utf8'));
    const stats = await page.evaluate((g) => folioLab.goldenCheck(g, 'fused'), golden);
    console.log('golden', JSON.stringify(Object.fromEntries(Object.entries(stats).map(([k, v]) => [k, v.relative]))));
    expectWithin(stats, 'golden');
  });

  test('generates the golden model\'s greedy continuation on the GPU', async ({ page }) => {
    const golden = JSON.parse(readFileSync(GOLDEN, 'utf8'));
    const { ids, expected } = await page.evaluate((g) => folioLab.goldenGreedy(g), golden);
    expect(ids).toEqual(expected);
  });

  test('the GPU sampler picks what the CPU sampler picks from the same draws', async ({ page }) => {
    for (const temperature of [0, 0.5, 1.3]) {
      const { mismatches } = await page.evaluate((t) => folioLab.compareSampler(64, 37, t, 3), temperature);
      expect(mismatches, `temperature ${temperature}`).toBe(0);
    }
  });

  test('chunked GPU generation gives the reference path\'s greedy ids', async ({ page }) => {
    const report = await page.evaluate(() => folioLab.generationSpeed(24, 8, 13, 20, 8));
    console.log('generation', JSON.stringify(report));
    expect(report.same).toBe(true);
  });

  test('a training step takes at most 3 dispatches per timestep', async ({ page }) => {
    const report = await page.evaluate(() => folioLab.trainingDispatches('fused', { batch: 4, units: 8, embed: 4, time: 16 }));
    console.log('dispatches', JSON.stringify(report));
    expect(report.perTimestep).toBeLessThanOrEqual(3);
  });

  test('keeps the tensor count across 20 forward+backward passes', async ({ page }) => {
    const report = await page.evaluate(() => folioLab.leakCheck('fused', { batch: 3, units: 12, embed: 5, time: 6, withH0: true }, 20));
    expect(report.tensorsAfter).toBe(report.tensorsBefore);
    expect(report.bytesAfter).toBe(report.bytesBefore);
  });
});
