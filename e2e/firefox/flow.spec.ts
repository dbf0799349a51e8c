// The whole flow in Firefox on WebGPU (wgpu; lavapipe on a machine without a GPU): a text, a run, a save that
// holds the live GPU state, a reload, Load and Resume that end where an unbroken run ends, greedy text, and an
// export that PyTorch (python/folio_torch) continues with the same greedy text. Small: Tiny trains one epoch
// of the fixture text in 46 steps; the flow trains eight.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import {
  expectSoftwareAdapterWords,
  fillNumber,
  openSettings,
  status,
  statusNumber,
  waitForStep,
  watchErrors,
} from '../helpers';
import { entry, exportEntry, fileHashes, greedy, openWithText, pause, probe, saveByHand, SEED } from '../savedState';

const PYTHON = process.env.FOLIO_PYTHON ?? '/usr/bin/python3';
const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

/** The checkpoint's greedy continuation of SEED by `python -m folio_torch generate --temperature 0`. */
function torchGreedy(file: string, length: number): string {
  const root = process.cwd();
  const r = spawnSync(
    PYTHON,
    ['-m', 'folio_torch', 'generate', file, '--seed-text', SEED, '--length', String(length), '--temperature', '0'],
    { cwd: root, env: { ...process.env, PYTHONPATH: resolve(root, 'python') }, encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`folio_torch generate failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** Waits for the run to stop at its epoch's end; its "on stop" checkpoint must hold the live state. */
async function finish(page: Page, testInfo: TestInfo, file: string) {
  await expect(status(page)).toContainText(/State:\s*Stopped/, { timeout: 180_000 });
  const live = await probe(page);
  const { path, data } = await exportEntry(page, entry(page, live.step, 'on stop').first(), testInfo, file);
  expect(fileHashes(data), 'the stop checkpoint holds the live state').toEqual(live.tensors);
  return { live, data, path };
}

test('firefox: text → train → save → reload → Load → Resume ends where an unbroken run does; greedy text equals PyTorch’s from the export', async ({
  page,
}, testInfo) => {
  test.setTimeout(420_000);
  const errors = watchErrors(page);
  await openWithText(page, 'webgpu');
  await openSettings(page, 'Training settings');
  // Eight passes (368 steps): Tiny trains about 35 steps a second here, the status shows a step a few steps
  // late, a click takes Firefox up to a second and a Pause lands after the steps in flight; a pause at half must
  // still land before the end.
  await fillNumber(page.getByLabel('Epochs'), '8');
  await fillNumber(page.getByLabel('Validate every'), '1000');

  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(status(page)).toContainText('fused WebGPU kernels');
  const straight = await finish(page, testInfo, 'straight.folio.safetensors');
  const half = Math.floor(straight.live.step / 2);
  expect(half).toBeGreaterThanOrEqual(3);

  await page.getByRole('button', { name: 'Start training' }).click();
  await expect.poll(() => statusNumber(page, 'Step'), { timeout: 60_000, intervals: [100] }).toBeLessThan(half);
  await waitForStep(page, half);
  await pause(page);
  const paused = await probe(page);
  expect(paused.step).toBeLessThan(straight.live.step);
  const { data: saved } = await exportEntry(
    page,
    await saveByHand(page, paused.step),
    testInfo,
    'paused.folio.safetensors',
  );
  expect(fileHashes(saved), 'the save holds the live GPU state').toEqual(paused.tensors);

  await page.reload();
  await entry(page, paused.step, 'saved by you').getByRole('button', { name: 'Load' }).click();
  await expect(status(page)).toContainText('Paused');
  await expect(page.locator('main')).toContainText(/Characters:\s*7,056/); // the text comes back from the cache
  expect((await probe(page)).tensors, 'Load puts the saved state on the GPU').toEqual(paused.tensors);
  await page.getByRole('button', { name: 'Resume training' }).click();
  const resumed = await finish(page, testInfo, 'resumed.folio.safetensors');

  expect(resumed.live.step).toBe(straight.live.step);
  const [a, b] = [straight.data.history.train, resumed.data.history.train];
  expect(b.map((p) => p.step)).toEqual(a.map((p) => p.step));
  b.forEach((p, i) => expect(relative(p.loss, a[i].loss), `loss at step ${p.step}`).toBeLessThanOrEqual(1e-5));
  for (const [name, t] of Object.entries(straight.data.weights)) {
    const other = resumed.data.weights[name as keyof typeof straight.data.weights].data;
    const scale = Math.max(...t.data.map(Math.abs));
    const worst = Math.max(...t.data.map((x, i) => Math.abs(x - other[i])));
    expect(worst / scale, name).toBeLessThanOrEqual(1e-5);
  }

  const text = await greedy(page);
  expect(text.startsWith(SEED)).toBe(true);
  expect(SEED + torchGreedy(resumed.path, [...text].length - SEED.length)).toBe(text);
  expect(errors).toEqual([]);
});

test('firefox: on lavapipe the status and the Run plan say WebGPU runs on the processor, and what to try', async ({
  page,
}) => {
  await page.goto('/');
  await expect(status(page)).toContainText('Backend: webgpu');
  await expectSoftwareAdapterWords(page, 'a fallback adapter');
});
