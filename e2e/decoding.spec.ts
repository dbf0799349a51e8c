// The sampling studio as a person uses it: probability view and branching, scoring a pasted text, the
// temperature grid, and top-k / top-p / repetition penalty / beam search. One Tiny model, trained once.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { serveShakespeareFixture, waitForStep, watchErrors, openSettings } from './helpers';

test.describe.configure({ mode: 'serial' });

let page: Page;
let errors: string[];
const generated = () => page.getByRole('region', { name: 'Generated text' });
const generateButton = () => page.getByRole('button', { name: 'Generate', exact: true });
const codePoints = (s: string | null) => [...(s ?? '')];
const fromShown = (c: string) => (c === '↵' ? '\n' : c === '␣' ? ' ' : c === '⇥' ? '\t' : c);

async function trainTiny(browser: Browser, baseURL: string): Promise<void> {
  page = await (await browser.newContext({ baseURL })).newPage();
  errors = watchErrors(page);
  await serveShakespeareFixture(page);
  await page.goto('/');
  await page.getByRole('button', { name: 'Use Tiny Shakespeare' }).click();
  await page.getByLabel('Preset').selectOption('tiny');
  await page.getByLabel('Train for').selectOption('epochs'); // the preset's epochs, no plan
  await openSettings(page, 'Training settings');
  await page.getByLabel('Checkpoint every').fill('0');
  await page.getByRole('button', { name: 'Start training' }).click();
  await waitForStep(page, 5);
  await page.getByRole('button', { name: 'Pause training' }).click();
  await expect(page.getByRole('button', { name: 'Resume training' })).toBeEnabled();
}

/**
 * Generates with the current settings; returns the finished text. It waits for "Finished: <total>
 * characters", so two generations in a row must differ in total length (else the old text would do).
 */
async function generate(seed: string, length: number): Promise<string> {
  await page.getByLabel('Seed text').fill(seed);
  await page.getByLabel('Length', { exact: true }).fill(String(length));
  await generateButton().click();
  await expect(page.getByText(new RegExp(`^Finished: ${seed.length + length} characters`))).toBeVisible({
    timeout: 30_000,
  });
  await expect(generateButton()).toBeEnabled();
  return (await generated().textContent()) ?? '';
}

test.beforeAll(async ({ browser }, testInfo) => {
  testInfo.setTimeout(120_000);
  await trainTiny(browser, testInfo.project.use.baseURL!);
});
test.afterAll(async () => {
  expect(errors).toEqual([]);
  await page.context().close();
});

test('probability view: alternatives on hover and focus, branching, and a scored pasted text', async () => {
  await page.getByLabel('Temperature', { exact: true }).fill('0.8');
  const before = codePoints(await generate('ROMEO:', 60));
  expect(before).toHaveLength(66);
  await page.getByLabel('Show probabilities').check();
  await expect(page.getByRole('list', { name: 'Probability legend' }).first()).toBeVisible();
  await expect(page.getByText('Bits per character:').first()).toBeVisible();

  // Hover: five alternatives for that character.
  await generated().locator('[data-index="20"]').hover();
  const at21 = page.getByRole('group', { name: 'Alternatives at character 21' });
  await expect(at21.getByRole('button', { name: /^Continue with/ })).toHaveCount(5);
  await page.screenshot({ path: test.info().outputPath('probability-view.png'), fullPage: true });

  // Keyboard: focus a character, move with the arrow key, Enter goes to the alternatives.
  await generated().locator('[data-index="29"]').focus();
  await page.keyboard.press('ArrowRight');
  const at31 = page.getByRole('group', { name: 'Alternatives at character 31' });
  await expect(at31.getByRole('button', { name: /^Continue with/ })).toHaveCount(5);
  await page.keyboard.press('Enter');
  await expect(at31.getByRole('button').first()).toBeFocused();

  // Branch with a character other than the one written: the text up to there stays, then it differs.
  const other = at31.getByRole('button', { name: /^Continue with (?!.*the one written)/ }).first();
  const chosen = fromShown((await other.locator('.alternative-character').textContent()) ?? '');
  await other.click();
  await expect(page.getByText(/^Finished: 91 characters/)).toBeVisible({ timeout: 30_000 }); // 30 kept + 1 chosen + 60
  await expect(generated().locator('[data-index="30"]')).toBeVisible(); // scored again
  const after = codePoints(await generated().textContent());
  expect(after.slice(0, 30)).toEqual(before.slice(0, 30));
  expect(after[30]).toBe(chosen);
  expect(after[30]).not.toBe(before[30]);
  expect(after).toHaveLength(31 + 60);

  // Any text: probabilities, loss and bits per character.
  await page.getByLabel('Text to score').fill('ROMEO: What say you?');
  await page.getByRole('button', { name: 'Score text' }).click();
  const scored = page.getByRole('region', { name: 'Scored text' });
  await expect(scored.locator('[data-index]').first()).toBeVisible();
  expect(await scored.textContent()).toBe('ROMEO: What say you?');
  await expect(page.getByText('Perplexity:')).toHaveCount(2);
  await page.getByLabel('Show probabilities').uncheck();
});

