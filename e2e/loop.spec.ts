// Steps in flight (worker/model/stepsInFlight.ts) on WebGPU with the fused kernels: the app's Trainer.run with
// 2, 4 and 8 steps queued ahead gives the sequential loop's run bit for bit — every loss and validation loss,
// and every weight and Adam moment read afresh from the GPU — also when steps in flight are not finite (the
// GPU guard skips them and the steps queued after them are queued again), and five in a row still end the run.
import { expect, test } from '@playwright/test';
import type { FolioLab } from '../src/lab/lab';
import type { LoopOptions, LoopRun } from '../src/lab/loopLab';

declare global {
  var folioLab: FolioLab;
}

test.beforeEach(async ({ page }) => {
  await page.goto('/lab.html');
  await expect(page.locator('#status')).toHaveText(/ready on webgpu/);
});

const run = (page: import('@playwright/test').Page, opts: LoopOptions): Promise<LoopRun> =>
  page.evaluate((o) => folioLab.trainLoop(o), opts);

/** Everything but the readback counts, which differ by design. */
const state = ({ counts: _counts, saved: _saved, ...rest }: LoopRun) => rest;

test('50 steps in flight equal the sequential loop bit for bit: losses, validation, weights and Adam moments', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const sequential = await run(page, { steps: 50, depth: 1 });
  expect(sequential.outcome).toBe('finished');
  expect(sequential.reports).toHaveLength(50);
  expect(sequential.validation.map((v) => v.step)).toEqual([10, 20, 30, 40, 50]);
  expect(sequential.reports[49].loss).toBeLessThan(sequential.reports[0].loss);
  expect(sequential.counts!.readbacks).toBe(50); // one per step
  expect(sequential.tensorsHeld).toBe(0);
  for (const depth of [2, 4, 8]) {
    const pipelined = await run(page, { steps: 50, depth });
    expect(state(pipelined), `${depth} steps in flight`).toEqual(state(sequential));
    // A read every 8 steps and one where each evaluation settles the loop (every 10): about 10, not 50.
    expect(pipelined.counts!.readbacks, `${depth} in flight: readbacks`).toBeLessThanOrEqual(15);
  }
});

test('a non-finite step in flight is skipped by the GPU guard and the steps after it are queued again, as the sequential loop runs them', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const opts = { steps: 30, poisonAt: [6, 13, 14], layers: 2, dropout: 0.2, evalEvery: 7 };
  const sequential = await run(page, { ...opts, depth: 1 });
  expect(sequential.outcome).toBe('finished');
  expect(sequential.skippedSteps).toBe(3);
  expect(sequential.reports.filter((r) => !r.applied).map((r) => r.step)).toEqual([6, 12, 12]);
  expect(sequential.adamStep).toBe(sequential.step);
  for (const depth of [4, 8]) {
    const pipelined = await run(page, { ...opts, depth });
    expect(state(pipelined), `${depth} steps in flight`).toEqual(state(sequential));
  }
});

test('five non-finite steps in a row end the run as diverged, with the weights of the last good step', async ({
  page,
}) => {
  const opts = { steps: 40, poisonAt: [9, 10, 11, 12, 13, 14, 15] };
  const sequential = await run(page, { ...opts, depth: 1 });
  expect(sequential.outcome).toBe('diverged');
  expect(sequential.step).toBe(9);
  const pipelined = await run(page, { ...opts, depth: 8 });
  expect(state(pipelined)).toEqual(state(sequential));
});

test('a save and a stop asked for while steps are in flight hold the state the sequential loop has at their step', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const pipelined = await run(page, { steps: 60, depth: 8, saveAskedAt: 13, stopAskedAt: 37, evalEvery: 50 });
  expect(pipelined.outcome).toBe('stopped');
  const savedAt = pipelined.saved!.step;
  expect(savedAt).toBeGreaterThanOrEqual(14); // after the steps already in flight when it was asked for
  expect(pipelined.step).toBeGreaterThanOrEqual(37);
  // The sequential loop at those steps: a save at exactly `savedAt`, a run of exactly the steps the stop left.
  const sequential = await run(page, { steps: pipelined.step, depth: 1, saveAt: savedAt, evalEvery: 50 });
  expect(pipelined.saved).toEqual(sequential.saved);
  expect(pipelined.tensors).toEqual(sequential.tensors);
  expect(pipelined.reports).toEqual(sequential.reports);
});
