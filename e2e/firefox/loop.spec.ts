// Steps in flight on Firefox's WebGPU (wgpu: its own fences, reads and concat): the app's Trainer.run with 4
// steps queued ahead gives the sequential loop's run bit for bit, also with non-finite steps in flight.
import { expect, test } from '@playwright/test';
import type { LoopOptions, LoopRun } from '../../src/lab/loopLab';
import { openLab } from '../lab';

test.beforeEach(async ({ page }) => openLab(page));

const run = (page: import('@playwright/test').Page, opts: LoopOptions): Promise<LoopRun> =>
  page.evaluate((o) => folioLab.trainLoop(o), opts);
const state = ({ counts: _counts, saved: _saved, ...rest }: LoopRun) => rest;

test('firefox: steps in flight equal the sequential loop bit for bit, non-finite steps in flight included', async ({
  page,
}) => {
  const opts = { steps: 30, poisonAt: [6, 13, 14], evalEvery: 7 };
  const sequential = await run(page, { ...opts, depth: 1 });
  expect(sequential.skippedSteps).toBe(3);
  const pipelined = await run(page, { ...opts, depth: 4 });
  expect(state(pipelined)).toEqual(state(sequential));
  expect(pipelined.counts!.readbacks).toBeLessThan(sequential.counts!.readbacks);
  expect(pipelined.tensorsHeld).toBe(0);
});
