// GPU and worker faults (the page's URL has ?faults, which lets the test ask the worker to fail for real:
// destroy its GPU device, throw, reject unhandled, hang, or send garbage). The user keeps the last
// checkpoint, is told what happened, and training goes on.
import { expect, test, type Page } from '@playwright/test';
import { serveShakespeareFixture, status, statusNumber, waitForStep, openSettings } from './helpers';

const checkpoints = (page: Page) => page.getByRole('list', { name: 'Checkpoints' });

async function trainWithCheckpoint(page: Page): Promise<number> {
  await serveShakespeareFixture(page);
  // 8 s: a fresh worker's first step compiles its WebGPU pipelines on SwiftShader's CPU, several seconds with
  // the thread busy; a real hang still shows within the test's 20 s (the app's own limit is 30 s).
  await page.goto('/?faults&heartbeat=8000');
  await page.getByRole('button', { name: 'Use Tiny Shakespeare' }).click();
  await page.getByLabel('Preset').selectOption('tiny');
  await page.getByLabel('Train for').selectOption('epochs'); // the preset's epochs, no plan
  await openSettings(page, 'Training settings');
  await page.getByLabel('Checkpoint every').fill('0');
  await page.getByRole('button', { name: 'Start training' }).click();
  await waitForStep(page, 3);
  await page.getByRole('button', { name: 'Save checkpoint' }).click();
  await expect(checkpoints(page).getByRole('listitem')).toHaveCount(1);
  const text = (await checkpoints(page).getByRole('listitem').first().textContent()) ?? '';
  return Number(/Step (\d+)/.exec(text)![1]);
}

const inject = (page: Page, fault: string) =>
  page.evaluate((f) => (window as unknown as { __folioFault(f: string): void }).__folioFault(f), fault);

test('a lost GPU device: the trainer moves to WebGL and continues from the last checkpoint', async ({ page }) => {
  const saved = await trainWithCheckpoint(page);
  await inject(page, 'deviceLost');
  await expect(page.getByRole('list', { name: 'Notices' })).toContainText(/The GPU stopped working/);
  await expect(status(page)).toContainText('Backend: webgl');
  await expect(page.getByRole('list', { name: 'Notices' })).toContainText(/continues training from .* \(step \d+\)/);
  await expect(status(page)).toContainText('Training');
  await waitForStep(page, saved + 2);
});

for (const [fault, why] of [
  ['throw', /injected fault: uncaught exception/],
  ['unhandledRejection', /unhandled error: injected fault/],
  ['hang', /has not answered for \d+ seconds/],
  ['unreadable', /could not read/],
] as const) {
  test(`the worker fails (${fault}): the page says so and restarts from the last checkpoint`, async ({ page }) => {
    const saved = await trainWithCheckpoint(page);
    await inject(page, fault);
    const alert = page.getByRole('alert').filter({ hasText: 'The trainer stopped unexpectedly' });
    await expect(alert).toContainText(why, { timeout: 20_000 });
    await expect(page.getByRole('button', { name: 'Start training' })).toBeDisabled();
    await alert.getByRole('button', { name: 'Restart from last checkpoint' }).click();
    await expect(alert).toHaveCount(0);
    await expect(status(page)).toContainText('webgpu');
    await expect.poll(() => statusNumber(page, 'Step')).toBeGreaterThanOrEqual(saved);
    await waitForStep(page, saved + 2); // it was training, so it trains again
    await expect(checkpoints(page).getByRole('listitem').first()).toBeVisible();
  });
}

test('NaN losses: steps are skipped and counted, training pauses, and no broken checkpoint is written', async ({
  page,
}) => {
  await trainWithCheckpoint(page);
  await inject(page, 'nanWeights');
  await expect(status(page)).toContainText(/Skipped steps:\s*\d+/);
  await expect(status(page)).toContainText('Paused');
  await expect(status(page)).toContainText(/loss became NaN or infinite/);
  await expect(page.getByRole('list', { name: 'Notices' })).toContainText(
    /Checkpoint not saved: the model's weights are not finite/,
  );
  await expect(checkpoints(page).getByRole('listitem')).toHaveCount(1); // only the good one from before
  await checkpoints(page).getByRole('listitem').first().getByRole('button', { name: 'Load' }).click();
  await page.getByRole('button', { name: 'Resume training' }).click();
  await expect(status(page)).toContainText('Training');
  await expect.poll(() => page.getByText(/Skipped steps/).count()).toBe(0);
});

test('a model too large for the GPU gets advice instead of a hang', async ({ page }) => {
  await page.goto('/');
  const buffer = Buffer.from('a quiet line of verse for a very large model\n'.repeat(7000));
  await page.getByLabel('Training text').setInputFiles({ name: 'verse.txt', mimeType: 'text/plain', buffer });
  await expect(page.locator('main')).toContainText(/Characters:\s*315,000/);
  await openSettings(page, 'Training settings');
  await page.getByLabel('GRU units').fill('4096');
  await page.getByLabel('Batch size').fill('256');
  await page.getByLabel('Window length').fill('1000');
  await page.getByLabel('Train for').selectOption('epochs'); // the settings' epochs, no plan
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(
    page.getByRole('alert').filter({ hasText: /needs a GPU buffer of \d+ MB, more than this GPU allows/ }),
  ).toContainText(/smaller batch size or window length/);
  await expect(status(page)).toContainText('Idle');
});
