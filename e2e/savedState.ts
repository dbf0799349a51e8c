// Shared steps for the "what you save is what you trained" tests: the live state read from the device
// (window.__folioProbe, ?faults pages only), checkpoints exported through the page, and the same hashes
// computed here from an exported file with the project's own parser.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { expect, type Page, type TestInfo } from '@playwright/test';
import { parseCheckpoint } from '../src/shared/checkpoint/checkpointFile';
import type { CheckpointData } from '../src/shared/checkpoint/types';
import type { LiveStateEvent } from '../src/shared/protocol';
import { CharModel } from '../src/worker/model/charModel';
import { generateIds } from '../src/worker/generation/generate';
import { vocabularyWithMap } from '../src/shared/data/rareCharacters';
import { seedIdsFor } from '../src/worker/generation/seedText';
import { fillNumber, openSettings, serveShakespeareFixture, status } from './helpers';

export const checkpoints = (page: Page) => page.getByRole('list', { name: 'Checkpoints' });

/** The live weights and moments (SHA-256 per tensor) and the validation loss now, read in the worker. */
export function probe(page: Page): Promise<LiveStateEvent> {
  return page.evaluate(() => (window as unknown as { __folioProbe(): Promise<LiveStateEvent> }).__folioProbe());
}

/** SHA-256 of every tensor of a checkpoint, under the names the file uses. */
export function fileHashes(c: CheckpointData): Record<string, string> {
  const hash = (data: Float32Array) =>
    createHash('sha256')
      .update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
      .digest('hex');
  const out: Record<string, string> = {};
  for (const [name, t] of Object.entries(c.weights)) {
    out[name] = hash(t.data);
    out[`optimizer.adam.m.${name}`] = hash(c.moments.m[name as keyof typeof c.moments.m].data);
    out[`optimizer.adam.v.${name}`] = hash(c.moments.v[name as keyof typeof c.moments.v].data);
  }
  return out;
}

/** Pauses the run and waits until the page says so. */
export async function pause(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Pause training' }).click();
  await expect(page.getByRole('button', { name: 'Resume training' })).toBeEnabled();
}

/** The checkpoint list's entry for a save at `step` with the given reason words ("saved by you", …). */
export const entry = (page: Page, step: number, reason: string) =>
  checkpoints(page)
    .getByRole('listitem')
    .filter({ hasText: new RegExp(`Step ${step.toLocaleString('en-US')} ·`) })
    .filter({ hasText: reason });

/** Exports a listed checkpoint through its Export button and parses the file with the project's parser. */
export async function exportEntry(
  page: Page,
  item: ReturnType<typeof entry>,
  testInfo: TestInfo,
  file: string,
): Promise<{ path: string; data: CheckpointData }> {
  const path = testInfo.outputPath(file);
  const click = () => item.getByRole('button', { name: 'Export' }).click();
  if (testInfo.project.use.browserName === 'firefox') writeFileSync(path, await exportedBlob(page, click));
  else {
    const [download] = await Promise.all([page.waitForEvent('download'), click()]);
    await download.saveAs(path);
  }
  return { path, data: parseCheckpoint(new Uint8Array(readFileSync(path))) };
}

/**
 * The bytes of the file an export hands the browser, taken from the Blob the page makes for it. Playwright sees
 * no download event from Firefox over BiDi, so the page's URL.createObjectURL is watched instead.
 */
async function exportedBlob(page: Page, click: () => Promise<void>): Promise<Buffer> {
  type Watched = { __folioBlobs?: Blob[] };
  const before = await page.evaluate(() => {
    const w = window as unknown as Watched;
    if (!w.__folioBlobs) {
      const blobs: Blob[] = (w.__folioBlobs = []);
      const create = URL.createObjectURL.bind(URL);
      URL.createObjectURL = (object: Blob | MediaSource) => {
        if (object instanceof Blob) blobs.push(object);
        return create(object);
      };
    }
    return w.__folioBlobs.length;
  });
  await click();
  await expect.poll(() => page.evaluate(() => (window as unknown as Watched).__folioBlobs!.length)).toBe(before + 1);
  const base64 = await page.evaluate(async (i) => {
    const bytes = new Uint8Array(await (window as unknown as Watched).__folioBlobs![i].arrayBuffer());
    let binary = '';
    for (let k = 0; k < bytes.length; k += 0x8000) binary += String.fromCharCode(...bytes.subarray(k, k + 0x8000));
    return btoa(binary);
  }, before);
  return Buffer.from(base64, 'base64');
}

