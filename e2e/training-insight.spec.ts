// Training insight as a person uses it: the dataset advisor before training, samples and the learning-rate
// schedule during it, early stopping on a text that cannot be learned, and going back to the best weights after.
import { expect, test, type Page } from '@playwright/test';
import { serveShakespeareFixture, status, statusNumber, waitForStep, watchErrors, openSettings } from './helpers';
import { exportEntry, fileHashes, probe } from './savedState';

const advisor = (page: Page) => page.getByRole('region', { name: 'Dataset advisor' });
const samples = (page: Page) => page.getByRole('list', { name: 'Samples' });
const checkpoints = (page: Page) => page.getByRole('list', { name: 'Checkpoints' });

async function useTinyShakespeare(page: Page): Promise<void> {
  await serveShakespeareFixture(page);
  await page.goto('/');
  await page.getByRole('button', { name: 'Use Tiny Shakespeare' }).click();
  await expect(page.locator('main')).toContainText(/Characters:\s*7,056/);
  await page.getByLabel('Preset').selectOption('tiny');
  await page.getByLabel('Train for').selectOption('epochs'); // the preset's epochs, no plan
}

/** Random letters (a fixed LCG): a model can learn their frequencies and nothing more, so it soon overfits. */
function noise(length: number): string {
  let x = 12345;
  const letters = 'abcdefgh ';
  return Array.from({ length }, () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return letters[(x >>> 16) % letters.length];
  }).join('');
}

test('the dataset advisor shows the character histogram, judges the model size and estimates the time', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await useTinyShakespeare(page);
  await openSettings(page, 'Character histogram and rare characters'); // folded, so the run comes first on a phone
  const histogram = advisor(page).getByRole('list', { name: 'Character histogram' });
  await expect(histogram.getByRole('listitem').first()).toContainText('␣'); // the space is the commonest
  await expect(histogram).toContainText('↵');

  await advisor(page).getByLabel('Rare below').fill('30');
  await expect(histogram.getByRole('listitem').filter({ hasText: /rare$/ }).first()).toBeVisible();
  await advisor(page).getByLabel('Merge rare characters').check();
  await expect(advisor(page)).toContainText(/become one unknown symbol “�”/);

  await expect(advisor(page)).toContainText(/Windows per epoch:\s*[\d,]+/);
  await expect(advisor(page)).toContainText('About the same order');
  await openSettings(page, 'Training settings');
  await page.getByLabel('GRU units').fill('256');
  await expect(advisor(page)).toContainText('far larger than the data');
  await page.getByLabel('GRU units').fill('32');

  await openSettings(page, 'Time estimate');
  await advisor(page).getByRole('button', { name: 'Estimate time' }).click();
  await expect(advisor(page).getByRole('status')).toContainText(
    /Estimated time per epoch: .* ms per step × [\d,]+ steps, measured on webgpu/,
    { timeout: 30_000 },
  );
  expect(errors).toEqual([]);
});

