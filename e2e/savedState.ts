// Shared steps for the "what you save is what you trained" tests: the live state read from the device
// (window.__folioProbe, ?faults pages only), checkpoints exported through the page, and the same hashes
// computed here from an exported file with the project's own parser.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, type Page, type TestInfo } from '@playwright/test';
import { parseCheckpoint } from '../src/shared/checkpoint/checkpointFile';
import type { CheckpointData } from '../src/shared/checkpoint/types';
import type { LiveStateEvent } from '../src/shared/protocol';

export const checkpoints = (page: Page) => page.getByRole('list', { name: 'Checkpoints' });

/** The live weights and moments (SHA-256 per tensor) and the validation loss now, read in the worker. */
export function probe(page: Page): Promise<LiveStateEvent> {
  return page.evaluate(() => (window as unknown as { __folioProbe(): Promise<LiveStateEvent> }).__folioProbe());
}

/** SHA-256 of every tensor of a checkpoint, under the names the file uses. */
export function fileHashes(c: CheckpointData): Record<string, string> {
  const hash = (data: Float32Array) => createHash('sha256').update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)).digest('hex');
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
export async function exportEntry(page: Page, item: ReturnType<typeof entry>, testInfo: TestInfo, file: string): Promise<{ path: string; data: CheckpointData }> {
  const [download] = await Promise.all([page.waitForEvent('download'), item.getByRole('button', { name: 'Export' }).click()]);
  const path = testInfo.outputPath(file);
  await download.saveAs(path);
  return { path, data: parseCheckpoint(new Uint8Array(readFileSync(path))) };
}

/** Saves by hand (the run must be paused) and returns the new list entry. */
export async function saveByHand(page: Page, step: number) {
  await page.getByRole('button', { name: 'Save checkpoint' }).click();
  const item = entry(page, step, 'saved by you');
  await expect(item).toHaveCount(1);
  return item;
}
