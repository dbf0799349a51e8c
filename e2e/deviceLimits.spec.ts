// WebGPU's guaranteed limits (16,384 bytes of workgroup storage, 256 invocations per workgroup, 8 storage
// buffers per stage, 128 MiB per storage binding, 256 MiB per buffer), as Safari on an iPhone and many integrated
// GPUs offer: ?defaultLimits makes the lab and the trainer request their device without raised limits or optional
// features. The fused numerics and a training flow hold on it; a model too large for it is refused in words.
// Also: on SwiftShader the page says WebGPU runs on the processor.
import { expect, test } from '@playwright/test';
import { expectSoftwareAdapterWords, status, waitForStep, watchErrors } from './helpers';
import { expectWithin, GOLDEN, GOLDEN2, openLab, readGolden, worst } from './lab';
import { greedy, openWithText, pause, probe, SEED } from './savedState';
import { fillNumber, openSettings } from './helpers';

const DEFAULT_LIMITS = {
  maxComputeWorkgroupStorageSize: 16384,
  maxComputeInvocationsPerWorkgroup: 256,
  maxComputeWorkgroupSizeX: 256,
  maxComputeWorkgroupsPerDimension: 65535,
  maxStorageBuffersPerShaderStage: 8,
  maxStorageBufferBindingSize: 134217728,
  maxBufferSize: 268435456,
};

test('chromium: on a default-limits device the fused programs match the golden files, every kernel variant included', async ({
  page,
}) => {
  test.setTimeout(420_000);
  await openLab(page, '?defaultLimits');
  const facts = (await page.evaluate(() => folioLab.deviceFacts()))!;
  expect(facts.limits).toEqual(DEFAULT_LIMITS);
  for (const optional of ['shader-f16', 'subgroups', 'timestamp-query']) expect(facts.features).not.toContain(optional);
  // The adapter's own choice (SwiftShader: register tiles, no split), then what a GPU chooses (shared-memory
  // tiles, split K), then the whole-window and whole-chunk programs forced on.
  const variants = [
    {},
    { matmul: 'shared', maxStepSplit: 8, wholeWindowUnits: 0 },
    { wholeWindowUnits: 4096, wholeChunkUnits: 4096 },
  ] as const;
  for (const file of [GOLDEN, GOLDEN2]) {
    const golden = readGolden(file);
    for (const v of variants) {
      const stats = await page.evaluate(([g, vv]) => folioLab.kernelVariants.golden(g, vv), [golden, v] as const);
      console.log('default limits', file, JSON.stringify(v), worst(stats));
      expectWithin(stats, `${file} ${JSON.stringify(v)}`);
      const step = await page.evaluate(([g, vv]) => folioLab.kernelVariants.writtenOutGolden(g, vv), [
        golden,
        v,
      ] as const);
      expect(Object.keys(step)).toContain('d embedding.weight');
      expectWithin(step, `written-out step, ${file} ${JSON.stringify(v)}`);
    }
    for (const whole of [false, true]) {
      const { ids, expected } = await page.evaluate(([g, w]) => folioLab.goldenGreedy(g, w), [golden, whole] as const);
      expect(ids, `${file}, whole chunk ${whole}`).toEqual(expected);
    }
  }
});

test('chromium: a short training flow on a default-limits device trains, pauses and writes text on the fused kernels', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await openWithText(page, 'webgpu', '&defaultLimits');
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(status(page)).toContainText('fused WebGPU kernels');
  await waitForStep(page, 6);
  await pause(page);
  const live = await probe(page);
  expect(live.step).toBeGreaterThanOrEqual(6);
  expect(Number.isFinite(live.validationLoss)).toBe(true);
  expect((await greedy(page)).startsWith(SEED)).toBe(true);
  await expect(page.locator('main')).not.toContainText('A GPU program failed');
  expect(errors).toEqual([]);
});

test('chromium: a model too large for a default-limits device is refused with the message before training', async ({
  page,
}) => {
  await openWithText(page, 'webgpu', '&defaultLimits');
  await openSettings(page, 'Training settings');
  // Windows of the fixture text for one step (64 × 65 characters), and 5·T·B·H floats = 335 MB of saved state,
  // over the 128 MiB a default device binds.
  await fillNumber(page.getByLabel('GRU units'), '4096');
  await fillNumber(page.getByLabel('Batch size'), '64');
  await fillNumber(page.getByLabel('Window length'), '64');
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.locator('main')).toContainText('more than this GPU allows (128 MB)');
  await expect(status(page)).toContainText(/State:\s*Idle/);
  await expect(status(page)).toContainText(/Step:\s*0/);
});

test('chromium: on SwiftShader the status and the Run plan say WebGPU runs on the processor, and what to try', async ({
  page,
}) => {
  await page.goto('/');
  await expect(status(page)).toContainText('Backend: webgpu');
  await expectSoftwareAdapterWords(page, 'SwiftShader');
});
