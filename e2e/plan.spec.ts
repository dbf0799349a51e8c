// Train for a time, as a newcomer does, on WebGPU with the fused kernels: a short text of one's own gets a plan
// (the device timed, the plan in words), a run that keeps to its time and ends on its best weights (the live
// state read from the GPU equals the best checkpoint), and writes text; after a reload, the checkpoint carries its
// plan and "Train N more minutes" carries on from its step.
import { expect, test, type Page } from '@playwright/test';
import { fixture, serveShakespeareFixture, status, statusNumber, watchErrors } from './helpers';
import { checkpoints, exportEntry, fileHashes, generated, probe } from './savedState';
import { chromiumArgs, chromiumExecutable, SHAKESPEARE_URL } from './browser';

const LETTER = fixture('letter.txt').toString('utf8');
const plan = (page: Page) => page.getByRole('region', { name: 'Run plan' });
const STATE_IN_BAR: Record<string, string> = {
  Idle: 'Ready',
  Training: 'Training',
  Paused: 'Paused',
  Stopped: 'Stopped',
};

/** The run bar and the training status show the same state, step and time left at this moment. */
async function expectBarAndStatusAgree(page: Page): Promise<void> {
  const [bar, full] = await Promise.all([
    page.getByRole('region', { name: 'Training controls' }).innerText(),
    status(page).innerText(),
  ]);
  const read = (text: string, label: string) =>
    new RegExp(`${label}:?\\s*([^\\n]+)`).exec(text)?.[1].trim() ?? `no ${label}`;
  expect(read(bar, 'Run')).toBe(STATE_IN_BAR[read(full, 'State')]);
  expect(read(bar, 'Step').split(' of ')[0]).toBe(read(full, 'Step'));
  expect(read(bar, 'Time left')).toBe(read(full, 'Time left'));
}

async function useLetter(page: Page): Promise<void> {
  await page.getByLabel('Paste text').fill(LETTER);
  await page.getByRole('button', { name: 'Use pasted text' }).click();
  await expect(page.locator('main')).toContainText(/Characters:\s*3,8\d\d/);
}

