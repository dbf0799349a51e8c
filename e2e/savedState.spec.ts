// What you save is what you trained, on the path users run (WebGPU with fused kernels, Adam updating the
// weights in place on the GPU) and on every fallback backend. Every check compares a saved or exported
// checkpoint with the live model's state read straight from the device at that moment (a fresh readback in
// the worker, never tfjs's cached copy), or with an independent computation from the exported file.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { status, statusNumber, waitForStep, openSettings } from './helpers';
import {
  checkpoints,
  entry,
  exportEntry,
  fileHashes,
  greedy,
  greedyInNode,
  openWithText,
  pause,
  probe,
  saveByHand,
  SEED,
} from './savedState';

for (const backend of ['webgpu', 'webgl', 'wasm', 'cpu'] as const) {
  test(`${backend}: two saves hold the live weights and moments of their own step`, async ({ page }, testInfo) => {
    await openWithText(page, backend);
    await page.getByRole('button', { name: 'Start training' }).click();
    if (backend === 'webgpu') await expect(status(page)).toContainText('fused WebGPU kernels');
    const saves: Array<{ live: Record<string, string>; file: Record<string, string>; numTensors: number }> = [];
    for (const until of [4, 12]) {
      if (saves.length > 0) await page.getByRole('button', { name: 'Resume training' }).click();
      await waitForStep(page, until);
      await pause(page);
      const live = await probe(page);
      expect(live.step).toBe(await statusNumber(page, 'Step'));
      const item = await saveByHand(page, live.step);
      const { data } = await exportEntry(page, item, testInfo, `save-${live.step}.folio.safetensors`);
      expect(data.step).toBe(live.step);
      saves.push({ live: live.tensors, file: fileHashes(data), numTensors: live.numTensors });
    }
    for (const { live, file } of saves) {
      expect(Object.keys(file)).toHaveLength(21); // 7 weights and their 14 Adam moments
      expect(file).toEqual(live); // bit-identical to the device's buffers at that moment
    }
    expect(saves[1].numTensors, 'tensors held after more steps').toBe(saves[0].numTensors);
    for (const name of Object.keys(saves[0].file))
      expect.soft(saves[1].file[name], `${name} changed between the saves`).not.toBe(saves[0].file[name]);
  });
}

test('webgpu: greedy text is the same live, after reload + Load, after Export → Delete → Import, and from the file in PyTorch-free Node', async ({
  page,
}, testInfo) => {
  await openWithText(page, 'webgpu');
  await page.getByRole('button', { name: 'Start training' }).click();
  await waitForStep(page, 20);
  await pause(page);
  const step = await statusNumber(page, 'Step');
  const tensorsBefore = (await probe(page)).numTensors;
  const live = await greedy(page);
  expect(live.startsWith(SEED)).toBe(true);
  expect((await probe(page)).numTensors, 'tensors held after a generation on the fused path').toBe(tensorsBefore);
  const item = await saveByHand(page, step);
  const { path, data } = await exportEntry(page, item, testInfo, 'greedy.folio.safetensors');
  expect(await greedyInNode(data)).toBe(live);

  await page.reload();
  await entry(page, step, 'saved by you').getByRole('button', { name: 'Load' }).click();
  await expect(status(page)).toContainText('Paused');
  expect(await greedy(page)).toBe(live);

  while ((await checkpoints(page).getByRole('listitem').count()) > 0) {
    const n = await checkpoints(page).getByRole('listitem').count();
    await checkpoints(page).getByRole('listitem').first().getByRole('button', { name: 'Delete' }).click();
    await expect(checkpoints(page).getByRole('listitem')).toHaveCount(n - 1);
  }
  await page.getByLabel('Import checkpoint').setInputFiles({
    name: 'mine.folio.safetensors',
    mimeType: 'application/octet-stream',
    buffer: readFileSync(path),
  });
  await checkpoints(page).getByRole('listitem').first().getByRole('button', { name: 'Load' }).click();
  await expect.poll(() => statusNumber(page, 'Step')).toBe(step);
  expect(await greedy(page)).toBe(live);
  expect(fileHashes(data)).toEqual((await probe(page)).tensors);
});

const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

