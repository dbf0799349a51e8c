// Shared steps for the kernel-lab tests (lab.html): open it on WebGPU, the golden PyTorch files, the tolerance.
// Tolerance: for every tensor, max |fused − ref| / (max |ref| + 1e-6) ≤ 1e-4 (float32 accumulation over
// ≤ 3H + T·B terms; observed errors are 1e-7 … 1e-6).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, type Page } from '@playwright/test';
import type { FolioLab } from '../src/lab/lab';
import type { GoldenModel } from '../src/lab/golden';

export const TOLERANCE = 1e-4;
// The golden PyTorch model lives beside the repository (override with FOLIO_GOLDEN).
export const GOLDEN = process.env.FOLIO_GOLDEN ?? resolve(process.cwd(), '../shared/golden/gru_char_model.json');
export const GOLDEN2 = resolve(GOLDEN, '../gru2_char_model.json'); // 2 layers, dropout off

/** A golden file: the model, its outputs and gradients, and its greedy continuation. */
export const readGolden = (file: string) =>
  JSON.parse(readFileSync(file, 'utf8')) as GoldenModel & {
    greedy_continuation_of_row0: number[];
    sizes: Record<string, number>;
  };

declare global {
  var folioLab: FolioLab;
}

/** The lab page on WebGPU; `query` adds test hooks (e.g. "?defaultLimits"). */
export async function openLab(page: Page, query = ''): Promise<void> {
  await page.goto(`/lab.html${query}`);
  await expect(page.locator('#status')).toHaveText(/ready on webgpu/);
  expect(await page.evaluate(() => folioLab.tf.getBackend())).toBe('webgpu');
}

export function expectWithin(stats: Record<string, { relative: number }>, label: string): void {
  for (const [name, s] of Object.entries(stats)) {
    expect.soft(s.relative, `${label}: ${name}`).toBeLessThanOrEqual(TOLERANCE);
  }
}

/** The largest relative error of each tensor, for the log. */
export const worst = (stats: Record<string, { relative: number }>) =>
  JSON.stringify(Object.fromEntries(Object.entries(stats).map(([k, v]) => [k, v.relative])));