test('temperature grid: one labelled column per temperature, all written in one pass', async () => {
  await page.getByLabel('Seed text').fill('KING:');
  await page.getByLabel('Length', { exact: true }).fill('40');
  await page.getByLabel('Grid temperatures').fill('0.2, 0.5, 0.8, 1.0, 1.3');
  await page.getByRole('button', { name: 'Temperature grid' }).click();
  await expect(page.getByText('Finished: 40 characters per column.')).toBeVisible({ timeout: 30_000 });
  const grid = page.getByRole('region', { name: 'Temperature grid' });
  await expect(grid.getByRole('group')).toHaveCount(5);
  for (const t of ['0.2', '0.5', '0.8', '1', '1.3']) {
    const column = codePoints(
      await grid
        .getByRole('group', { name: `Temperature ${t}`, exact: true })
        .locator('.grid-continuation')
        .textContent(),
    );
    expect(column).toHaveLength(40);
  }
});

test('a new sampling seed each Generate; the seed used is shown and can be kept to repeat a text', async () => {
  await page.getByLabel('Temperature', { exact: true }).fill('1');
  const seedUsed = async (total: number) => {
    const line = await page.getByText(new RegExp(`^Finished: ${total} characters`)).textContent();
    return Number(/Sampling seed (\d+)/.exec(line ?? '')?.[1]);
  };
  const first = await generate('ROMEO:', 40);
  const firstSeed = await seedUsed(46);
  const second = await generate('ROMEO:', 41);
  const secondSeed = await seedUsed(47);
  expect(Number.isInteger(firstSeed) && Number.isInteger(secondSeed)).toBe(true);
  expect(secondSeed).not.toBe(firstSeed);
  expect(second.slice(0, first.length)).not.toBe(first); // 40 characters at temperature 1: equal only by chance
  // Keep it: the field holds the seed used, the box is ticked, and the next Generate repeats the text.
  await page.getByRole('button', { name: 'Keep this sampling seed' }).click();
  await openSettings(page, 'Decoding settings');
  await expect(page.getByLabel('Same seed each time')).toBeChecked();
  await expect(page.getByLabel('Sampling seed')).toHaveValue(String(secondSeed));
  const again = await generate('ROMEO:', 42);
  expect(again.startsWith(second)).toBe(true);
  expect(await seedUsed(48)).toBe(secondSeed);
  await expect(page.getByText(/Sampling seed \d+, kept for the next Generate/)).toBeVisible();
});

test('top-k, top-p, repetition penalty and beam search write text; same settings, same text', async () => {
  await page.getByLabel('Temperature', { exact: true }).fill('1');
  await openSettings(page, 'Decoding settings');
  await page.getByLabel('Same seed each time').check();
  await page.getByLabel('Top-p').fill('1.5');
  await expect(page.getByText('Top-p must be a number above 0 and at most 1.').first()).toBeVisible();
  await expect(generateButton()).toBeDisabled();
  await page.getByLabel('Top-k').fill('5');
  await page.getByLabel('Top-p').fill('0.9');
  await page.getByLabel('Repetition penalty').fill('1.3');
  const sampled = await generate('WATCHMAN:', 30);
  expect(codePoints(sampled)).toHaveLength(39);
  expect(sampled.startsWith('WATCHMAN:')).toBe(true);
  // Same settings and sampling seed: the same characters (a shorter run is a prefix of the longer one).
  expect(sampled.startsWith(await generate('WATCHMAN:', 15))).toBe(true);
  expect(await generate('WATCHMAN:', 30)).toBe(sampled);

  await openSettings(page, 'Decoding settings');
  await page.getByLabel('Method').selectOption('beam');
  await page.getByLabel('Beam width').fill('4');
  const beam = await generate('WATCHMAN:', 20);
  expect(codePoints(beam)).toHaveLength(29);
  expect(beam.startsWith('WATCHMAN:')).toBe(true);
  await generate('WATCHMAN:', 10);
  await openSettings(page, 'Decoding settings');
  await page.getByLabel('Sampling seed').fill('77'); // beam search does not sample
  expect(await generate('WATCHMAN:', 20)).toBe(beam);
});