test('webgpu: a run paused, saved, reloaded, loaded and resumed ends where an uninterrupted run does (same losses and weights)', async ({
  page,
}, testInfo) => {
  test.setTimeout(480_000);
  await openWithText(page, 'webgpu');
  await openSettings(page, 'Training settings');
  // Three passes: with steps in flight the status shows a step a few steps late, and a Pause lands after the
  // steps already queued, so the run must be long enough for a pause at half of it to land before its end.
  await page.getByLabel('Epochs').fill('3');
  await page.getByLabel('Validate every').fill('1000');

  const finish = async (file: string) => {
    await expect(status(page)).toContainText(/State:\s*Stopped/, { timeout: 240_000 });
    const live = await probe(page);
    const { data } = await exportEntry(page, entry(page, live.step, 'on stop').first(), testInfo, file);
    expect(fileHashes(data)).toEqual(live.tensors);
    return { live, data, losses: data.history.train };
  };

  await page.getByRole('button', { name: 'Start training' }).click();
  const straight = await finish('straight.folio.safetensors');
  const half = Math.floor(straight.live.step / 2);

  await page.getByRole('button', { name: 'Start training' }).click();
  // Until the new run reports, the status still shows the finished run's last step (≥ half).
  await expect.poll(() => statusNumber(page, 'Step'), { timeout: 60_000, intervals: [100] }).toBeLessThan(half);
  await waitForStep(page, half);
  await pause(page);
  const pausedAt = await statusNumber(page, 'Step');
  expect(pausedAt).toBeGreaterThanOrEqual(half);
  expect(pausedAt).toBeLessThan(straight.live.step);
  await saveByHand(page, pausedAt);
  await page.reload();
  await entry(page, pausedAt, 'saved by you').getByRole('button', { name: 'Load' }).click();
  await expect(status(page)).toContainText('Paused');
  await expect(page.locator('main')).toContainText(/Characters:\s*7,056/); // the text comes back from the cache
  await page.getByRole('button', { name: 'Resume training' }).click();
  const resumed = await finish('resumed.folio.safetensors');

  expect(resumed.live.step).toBe(straight.live.step);
  expect(resumed.losses.map((p) => p.step)).toEqual(straight.losses.map((p) => p.step));
  resumed.losses.forEach((p, i) =>
    expect(relative(p.loss, straight.losses[i].loss), `loss at step ${p.step}`).toBeLessThanOrEqual(1e-5),
  );
  // The same final weights and moments. Not bit for bit: two fresh runs on SwiftShader already differ in the
  // last float bit now and then (1 ulp in the loss at a few steps, before any pause), so within 1e-5.
  for (const [name, t] of Object.entries(straight.data.weights)) {
    const other = resumed.data.weights[name as keyof typeof straight.data.weights].data;
    const scale = Math.max(...t.data.map(Math.abs));
    const worst = Math.max(...t.data.map((x, i) => Math.abs(x - other[i])));
    expect(worst / scale, name).toBeLessThanOrEqual(1e-5);
  }
});

test('webgpu: autosaves, "Restore best" and recovery after a lost GPU hold the weights of their step', async ({
  page,
}, testInfo) => {
  test.setTimeout(480_000);
  await openWithText(page, 'webgpu');
  await openSettings(page, 'Training settings');
  await page.getByLabel('Validate every').fill('4');
  await page.getByLabel('Checkpoint every').fill('8');
  await page.getByRole('button', { name: 'Start training' }).click();
  await waitForStep(page, 25);
  await pause(page);
  const pausedAt = await statusNumber(page, 'Step');
  const manual = await saveByHand(page, pausedAt);
  const { data } = await exportEntry(page, manual, testInfo, 'manual.folio.safetensors');
  const recorded = new Map(data.history.validation.map((p) => [p.step, p.loss]));
  expect(recorded.size).toBeGreaterThanOrEqual(6);

  // Each autosave still listed (the store keeps the newest few), loaded, has the validation loss recorded
  // when it was written.
  const automatic = await checkpoints(page).getByRole('listitem').filter({ hasText: 'automatic' }).allTextContents();
  const autoSteps = automatic.map((text) => Number(/Step ([\d,]+) ·/.exec(text)![1].replace(/,/g, '')));
  expect(autoSteps.length).toBeGreaterThanOrEqual(2);
  for (const step of autoSteps) {
    await entry(page, step, 'automatic').getByRole('button', { name: 'Load' }).click();
    await expect.poll(() => statusNumber(page, 'Step')).toBe(step);
    const live = await probe(page);
    expect(live.step).toBe(step);
    expect(relative(live.validationLoss!, recorded.get(step)!), `autosave at step ${step}`).toBeLessThanOrEqual(1e-6);
  }

  // "Restore best" loads the step with the lowest recorded validation loss, and its weights have that loss.
  const [bestStep, bestLoss] = [...recorded].reduce((a, b) => (b[1] < a[1] ? b : a));
  await page.getByRole('button', { name: 'Restore best' }).click();
  await expect.poll(() => statusNumber(page, 'Step')).toBe(bestStep);
  expect(relative((await probe(page)).validationLoss!, bestLoss)).toBeLessThanOrEqual(1e-6);

  // A lost GPU: the trainer restarts on WebGL with the run's newest checkpoint (the manual save), bit for bit.
  await entry(page, pausedAt, 'saved by you').getByRole('button', { name: 'Load' }).click();
  await expect.poll(() => statusNumber(page, 'Step')).toBe(pausedAt);
  await page.evaluate(() => (window as unknown as { __folioFault(f: string): void }).__folioFault('deviceLost'));
  await expect(status(page)).toContainText('Backend: webgl');
  await expect(page.getByRole('list', { name: 'Notices' })).toContainText(`(step ${pausedAt})`);
  await expect.poll(() => statusNumber(page, 'Step')).toBe(pausedAt);
  const recoveredState = await probe(page);
  expect(recoveredState.tensors).toEqual(fileHashes(data));
});

test('webgpu: a live run moved to WebGL and back keeps its state bit for bit; a refused import leaves it alone', async ({
  page,
}) => {
  await openWithText(page, 'webgpu');
  await page.getByRole('button', { name: 'Start training' }).click();
  await waitForStep(page, 6);
  await pause(page);
  const before = await probe(page);

  await page.getByLabel('Import checkpoint').setInputFiles({
    name: 'broken.folio.safetensors',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from('{"just": "json"}'),
  });
  await expect(page.getByRole('alert').filter({ hasText: /checkpoint|header/i })).toBeVisible();
  expect((await probe(page)).tensors).toEqual(before.tensors);

  for (const backend of ['webgl', 'webgpu'] as const) {
    await openSettings(page, 'Backend and kernels');
    await page.getByLabel('Backend').selectOption(backend);
    await expect(status(page)).toContainText(`Backend: ${backend}`);
    const moved = await probe(page);
    expect(moved.step).toBe(before.step);
    expect(moved.tensors, `after moving to ${backend}`).toEqual(before.tensors);
  }
  await expect(status(page)).toContainText('fused WebGPU kernels');
});
