// A newcomer's numbers and checkpoints: Tiny finishes its run, nothing stale while paused, one entry per save,
// the loaded checkpoint marked, file-safe export names with a confirmation, and progress while scoring.
import { expect, test, type Page } from '@playwright/test';
import { serveShakespeareFixture, status, statusNumber, waitForStep, watchErrors } from './helpers';

const checkpoints = (page: Page) => page.getByRole('list', { name: 'Checkpoints' });
const SAFE_FILE_NAME = /^[A-Za-z0-9._-]+\.folio\.safetensors$/;

test('Tiny on the fixture: paused numbers, one entry per save, export, load mark, scoring progress, finished run', async ({
  page,
}) => {
  test.setTimeout(400_000);
  const errors = watchErrors(page);
  await serveShakespeareFixture(page);
  await page.goto('/');
  await page.getByRole('button', { name: 'Use Tiny Shakespeare' }).click();
  await expect(page.locator('main')).toContainText(/Characters:\s*7,056/);
  await page.getByLabel('Preset').selectOption('tiny');
  await page.getByLabel('Train for').selectOption('epochs'); // the preset's epochs, no plan
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(status(page)).toContainText(/Run progress:.*of 46 steps/); // one epoch of the fixture

  // Past the first validation (step 20): pausing saves the best snapshot and the paused state.
  await waitForStep(page, 22);
  await page.getByRole('button', { name: 'Pause training' }).click();
  await expect(page.getByRole('button', { name: 'Resume training' })).toBeEnabled();
  await expect(status(page)).toContainText('Time left: paused');
  await expect(status(page)).toContainText('Speed: paused');
  await expect(checkpoints(page).getByRole('listitem')).toHaveCount(2);
  await expect(checkpoints(page).getByRole('listitem').first()).toContainText(/GRU 32 · Tiny Shakespeare · \d\d:\d\d/);

  // Save at the pause's step: the same weights, so the pause entry becomes the saved one.
  await page.getByRole('button', { name: 'Save checkpoint' }).click();
  const manual = checkpoints(page).getByRole('listitem').filter({ hasText: 'saved by you' });
  await expect(manual).toHaveCount(1);
  await expect(checkpoints(page).getByRole('listitem')).toHaveCount(2);
  await expect(checkpoints(page).getByRole('listitem').filter({ hasText: 'on pause' })).toHaveCount(0);
  await expect(checkpoints(page).getByText('Best', { exact: true })).toHaveCount(1);

  // Export: a file-safe name, and a confirmation on the page.
  const downloading = page.waitForEvent('download');
  await manual.getByRole('button', { name: 'Export' }).click();
  const file = await downloading;
  expect(file.suggestedFilename()).toMatch(SAFE_FILE_NAME);
  expect(file.suggestedFilename()).toMatch(/^gru32-tiny-shakespeare-step\d+\.folio\.safetensors$/);
  await expect(page.getByRole('status').filter({ hasText: `as ${file.suggestedFilename()}` })).toBeVisible();

  // Load the best one: it is marked as loaded, and the epoch is counted from its step.
  const best = checkpoints(page).getByRole('listitem').filter({ hasText: 'best validation loss' });
  await best.getByRole('button', { name: 'Load' }).click();
  await expect(best).toHaveAttribute('aria-current', 'true');
  await expect(best).toContainText('Loaded');
  await expect(checkpoints(page).locator('[aria-current]')).toHaveCount(1);
  await expect(status(page)).toContainText(/Epoch:\s*1 of 1/);

  // Scoring a longer text shows its progress.
  await page
    .getByLabel('Text to score')
    .fill('First Citizen: we are accounted poor citizens, the patricians good. '.repeat(4));
  await page.getByRole('button', { name: 'Score text' }).click();
  await expect(page.getByRole('progressbar', { name: 'Scoring progress' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Scored text' })).toBeVisible({ timeout: 120_000 });
  await expect(page.getByRole('progressbar', { name: 'Scoring progress' })).toHaveCount(0, { timeout: 120_000 });

  // Resume to the end of the run: Tiny finishes by itself.
  await page.getByRole('button', { name: 'Resume training' }).click();
  await expect(status(page)).toContainText(/Finished 1 epoch/, { timeout: 300_000 });
  await expect(status(page)).toContainText('Stopped');
  // Restore best at the end (on in every preset): the live model is the run's best step, the last one is saved.
  const back = /Went back to the best validation loss: [\d.]+ at step (\d+)/.exec(
    (await status(page).textContent()) ?? '',
  );
  expect(await statusNumber(page, 'Step')).toBe(back ? Number(back[1]) : 46);
  await expect(checkpoints(page).getByRole('listitem').filter({ hasText: 'Step 46 ·' }).first()).toBeVisible();
  await expect(status(page)).toContainText('Time left: —');
  expect(errors).toEqual([]);
});
