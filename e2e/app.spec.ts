// The whole app as a person uses it, in headless Chromium on WebGPU (SwiftShader here), with real
// IndexedDB and a real worker. The Shakespeare download is served from a fixture of our own.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import {
  fixture,
  serveShakespeareFixture,
  status,
  statusNumber,
  waitForStep,
  watchErrors,
  openSettings,
} from './helpers';

const generated = (page: Page) => page.getByRole('region', { name: 'Generated text' });
const checkpoints = (page: Page) => page.getByRole('list', { name: 'Checkpoints' });

async function generateGreedy(page: Page, seed: string, length: number): Promise<string> {
  await page.getByLabel('Seed text').fill(seed);
  await page.getByLabel('Length', { exact: true }).fill(String(length));
  await page.getByLabel('Temperature', { exact: true }).fill('0');
  return generateAndWait(page, seed.length + length);
}

/** Clicks Generate and returns the new text once complete; the old text cannot be mistaken for it. */
async function generateAndWait(page: Page, characters: number): Promise<string> {
  // The text region counts the generations started: the text read below is this one's, never an old one.
  const before = Number(await generated(page).getAttribute('data-generation'));
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
  await expect.poll(async () => Number(await generated(page).getAttribute('data-generation'))).toBeGreaterThan(before);
  await expect
    .poll(async () => [...((await generated(page).textContent()) ?? '')].length, { timeout: 120_000 })
    .toBeGreaterThanOrEqual(characters);
  await expect(page.getByRole('button', { name: 'Generate', exact: true })).toBeEnabled({ timeout: 120_000 });
  return (await generated(page).textContent()) ?? '';
}