/** A one-minute automatic run on the letter, to its end. */
async function trainOneMinute(page: Page): Promise<number> {
  await expect(page.getByLabel('Preset')).toHaveValue('auto');
  await page.getByLabel('Train for').selectOption('1');
  const started = Date.now();
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(plan(page)).toContainText(/Measuring this device’s speed|GRU \d+ × 1 layer/);
  await expect(plan(page)).toContainText(/GRU 32 × 1 layer \([\d,]+ parameters\): about [\d,]+ steps/, {
    timeout: 60_000,
  });
  await expect(plan(page)).toContainText(/characters\/s (measured here|\(this run’s own pace)/);
  // GRU 32 either way: the largest this text supports, or (on a slow or busy machine) the smallest.
  await expect(plan(page)).toContainText(
    /Train for 1 minute: chosen as (the largest network this text supports|the smallest network)/,
  );
  await expect(status(page)).toContainText(/State:\s*Training/, { timeout: 60_000 });
  await expect(status(page)).toContainText(/State:\s*Stopped/, { timeout: 150_000 });
  return (Date.now() - started) / 1000;
}

test('a short text of my own: plan, a run that keeps to its time, its best weights live, and text', async ({
  page,
}, testInfo) => {
  test.setTimeout(300_000);
  const errors = watchErrors(page);
  await page.goto('/?faults');
  await expect(status(page)).toContainText('webgpu');
  await useLetter(page);
  const seconds = await trainOneMinute(page);
  expect(seconds).toBeLessThan(60 * 1.05 + 10); // the time asked, calibration included; the last save on top
  await expect(status(page)).toContainText(/Finished the plan|Trained for the 1 minute asked|Stopped early/);
  await expect(status(page)).toContainText('fused WebGPU kernels');
  // The coach reads the same ending as the status: never "going well" beside "stopped early".
  const coach = page.getByRole('region', { name: 'Coach' });
  if (/Stopped early/.test((await status(page).textContent()) ?? ''))
    await expect(coach).toContainText(/stopped improving after step \d+/);
  await expect(coach).not.toContainText('Going well');
  await expectBarAndStatusAgree(page);

  // The run ended on its best step: the live weights read from the GPU are the best checkpoint's.
  const bestEntry = checkpoints(page).getByRole('listitem').filter({ hasText: 'best validation loss' }).first();
  const { data } = await exportEntry(page, bestEntry, testInfo, 'best.folio.safetensors');
  expect(data.train.plan).toMatchObject({ trainFor: 1, chosenNetwork: true });
  expect(data.train.totalSteps).toBeGreaterThan(0);
  // Far below the letter's unigram loss (about 2.9): the model learned more than which letters are common.
  expect(Math.min(...data.history.validation.map((p) => p.loss))).toBeLessThan(2.6);
  const live = await probe(page);
  expect(live.step).toBe(data.step);
  expect(live.tensors).toEqual(fileHashes(data));

  // It writes text, as text.
  await page.getByLabel('Seed text').fill('Dear ');
  await page.getByLabel('Length', { exact: true }).fill('80');
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
  await expect
    .poll(async () => [...((await generated(page).textContent()) ?? '')].length, { timeout: 60_000 })
    .toBeGreaterThanOrEqual(85);
  expect(
    await generated(page)
      .locator('*')
      .evaluateAll((els) => els.filter((e) => e.tagName === 'SCRIPT').length),
  ).toBe(0);
  expect(errors).toEqual([]);
});

test('after a reload, the checkpoint carries its plan and “Train 1 more minute” carries on from its step', async ({
  page,
}, testInfo) => {
  test.setTimeout(360_000);
  await page.goto('/?faults');
  await expect(status(page)).toContainText('webgpu');
  await useLetter(page);
  await trainOneMinute(page);
  const ended = checkpoints(page).getByRole('listitem').filter({ hasText: 'on stop' }).first();
  await expect(ended).toBeVisible();

  await page.reload();
  await expect(status(page)).toContainText('webgpu');
  // Loaded over another text, the model panel says why its count differs from the status's, and what to do.
  await serveShakespeareFixture(page);
  await page.getByRole('button', { name: 'Use Tiny Shakespeare' }).click();
  await expect(page.locator('main')).toContainText(/Characters:\s*7,056/);
  const saved = checkpoints(page).getByRole('listitem').filter({ hasText: 'on stop' }).first();
  await saved.getByRole('button', { name: 'Load' }).click();
  const otherText = page.getByText(/The model now loaded \([\d,]+ parameters, vocabulary of \d+\) was trained on/);
  await expect(otherText).toBeVisible();
  await useLetter(page);
  await expect(otherText).toHaveCount(0);
  const { data } = await exportEntry(page, saved, testInfo, 'end.folio.safetensors');
  await saved.getByRole('button', { name: 'Load' }).click();
  await expect(plan(page)).toContainText(/GRU 32 × 1 layer/);
  await expect(plan(page)).toContainText(/Train for 1 minute/);
  // What is live now is what was saved: weights and moments read back from the GPU.
  const loaded = await probe(page);
  expect(loaded.step).toBe(data.step);
  expect(loaded.tensors).toEqual(fileHashes(data));

  await page.getByLabel('Train for').selectOption('1');
  await page.getByRole('button', { name: 'Train 1 more minute' }).click();
  await expect(status(page)).toContainText(/State:\s*Training/);
  await expect.poll(() => statusNumber(page, 'Step'), { timeout: 60_000 }).toBeGreaterThan(data.step);
  // The time left is the minute asked, counting down (never the old run's, never more).
  await expect
    .poll(async () => (await status(page).textContent()) ?? '', { timeout: 60_000 })
    .toMatch(/Time left:\s*(about )?\d+ s/);
  await page.getByRole('button', { name: 'Pause training' }).click();
  await expect(status(page)).toContainText(/State:\s*Paused/);
  await expectBarAndStatusAgree(page);
  const live = await probe(page);
  expect(live.step).toBeGreaterThan(data.step);
  // The status and the list agree that the live model is no longer the checkpoint as loaded.
  await expect(status(page)).toContainText(
    new RegExp(`Model from:\\s*.+, then trained to step ${live.step.toLocaleString('en-US')}`),
  );
  await expect(checkpoints(page).locator('[aria-current]')).toHaveCount(0);
});

test('with a fast GPU’s speeds (test hook) a Shakespeare-sized text gets a network of 512 units or more; with SwiftShader’s, a small one', async ({
  playwright,
  baseURL,
}) => {
  test.setTimeout(180_000);
  // A browser of its own: the GRU 1024 run this plan starts would keep SwiftShader's GPU process busy for
  // minutes after the page closes, and the next test's WebGPU device would wait behind it. Closing this
  // browser ends that process.
  const executablePath = chromiumExecutable();
  const browser = await playwright.chromium.launch({
    args: chromiumArgs,
    ...(executablePath ? { executablePath } : {}),
  });
  const page = await (await browser.newContext({ baseURL, serviceWorkers: 'block' })).newPage();
  // A text the size of Tiny Shakespeare (the fixture, repeated): the plan reads its length and its speeds.
  const corpus = fixture('watchmen.txt').toString('utf8').repeat(160);
  await page.route(SHAKESPEARE_URL, (route) =>
    route.fulfill({ status: 200, contentType: 'text/plain; charset=utf-8', body: corpus }),
  );
  const planFor = async (like: 'fastGpu' | 'software'): Promise<number> => {
    await page.goto('/?faults');
    await expect(status(page)).toContainText('webgpu');
    await page.getByRole('button', { name: 'Use Tiny Shakespeare' }).click();
    await expect(page.locator('main')).toContainText(/Characters:\s*1,1\d\d,\d\d\d/);
    await page.evaluate((l) => (window as unknown as { __folioSpeeds(l: string): void }).__folioSpeeds(l), like);
    await page.getByLabel('Train for').selectOption('10');
    await page.getByRole('button', { name: 'Start training' }).click();
    await expect(plan(page)).toContainText(/GRU \d+ × \d layers? \([\d,]+ parameters\): about [\d,]+ steps/);
    const units = Number(/GRU (\d+) ×/.exec((await plan(page).textContent()) ?? '')![1]);
    await expect(plan(page)).toContainText('Timing this device took 0 s'); // the speeds were known: nothing timed
    return units;
  };
  try {
    expect(await planFor('software')).toBeLessThanOrEqual(64);
    expect(await planFor('fastGpu')).toBeGreaterThanOrEqual(512);
  } finally {
    await browser.close();
  }
});