/** Saves by hand (the run must be paused) and returns the new list entry. */
export async function saveByHand(page: Page, step: number) {
  await page.getByRole('button', { name: 'Save checkpoint' }).click();
  const item = entry(page, step, 'saved by you');
  await expect(item).toHaveCount(1);
  return item;
}

export const generated = (page: Page) => page.getByRole('region', { name: 'Generated text' });
export const SEED = 'ROMEO:';
export const GREEDY_LENGTH = 80;

/** The ?faults page (`hooks`: more test hooks) on a backend with the fixture text and the Tiny preset; autosaves and samples off. */
export async function openWithText(page: Page, backend: string, hooks = ''): Promise<void> {
  await serveShakespeareFixture(page);
  await page.goto(`/?faults${hooks}`);
  await expect(status(page)).toContainText('webgpu');
  if (backend !== 'webgpu') {
    await openSettings(page, 'Backend and kernels');
    await page.getByLabel('Backend').selectOption(backend);
    await expect(status(page)).toContainText(`Backend: ${backend}`);
  }
  await page.getByRole('button', { name: 'Use Tiny Shakespeare' }).click();
  await expect(page.locator('main')).toContainText(/Characters:\s*7,056/);
  await page.getByLabel('Preset').selectOption('tiny');
  await page.getByLabel('Train for').selectOption('epochs'); // the preset's epochs, no plan
  await openSettings(page, 'Training settings');
  await fillNumber(page.getByLabel('Checkpoint every'), '0');
  await openSettings(page, 'Schedule, samples and early stopping');
  await page.getByRole('checkbox', { name: 'Samples during training' }).setChecked(false);
}

/** Greedy text for SEED from the page's Generate, never an old text. */
export async function greedy(page: Page): Promise<string> {
  await page.getByLabel('Seed text').fill(SEED);
  await fillNumber(page.getByLabel('Length', { exact: true }), String(GREEDY_LENGTH));
  await fillNumber(page.getByLabel('Temperature', { exact: true }), '0');
  // The text region counts the generations started: the text read below is this one's, never an old one.
  const before = Number(await generated(page).getAttribute('data-generation'));
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
  await expect.poll(async () => Number(await generated(page).getAttribute('data-generation'))).toBeGreaterThan(before);
  await expect
    .poll(async () => [...((await generated(page).textContent()) ?? '')].length, { timeout: 120_000 })
    .toBeGreaterThanOrEqual(SEED.length + GREEDY_LENGTH);
  await expect(page.getByRole('button', { name: 'Generate', exact: true })).toBeEnabled({ timeout: 120_000 });
  return (await generated(page).textContent()) ?? '';
}

/** Greedy text from an exported file by an independent path: the plain-ops model on tfjs CPU in Node. */
export async function greedyInNode(c: CheckpointData): Promise<string> {
  await tf.setBackend('cpu');
  const model = new CharModel(c.model, c.weights);
  try {
    const vocab = vocabularyWithMap(c.vocabulary, c.charMap ?? null);
    const { seedIds, shownSeed } = seedIdsFor(SEED, vocab);
    const ids = await generateIds(model, seedIds, {
      length: GREEDY_LENGTH,
      temperature: 0,
      samplingSeed: 0,
      onId: () => true,
    });
    return shownSeed + ids.map((i) => vocab.chars[i]).join('');
  } finally {
    model.dispose();
  }
}