test('train on Tiny Shakespeare, checkpoint, reload, generate, export and import', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  const download = await serveShakespeareFixture(page);
  await page.goto('/');

  await page.getByRole('button', { name: 'Use Tiny Shakespeare' }).click();
  await expect(page.locator('main')).toContainText(/Characters:\s*7,056/);
  expect(download.requests).toBe(1);
  await page.getByLabel('Preset').selectOption('tiny');
  await page.getByLabel('Train for').selectOption('epochs'); // the preset's epochs, no plan
  await openSettings(page, 'Training settings');
  await page.getByLabel('Checkpoint every').fill('0'); // this test saves by hand
  await page.getByLabel('Epochs').fill('30'); // long enough that two pauses land before the run ends

  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(status(page)).toContainText('webgpu');
  await expect(status(page)).toContainText('fused WebGPU kernels');
  await waitForStep(page, 2);
  const firstLoss = await statusNumber(page, 'Train loss');
  await waitForStep(page, 25);
  expect(await statusNumber(page, 'Train loss')).toBeLessThan(firstLoss - 0.3);
  await expect(page.getByRole('region', { name: 'Loss chart' }).locator('.recharts-line-curve').first()).toBeVisible();

  // Pause and resume: the UI follows the worker.
  await page.getByRole('button', { name: 'Pause training' }).click();
  await expect(page.getByRole('button', { name: 'Resume training' })).toBeEnabled();
  await expect(status(page)).toContainText('Paused');
  const pausedAt = await statusNumber(page, 'Step');
  await page.getByRole('button', { name: 'Resume training' }).click();
  await waitForStep(page, pausedAt + 2);
  await page.getByRole('button', { name: 'Pause training' }).click();
  await expect(page.getByRole('button', { name: 'Resume training' })).toBeEnabled();

  await page.getByRole('button', { name: 'Save checkpoint' }).click();
  const manual = checkpoints(page).getByRole('listitem').filter({ hasText: 'saved by you' });
  await expect(manual).toHaveCount(1);
  // The save at the second pause's step replaced that pause's entry (same weights): one pause entry is left.
  await expect(checkpoints(page).getByRole('listitem').filter({ hasText: 'on pause' })).toHaveCount(1);
  const stored = await checkpoints(page).getByRole('listitem').count();
  const savedStep = await statusNumber(page, 'Step');

  // Reload: the checkpoints are still there.
  await page.reload();
  await expect(checkpoints(page).getByRole('listitem')).toHaveCount(stored);
  await manual.getByRole('button', { name: 'Load' }).click();
  await expect.poll(() => statusNumber(page, 'Step')).toBe(savedStep);
  // The corpus comes back from the browser's cache by itself (no second download).
  await expect(page.locator('main')).toContainText(/Characters:\s*7,056/);
  expect(download.requests).toBe(1);

  // Generation streams: the text grows in several steps.
  await page.getByLabel('Seed text').fill('ROMEO:');
  await page.getByLabel('Length', { exact: true }).fill('300');
  await page.getByLabel('Temperature', { exact: true }).fill('0.8');
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
  const lengths = new Set<number>();
  await expect
    .poll(
      async () => {
        lengths.add(((await generated(page).textContent()) ?? '').length);
        return lengths.size;
      },
      { timeout: 120_000, intervals: [50] },
    )
    .toBeGreaterThanOrEqual(4);
  await expect(page.getByRole('button', { name: 'Generate', exact: true })).toBeEnabled({ timeout: 120_000 });
  expect((await generated(page).textContent())!.startsWith('ROMEO:')).toBe(true);

  const before = await generateGreedy(page, 'NURSE:', 120);
  await page.screenshot({ path: testInfo.outputPath('after-training.png'), fullPage: true });

  // Export, delete everything, import the file back, and get the same greedy text.
  const item = manual;
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    item.getByRole('button', { name: 'Export' }).click(),
  ]);
  expect(file.suggestedFilename()).toMatch(/\.folio\.safetensors$/);
  const exported = testInfo.outputPath('exported.folio.safetensors');
  await file.saveAs(exported);
  while ((await checkpoints(page).getByRole('listitem').count()) > 0) {
    const n = await checkpoints(page).getByRole('listitem').count();
    await checkpoints(page).getByRole('listitem').first().getByRole('button', { name: 'Delete' }).click();
    await expect(checkpoints(page).getByRole('listitem')).toHaveCount(n - 1);
  }
  await page.getByLabel('Import checkpoint').setInputFiles({
    name: 'mine.folio.safetensors',
    mimeType: 'application/octet-stream',
    buffer: readFileSync(exported),
  });
  await expect(checkpoints(page).getByRole('listitem')).toHaveCount(1);
  await checkpoints(page).getByRole('listitem').first().getByRole('button', { name: 'Load' }).click();
  await expect.poll(() => statusNumber(page, 'Step')).toBe(savedStep);
  expect(await generateGreedy(page, 'NURSE:', 120)).toBe(before);
  expect(errors).toEqual([]);
});

test('an uploaded text with emoji trains and writes well-formed text', async ({ page }) => {
  await page.goto('/');
  await page
    .getByLabel('Training text')
    .setInputFiles({ name: 'emoji.txt', mimeType: 'text/plain', buffer: fixture('emoji.txt') });
  const distinct = new Set([...fixture('emoji.txt').toString('utf8')]).size;
  await expect(page.locator('main')).toContainText(new RegExp(`Distinct characters:\\s*${distinct}`));
  await page.getByLabel('Preset').selectOption('tiny');
  await page.getByLabel('Train for').selectOption('epochs'); // the preset's epochs, no plan
  await page.getByRole('button', { name: 'Start training' }).click();
  await waitForStep(page, 3);
  await page.getByRole('button', { name: 'Pause training' }).click();
  await expect(page.getByRole('button', { name: 'Resume training' })).toBeEnabled();
  const text = await generateGreedy(page, 'I ', 60);
  expect(text.isWellFormed()).toBe(true);
});

test('a broken checkpoint file is refused with a message', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Import checkpoint').setInputFiles({
    name: 'notes.folio.safetensors',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from('{"just": "json"}'),
  });
  await expect(page.getByRole('alert').filter({ hasText: /checkpoint|header/i })).toBeVisible();
  await expect(checkpoints(page).getByRole('listitem')).toHaveCount(0);
});
