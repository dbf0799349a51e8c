// Firefox's WebGPU (wgpu, WGSL compiled by naga) on the lab page: folio's fused GRU programs against both golden
// PyTorch files and against the plain-ops GRU run by tfjs's own programs, within the Chromium suite's tolerance.
import { expect, test } from '@playwright/test';
import { expectWithin, GOLDEN, GOLDEN2, openLab, readGolden, worst } from '../lab';

test.beforeEach(async ({ page }) => openLab(page));

test('firefox: the fused GRU matches the 1- and 2-layer golden PyTorch models (values, gradients, greedy text)', async ({
  page,
}) => {
  for (const file of [GOLDEN, GOLDEN2]) {
    const golden = readGolden(file);
    const stats = await page.evaluate((g) => folioLab.goldenCheck(g, 'fused'), golden);
    console.log('firefox golden', file, worst(stats));
    expect(Object.keys(stats).length).toBeGreaterThan(3);
    expectWithin(stats, file);
    const { ids, expected } = await page.evaluate((g) => folioLab.goldenGreedy(g), golden);
    expect(ids, file).toEqual(expected);
  }
  const two = await page.evaluate((g) => folioLab.goldenCheck(g, 'fused'), readGolden(GOLDEN2));
  expect(Object.keys(two)).toContain('d gru.weight_ih_l1');
});

test('firefox: the fused GRU matches the plain-ops GRU, and the written-out training step the taped one', async ({
  page,
}) => {
  const shape = { batch: 3, units: 37, embed: 11, time: 5, seed: 2, withH0: true };
  const stats = await page.evaluate((s) => folioLab.compareFusedWithReference(s), shape);
  console.log('firefox fused vs plain ops', worst(stats));
  expectWithin(stats, 'fused vs plain ops');
  const reference = await page.evaluate((g) => folioLab.goldenCheck(g, 'reference'), readGolden(GOLDEN));
  expectWithin(reference, 'plain-ops GRU vs golden');
  const step = { vocab: 13, embed: 7, units: 19, layers: 2, dropout: 0.3, batch: 3, time: 6, seed: 5 };
  const written = await page.evaluate((s) => folioLab.compareWrittenOutStep(s), step);
  expect(Object.keys(written)).toContain('d gru.weight_ih_l1');
  expectWithin(written, 'written-out vs taped');
});
