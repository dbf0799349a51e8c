// Training on WebGPU: the app's Adam, plain ops and fused in-place kernels, against Adam in float64 JS, and a
// whole run on the fused path against the reference path. Tolerances: Adam ≤ 1e-5 of the values' scale;
// loss curves within 2% over 8 steps: Adam moves a weight by about lr·sign(g) whatever |g| is, so gradients
// that are ~0 and differ at the 1e-7 level between the two GRU implementations move some weights apart.
import { expect, test } from '@playwright/test';
import type { FolioLab } from '../src/lab/lab';

declare global {
  var folioLab: FolioLab;
}

test.beforeEach(async ({ page }) => {
  await page.goto('/lab.html');
  await expect(page.locator('#status')).toHaveText(/ready on webgpu/);
});

for (const fused of [false, true]) {
  for (const [size, scale] of [
    [1, 1],
    [2, 1],
    [65, 0.5],
    [999, 1],
    [70_001, 0.25],
    [1_200_007, 0.5],
  ] as const) {
    test(`${fused ? 'fused' : 'plain'} Adam matches float64: ${size} weights, clip scale ${scale}`, async ({
      page,
    }) => {
      const errors = await page.evaluate(([n, s, f]) => folioLab.checkAdam(n, 5, s, f), [size, scale, fused] as const);
      for (const [name, e] of Object.entries(errors)) expect(e, name).toBeLessThanOrEqual(1e-5);
    });
  }
}

test('paired fused Adam (a weight and its bias from one gradient buffer, one dispatch) matches float64', async ({
  page,
}) => {
  for (const [rows, cols, scale] of [
    [3, 5, 1],
    [65, 129, 0.5],
    [96, 1025, 0.25],
  ] as const) {
    const errors = await page.evaluate(([r, c, s]) => folioLab.checkPairedAdam(r, c, 5, s), [
      rows,
      cols,
      scale,
    ] as const);
    for (const [name, e] of Object.entries(errors)) expect(e, `${rows}×${cols} ${name}`).toBeLessThanOrEqual(1e-5);
  }
});

test('training on the fused path follows the reference path and learns', async ({ page }) => {
  const { fused, reference } = await page.evaluate(() => folioLab.compareTrainingPaths(8));
  fused.forEach((loss, i) =>
    expect(Math.abs(loss - reference[i]) / reference[i], `step ${i + 1}`).toBeLessThanOrEqual(2e-2),
  );
  expect(fused[7]).toBeLessThan(fused[0]);
  expect(reference[7]).toBeLessThan(reference[0]);
});

// Tiny's weights as a step lays them out: fc, W_hh, W_ih (each with its bias) and the embedding in one buffer;
// two layers: layer 1's fc, W_hh, W_ih in one, layer 0's W_hh, W_ih and the embedding in another.
const ONE_LAYER = [
  [
    [65, 32, true],
    [96, 32, true],
    [96, 16, true],
    [65, 16, false],
  ],
] as const;
const TWO_LAYERS = [
  [
    [65, 32, true],
    [96, 32, true],
    [96, 32, true],
  ],
  [
    [96, 32, true],
    [96, 16, true],
    [65, 16, false],
  ],
] as const;

test('all-weights fused Adam matches float64 in one dispatch or several (1 and 2 layers)', async ({ page }) => {
  for (const [name, layout, limit, dispatches] of [
    ['1 layer, 10 buffers', ONE_LAYER, 10, 1],
    ['1 layer, WebGPU default 8', ONE_LAYER, 8, 2],
    ['1 layer, 4', ONE_LAYER, 4, 7],
    ['2 layers, 15 buffers', TWO_LAYERS, 15, 1],
    ['2 layers, WebGPU default 8', TWO_LAYERS, 8, 3],
  ] as const) {
    const report = await page.evaluate(
      ([l, n]) => folioLab.checkAllWeightsAdam(l as unknown as Parameters<typeof folioLab.checkAllWeightsAdam>[0], n),
      [layout, limit] as const,
    );
    if (report.limit < limit) {
      // this device binds fewer than the case asks (never below WebGPU's 8): say so rather than pass quietly
      test.info().annotations.push({ type: 'skipped case', description: `${name}: device limit ${report.limit}` });
      continue;
    }
    for (const [key, e] of Object.entries(report.errors)) expect(e, `${name}: ${key}`).toBeLessThanOrEqual(1e-5);
    expect(report.dispatchesPerStep, name).toBe(dispatches);
  }
});
