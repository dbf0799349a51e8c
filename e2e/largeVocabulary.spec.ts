// Texts of thousands of distinct characters (Chinese, Japanese): a row of logits no longer fits a workgroup's
// memory, so the fused loss keeps it in its output row and generation samples on the CPU. The written-out step
// still matches the taped reference, on SwiftShader's 32 KB and on a default-limits device's 16 KB, and the app
// trains such a text on the fused kernels and writes with it.
import { expect, test } from '@playwright/test';
import { fillNumber, openSettings, status, waitForStep, watchErrors } from './helpers';
import { expectWithin, openLab, worst } from './lab';
import { pause, probe } from './savedState';

/** Bytes of workgroup memory the loss program needs to keep a row of V logits there (rowLogits.ts, one slice). */
const rowBytes = (vocab: number) => 4 * (vocab + vocab + vocab + 1);

for (const [query, vocab] of [
  ['', 5000],
  ['?defaultLimits', 1500],
] as const) {
  test(`chromium: the written-out step matches the taped reference at ${vocab} characters${query ? ' on a default-limits device' : ''}`, async ({
    page,
  }) => {
    test.setTimeout(300_000);
    await openLab(page, query);
    const facts = (await page.evaluate(() => folioLab.deviceFacts()))!;
    expect(rowBytes(vocab)).toBeGreaterThan(facts.limits.maxComputeWorkgroupStorageSize); // the row lives in the output
    const shape = { vocab, embed: 8, units: 16, layers: 1, dropout: 0, batch: 4, time: 6, seed: 5 };
    const stats = await page.evaluate((s) => folioLab.compareWrittenOutStep(s), shape);
    console.log(`written-out vs taped, ${vocab} characters`, worst(stats));
    expect(Object.keys(stats)).toContain('d fc.weight');
    expectWithin(stats, `written-out vs taped, ${vocab} characters`);
  });
}

/** A text of `distinct` CJK ideographs, each several times, in a fixed pseudo-random order. */
function ideographText(distinct: number, repeats: number): string {
  const chars: string[] = [];
  let x = 7;
  for (let r = 0; r < repeats; r++) {
    for (let i = 0; i < distinct; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      chars.push(String.fromCodePoint(0x4e00 + ((i + (x % 7)) % distinct)));
    }
    chars.push('。\n');
  }
  return chars.join('');
}

test('chromium: a text of 5,000 distinct characters trains on the fused kernels and writes text', async ({ page }) => {
  test.setTimeout(300_000);
  const errors = watchErrors(page);
  await page.goto('/?faults'); // the test hooks: the live-state probe
  await expect(status(page)).toContainText('webgpu');
  await page.getByLabel('Paste text').fill(ideographText(5000, 8));
  await page.getByRole('button', { name: 'Use pasted text' }).click();
  await expect(page.locator('main')).toContainText(/Distinct characters:\s*5,00\d/);
  await page.getByLabel('Preset').selectOption('tiny');
  await page.getByLabel('Train for').selectOption('epochs');
  await openSettings(page, 'Training settings');
  await fillNumber(page.getByLabel('Checkpoint every'), '0');
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(status(page)).toContainText('fused WebGPU kernels');
  await waitForStep(page, 6);
  await pause(page);
  const live = await probe(page);
  expect(Number.isFinite(live.validationLoss)).toBe(true);
  await page.getByLabel('Seed text').fill('一');
  await fillNumber(page.getByLabel('Length', { exact: true }), '40');
  await page.getByRole('button', { name: 'Generate' }).click();
  const text = page.getByRole('region', { name: 'Generated text' });
  await expect
    .poll(async () => [...((await text.textContent()) ?? '')].length, { timeout: 60_000 })
    .toBeGreaterThan(30);
  await expect(page.locator('main')).not.toContainText('A GPU program failed');
  expect(errors).toEqual([]);
});
