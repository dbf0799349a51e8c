// The lazily loaded panels keep their own state while a run trains: the runs ticked in "Compare runs" and the
// neuron explorer's unit survive 30 s (and 20 steps or more) of training, and neither panel is mounted again
// (a page that re-created their component types on each render remounted both at every step).
import { expect, test, type Page } from '@playwright/test';
import { openSettings, serveShakespeareFixture, statusNumber, trainBriefly, waitForStep, watchErrors } from './helpers';

const compare = (page: Page) => page.getByRole('region', { name: 'Compare runs' });
const explorer = (page: Page) => page.getByRole('region', { name: 'Neuron explorer' });

/**
 * Marks both panels' DOM nodes and counts, from now on, every removal of a marked node (a remount replaces the
 * node: React never moves a mounted component's element to a new one).
 */
async function watchPanels(page: Page): Promise<void> {
  await compare(page).evaluate((el) => ((el as HTMLElement).dataset.watched = 'compare'));
  await explorer(page).evaluate((el) => ((el as HTMLElement).dataset.watched = 'explorer'));
  await page.evaluate(() => {
    const removed: string[] = [];
    (window as unknown as { panelRemovals: string[] }).panelRemovals = removed;
    new MutationObserver((records) => {
      for (const r of records)
        for (const node of r.removedNodes) {
          if (!(node instanceof Element)) continue;
          const marked = [node, ...node.querySelectorAll('[data-watched]')].filter((e) =>
            e.hasAttribute('data-watched'),
          );
          removed.push(...marked.map((e) => e.getAttribute('data-watched')!));
        }
    }).observe(document.body, { childList: true, subtree: true });
  });
}

test('ticked runs in Compare and the explorer’s unit stay as chosen through 30 s of training', async ({ page }) => {
  test.setTimeout(360_000);
  const errors = watchErrors(page);
  await serveShakespeareFixture(page);
  await page.goto('/');
  await page.getByRole('button', { name: 'Use Tiny Shakespeare' }).click();
  await expect(page.locator('main')).toContainText(/Characters:\s*7,056/);
  await page.getByLabel('Train for').selectOption('epochs'); // the settings' epochs, no plan
  await openSettings(page, 'Training settings');
  await page.getByLabel('Checkpoint every').fill('0');
  await page.getByLabel('Validate every').fill('3');
  await page.getByLabel('Epochs').fill('200');
  // No early stop: a run that ends goes back to its best step, a new live model the explorer has not read.
  await openSettings(page, 'Schedule, samples and early stopping');
  await page.getByLabel('Early stopping patience').fill('0');

  // Two short runs, each saved when stopped.
  const first = await trainBriefly(page, 4);
  await page.getByLabel('GRU units').fill('16');
  await trainBriefly(page, first + 4);

  // A third run trains; two saved runs are ticked and the explorer reads the training text with the live model
  // (unit 3, update gate).
  await page.getByLabel('GRU units').fill('24');
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByRole('region', { name: 'Training status' })).toContainText('Training');
  const runs = compare(page);
  await runs
    .getByRole('checkbox', { name: /^GRU 32 ·/ })
    .first()
    .check();
  await runs
    .getByRole('checkbox', { name: /^GRU 16 ·/ })
    .first()
    .check();
  await expect(runs.getByRole('list', { name: 'Legend' }).getByRole('listitem')).toHaveCount(2);
  await explorer(page).getByLabel('Text to explore').selectOption('training');
  await explorer(page).getByLabel('Characters to read').fill('60');
  await explorer(page).getByRole('button', { name: 'Read with the model' }).click();
  await explorer(page).getByLabel('Unit', { exact: true }).fill('3');
  await explorer(page).getByLabel('Signal').selectOption('z');
  const coloured = explorer(page).getByRole('region', { name: 'Text coloured by unit 3, z' });
  await expect(coloured).toBeVisible();
  await watchPanels(page);
  const watchedFrom = await statusNumber(page, 'Step');
  await page.waitForTimeout(30_000);
  await waitForStep(page, watchedFrom + 20);

  await expect(page.getByRole('region', { name: 'Training status' })).toContainText('Training');
  await expect(runs.getByRole('checkbox', { name: /^GRU 32 ·/ }).first()).toBeChecked();
  await expect(runs.getByRole('checkbox', { name: /^GRU 16 ·/ }).first()).toBeChecked();
  await expect(runs.getByRole('list', { name: 'Legend' }).getByRole('listitem')).toHaveCount(2);
  await expect(runs.locator('.recharts-line')).toHaveCount(4); // training and validation for each ticked run
  await expect(coloured).toBeVisible();
  await expect(explorer(page).getByLabel('Unit', { exact: true })).toHaveValue('3');
  await expect(explorer(page).getByLabel('Signal')).toHaveValue('z');
  expect(await page.evaluate(() => (window as unknown as { panelRemovals: string[] }).panelRemovals)).toEqual([]);
  await expect(runs).toHaveAttribute('data-watched', 'compare'); // the same node as before the run
  await page.getByRole('button', { name: 'Stop training' }).click();
  expect(errors).toEqual([]);
});
