// The page as a workspace: the run bar stays in view, a paused run is never thrown away without asking,
// axe finds nothing serious after training, and a first run works from the keyboard alone.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { serveShakespeareFixture, statusNumber, waitForStep } from './helpers';

const SIZES = [
  { name: 'desktop', width: 1400, height: 1000 },
  { name: 'phone', width: 390, height: 844 },
] as const;

const runBar = (page: Page) => page.getByRole('region', { name: 'Training controls' });
const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

async function loadText(page: Page): Promise<void> {
  await serveShakespeareFixture(page);
  await page.goto('/');
  await button(page, 'Use Tiny Shakespeare').click();
  await expect(page.locator('main')).toContainText(/Characters:\s*7,056/);
  await page.getByLabel('Preset').selectOption('tiny');
  await page.getByLabel('Train for').selectOption('epochs'); // the preset's epochs, no plan
}

async function trainAndPause(page: Page, steps: number): Promise<number> {
  await button(page, 'Start training').click();
  await waitForStep(page, steps);
  await button(page, 'Pause training').click();
  await expect(button(page, 'Resume training')).toBeEnabled();
  return statusNumber(page, 'Step');
}

for (const size of SIZES) {
  test(`the run bar stays in view at every scroll position (${size.name})`, async ({ page }) => {
    await page.setViewportSize(size);
    await loadText(page);
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    expect(height, 'the page is long enough to scroll').toBeGreaterThan(size.height * 1.5);
    for (const share of [0, 0.25, 0.5, 0.75, 1]) {
      await page.evaluate((y) => window.scrollTo(0, y), Math.round(share * height));
      await expect(runBar(page)).toBeInViewport({ ratio: 1 });
      await expect(button(page, 'Start training')).toBeInViewport({ ratio: 1 });
    }
  });
}

test('on a phone the loss chart comes within two screens, the page is no taller than it must be, and nothing scrolls sideways', async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await loadText(page);
  const chart = page.getByRole('region', { name: 'Loss chart' });
  const top = await chart.evaluate((e) => e.getBoundingClientRect().top + window.scrollY);
  expect(top, 'where the loss chart starts').toBeLessThanOrEqual(2 * 844);
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  expect(height, 'the page height (19,500 px before the set-up details folded)').toBeLessThan(19_500 / 2);
  for (const width of [320, 360, 390, 430]) {
    await page.setViewportSize({ width, height: 844 });
    const { scroll, client } = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    expect(scroll, `sideways scroll at ${width} px`).toBeLessThanOrEqual(client);
  }
});

test('Start over a paused run asks first; Cancel keeps it, confirming starts a new run', async ({ page }) => {
  await loadText(page);
  const paused = await trainAndPause(page, 8);
  await expect(button(page, 'Resume training')).toHaveClass(/primary/);
  await expect(button(page, 'Start training')).not.toHaveClass(/primary/);

  await button(page, 'Start training').click();
  const dialog = page.getByRole('dialog', { name: 'Start a new run?' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(runBar(page)).toContainText('Paused');
  expect(await statusNumber(page, 'Step')).toBe(paused);
  await expect(button(page, 'Resume training')).toBeEnabled();

  await button(page, 'Start training').click();
  await dialog.getByRole('button', { name: 'Start new run' }).click();
  await expect(dialog).toBeHidden();
  await expect
    .poll(
      async () => {
        const step = await statusNumber(page, 'Step');
        return step >= 1 && step < paused;
      },
      { timeout: 120_000, intervals: [100] },
    )
    .toBe(true);
  await button(page, 'Pause training').click();
});

test('axe finds nothing serious or critical after training, on desktop and phone', async ({ page }) => {
  await page.setViewportSize(SIZES[0]);
  await loadText(page);
  await trainAndPause(page, 3);
  await page.getByLabel('Length', { exact: true }).fill('40');
  await button(page, 'Generate').click();
  await expect(page.getByRole('region', { name: 'Generated text' })).not.toBeEmpty();
  for (const size of SIZES) {
    await page.setViewportSize(size);
    const { violations } = await new AxeBuilder({ page }).analyze();
    const serious = violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(serious, `axe at ${size.name}`).toEqual([]);
  }
});

/** Presses Tab (or Shift+Tab) until the element has focus; fails after `max` presses. */
async function tabTo(page: Page, target: ReturnType<Page['getByRole']>, key = 'Tab', max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press(key);
  }
  await expect(target).toBeFocused();
}

test('a first run from the keyboard alone: text, skip link, Start, Pause, Generate', async ({ page }) => {
  await serveShakespeareFixture(page);
  await page.goto('/');
  const skip = page.getByRole('link', { name: 'Skip to training controls' });
  await page.keyboard.press('Tab');
  await expect(skip).toBeFocused();

  const useTiny = button(page, 'Use Tiny Shakespeare');
  await tabTo(page, useTiny);
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toContainText(/Characters:\s*7,056/);
  await expect(useTiny, 'focus stays on the button after loading').toBeFocused();

  await tabTo(page, skip, 'Shift+Tab');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  const start = button(page, 'Start training');
  await expect(start).toBeFocused();
  await expect(start).toBeEnabled();
  await page.keyboard.press('Space');
  await waitForStep(page, 3);
  await expect(button(page, 'Pause training'), 'focus moves to Pause once training runs').toBeFocused();
  await page.keyboard.press('Space');
  await expect(button(page, 'Resume training'), 'focus moves to Resume once paused').toBeFocused();

  const length = page.getByLabel('Length', { exact: true });
  await tabTo(page, length);
  await page.keyboard.press('Control+A');
  await page.keyboard.type('40');
  const generate = button(page, 'Generate');
  await tabTo(page, generate);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('region', { name: 'Generated text' })).toContainText(/\S/);
  await expect(generate, 'focus stays on Generate').toBeFocused();
});