test('samples appear during training and the schedule is drawn beside the loss', async ({ page }, testInfo) => {
  await useTinyShakespeare(page);
  await openSettings(page, 'Schedule, samples and early stopping');
  await page.getByLabel('Learning-rate schedule').selectOption('cosine');
  await page.getByLabel('Warmup steps').fill('5');
  await expect(page.getByLabel('Samples during training')).toBeChecked();
  await page.getByLabel('Sample every').fill('8');
  await page.getByRole('button', { name: 'Start training' }).click();

  await expect.poll(() => samples(page).getByRole('listitem').count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
  const stepOf = async (i: number) =>
    Number(/Step (\d+)/.exec((await samples(page).getByRole('listitem').nth(i).textContent()) ?? '')![1]);
  expect(await stepOf(0)).toBeGreaterThan(await stepOf(1)); // newest first
  expect((await stepOf(1)) % 8).toBe(0);
  await expect(samples(page).getByRole('listitem').first()).toContainText('FIRST WATCHMAN:');
  await expect(status(page)).toContainText(/Learning rate:\s*0\.0\d+/);
  await expect(page.getByRole('region', { name: 'Loss chart' })).toContainText(/Learning rate [\d.e-]+ at step/);

  await page.getByRole('button', { name: 'Pause training' }).click();
  await expect(page.getByRole('button', { name: 'Resume training' })).toBeEnabled();
  await expect(checkpoints(page).getByRole('listitem').first()).toContainText(
    /Latest sample \(step \d+\):\s*FIRST WATCHMAN:/,
  );
  await page.screenshot({ path: testInfo.outputPath('training-insight.png'), fullPage: true });

  await openSettings(page, 'Schedule, samples and early stopping');
  await page.getByLabel('Samples during training').uncheck();
  await expect(page.getByLabel('Sample every')).toHaveCount(0);
  await page.getByLabel('Samples during training').check();
  await expect(page.getByLabel('Sample every')).toHaveValue('8');
});

test('early stopping ends a run that stopped improving, "Restore best at the end" leaves the best weights live, and "Restore best" loads them', async ({
  page,
}, testInfo) => {
  const errors = watchErrors(page);
  await page.goto('/?faults');
  await page.getByLabel('Paste text').fill(noise(1500));
  await page.getByRole('button', { name: 'Use pasted text' }).click();
  await expect(page.locator('main')).toContainText(/Characters:\s*1,500/);
  await page.getByLabel('Preset').selectOption('tiny');
  await page.getByLabel('Train for').selectOption('epochs'); // the preset's epochs, no plan
  await openSettings(page, 'Training settings');
  await page.getByLabel('Learning rate', { exact: true }).fill('0.05');
  await page.getByLabel('Validation share').fill('0.2');
  await page.getByLabel('Validate every').fill('5');
  await page.getByLabel('Checkpoint every').fill('0');
  await page.getByLabel('Epochs').fill('20'); // Tiny runs one epoch (8 steps here): long enough to stop early
  await openSettings(page, 'Schedule, samples and early stopping');
  await page.getByLabel('Early stopping patience').fill('2');
  await expect(page.getByLabel('Restore best at the end')).toBeChecked(); // on for every preset
  await page.getByLabel('Samples during training').uncheck();
  await expect(page.getByRole('button', { name: 'Restore best' })).toBeDisabled();

  await page.getByRole('button', { name: 'Start training' }).click();
  await waitForStep(page, 1);
  await expect(status(page)).toContainText('Stopped early', { timeout: 60_000 });
  await expect(status(page)).toContainText('the model now holds those weights');
  await expect(status(page)).toContainText(/State:\s*Stopped/);

  const best = checkpoints(page)
    .getByRole('listitem')
    .filter({ has: page.getByText('Best', { exact: true }) });
  await expect(best).toHaveCount(1);
  const bestStep = Number(/Step ([\d,]+)/.exec((await best.textContent()) ?? '')![1].replace(/,/g, ''));
  const steps = (await checkpoints(page).getByRole('listitem').allTextContents()).map((t) =>
    Number(/Step ([\d,]+)/.exec(t)![1].replace(/,/g, '')),
  );
  expect(Math.max(...steps)).toBeGreaterThan(bestStep); // the run went on past its best, then came back
  await expect.poll(() => statusNumber(page, 'Step')).toBe(bestStep);

  // The live weights (a fresh GPU readback, WebGPU with fused kernels) are the best checkpoint's own.
  const { data } = await exportEntry(page, best, testInfo, 'best.folio.safetensors');
  const recordedBest = data.history.validation.find((p) => p.step === bestStep)!.loss;
  const live = await probe(page);
  expect(live.step).toBe(bestStep);
  expect(live.tensors).toEqual(fileHashes(data));
  expect(Math.abs(live.validationLoss! - recordedBest) / recordedBest).toBeLessThanOrEqual(1e-6);

  await page.getByRole('button', { name: 'Restore best' }).click();
  await expect(best).toContainText('Loaded'); // the best checkpoint is the one loaded (names no longer say "best")
  expect((await probe(page)).tensors).toEqual(fileHashes(data));
  expect(errors).toEqual([]);
});
