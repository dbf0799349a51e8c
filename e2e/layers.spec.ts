// Stacked layers chosen in the page: a 2-layer model with dropout trains on the fused path, its save equals the
// live GPU state, the exported file carries layer 1 under PyTorch's names, and an import writes the same text.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { status, statusNumber, waitForStep } from './helpers';
import {
  checkpoints,
  exportEntry,
  fileHashes,
  greedy,
  greedyInNode,
  openWithText,
  pause,
  probe,
  saveByHand,
} from './savedState';

test('webgpu: Layers 2 and Dropout 0.2 train, save the live state, export layer 1 and import to the same greedy text', async ({
  page,
}, testInfo) => {
  await openWithText(page, 'webgpu'); // Tiny preset, "Training settings" open
  await page.getByLabel('Layers', { exact: true }).fill('2');
  await page.getByLabel('Dropout', { exact: true }).fill('0.2');
  await page.getByLabel('Train for').selectOption('epochs'); // the settings' epochs, no plan
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(status(page)).toContainText('fused WebGPU kernels');
  await waitForStep(page, 6);
  await pause(page);
  const live = await probe(page);
  const item = await saveByHand(page, live.step);
  await expect(item).toContainText('2 × GRU 32');
  const { path, data } = await exportEntry(page, item, testInfo, 'layers.folio.safetensors');
  expect(data.model).toMatchObject({ layers: 2, dropout: 0.2 });
  expect(data.weights['gru.weight_ih_l1'].shape).toEqual([96, 32]); // layer 1 reads the 32 units below
  const file = fileHashes(data);
  expect(Object.keys(file)).toHaveLength(33); // 11 weights and their 22 Adam moments
  expect(file).toEqual(live.tensors);

  const text = await greedy(page);
  expect(await greedyInNode(data)).toBe(text); // the plain-ops path in Node agrees with the GPU generation
  while ((await checkpoints(page).getByRole('listitem').count()) > 0) {
    const n = await checkpoints(page).getByRole('listitem').count();
    await checkpoints(page).getByRole('listitem').first().getByRole('button', { name: 'Delete' }).click();
    await expect(checkpoints(page).getByRole('listitem')).toHaveCount(n - 1);
  }
  await page.getByLabel('Import checkpoint').setInputFiles({
    name: 'layers.folio.safetensors',
    mimeType: 'application/octet-stream',
    buffer: readFileSync(path),
  });
  await checkpoints(page).getByRole('listitem').first().getByRole('button', { name: 'Load' }).click();
  await expect.poll(() => statusNumber(page, 'Step')).toBe(live.step);
  await expect(page.getByLabel('Layers', { exact: true })).toHaveValue('2');
  expect(await greedy(page)).toBe(text);
});
