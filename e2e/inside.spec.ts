// Inside the model, as a person uses it: a Tiny model over-trained on one repeated line, then the neuron
// explorer (pick a unit, the colouring follows; interesting units; heat strip) and the memorisation meter
// (its greedy text is copied from the training text, highlighted, with the share shown). One model for both.
import { expect, test, type Page } from '@playwright/test';
import { SHAKESPEARE_URL } from './browser';
import { openSettings, waitForStep, watchErrors } from './helpers';

test.describe.configure({ mode: 'serial' });

const LINE = 'to be or not to be, that is the question.\n';
let page: Page;
let errors: string[];
const explorer = () => page.getByRole('region', { name: 'Neuron explorer' });

test.beforeAll(async ({ browser }, testInfo) => {
  testInfo.setTimeout(240_000);
  page = await (await browser.newContext({ baseURL: testInfo.project.use.baseURL })).newPage();
  errors = watchErrors(page);
  await page.route(SHAKESPEARE_URL, (route) =>
    route.fulfill({ status: 200, contentType: 'text/plain; charset=utf-8', body: LINE.repeat(200) }),
  );
  await page.goto('/');
  await page.getByRole('button', { name: 'Use Tiny Shakespeare' }).click();
  await page.getByLabel('Preset').selectOption('tiny');
  await page.getByLabel('Train for').selectOption('epochs'); // the preset's epochs, no plan
  await openSettings(page, 'Training settings');
  await page.getByLabel('Checkpoint every').fill('0');
  await page.getByLabel('Epochs').fill('50');
  await page.getByRole('button', { name: 'Start training' }).click();
  await waitForStep(page, 90, 200_000); // the loss is near its floor by about step 60
  await page.getByRole('button', { name: 'Pause training' }).click();
  await expect(page.getByRole('button', { name: 'Resume training' })).toBeEnabled();
  // Greedy: the over-trained model writes the line again and again.
  await page.getByLabel('Seed text').fill('to be');
  await page.getByLabel('Length', { exact: true }).fill('120');
  await page.getByLabel('Temperature', { exact: true }).fill('0');
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
  await expect(page.getByText(/^Finished: 125 characters/)).toBeVisible({ timeout: 30_000 });
});
test.afterAll(async () => {
  expect(errors).toEqual([]);
  await page.context().close();
});

/** The colours of the explored text's characters, in order. */
const colours = (region: ReturnType<Page['getByRole']>) =>
  region.locator('[data-index]').evaluateAll((spans) => spans.map((s) => (s as HTMLElement).style.background));

test('neuron explorer: the text is coloured by the chosen unit; interesting units and the heat strip', async () => {
  await explorer().getByRole('button', { name: 'Read with the model' }).click();
  const text0 = explorer().getByRole('region', { name: 'Text coloured by unit 0, h' });
  await expect(text0.locator('[data-index]')).toHaveCount(125);
  const before = await colours(text0);
  await explorer().getByLabel('Unit', { exact: true }).fill('5');
  const text5 = explorer().getByRole('region', { name: 'Text coloured by unit 5, h' });
  await expect(text5).toBeVisible();
  const after = await colours(text5);
  expect(after).toHaveLength(125);
  expect(after).not.toEqual(before);

  // Focus shows the value and what the model expects next.
  await text5.locator('[data-index="3"]').focus();
  await page.keyboard.press('ArrowRight');
  await expect(
    explorer().getByText(/^Character 5, “e”: unit 5 h = -?\d\.\d{3}\. Next, the model expects/),
  ).toBeVisible();

  await explorer().getByRole('button', { name: 'Find interesting units' }).click();
  const picks = explorer().getByRole('button', { name: /^View unit \d+ for vowel/ });
  await expect(picks).toHaveCount(3);
  const name = (await picks.first().getAttribute('aria-label')) ?? '';
  await picks.first().click();
  const unit = /^View unit (\d+)/.exec(name)![1];
  await expect(explorer().getByRole('region', { name: `Text coloured by unit ${unit}, h` })).toBeVisible();
  await expect(explorer().getByRole('img', { name: 'Heat strip of the top units' })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('neuron-explorer.png'), fullPage: true });

  // A window of the training text: from the start of its second line, 300 characters.
  await explorer().getByLabel('Text to explore').selectOption('training');
  await explorer().getByLabel('First character').fill(String(LINE.length));
  await explorer().getByLabel('Characters to read').fill('300');
  await explorer().getByRole('button', { name: 'Read with the model' }).click();
  const window = explorer()
    .getByRole('region', { name: `Text coloured by unit ${unit}, h` })
    .locator('[data-index]');
  await expect(window).toHaveCount(300);
  expect(await window.first().textContent()).toBe('t');
});

test('memorisation meter: copied spans of the generated text are highlighted and their share shown', async () => {
  const meter = page.getByRole('region', { name: 'Memorisation meter' });
  await meter.getByLabel('Highlight copied text').check();
  const status = meter.getByRole('status');
  await expect(status).toContainText('Copied from the training text:');
  const share = Number(/([\d.]+)%/.exec((await status.textContent()) ?? '')![1]);
  expect(share).toBeGreaterThan(50);
  const spans = meter.getByRole('button', { name: /^Copied span \d+/ });
  expect(await spans.count()).toBeGreaterThan(0);
  await spans.first().click();
  await expect(
    meter.getByText(/occur in the training text at character [\d,]+ \(line [\d,]+, column \d+\)/),
  ).toBeVisible();

  // A longer minimum than the text itself: nothing counts as copied.
  await meter.getByLabel('Minimum copied length').fill('500');
  await expect(status).toContainText('Copied from the training text: 0.0%');
});
