// Comparing runs, sharing settings by link, and the coach, as a person uses them: two short Tiny runs with
// different GRU sizes on one chart, a copied link opened in a new page, and a link with bad values.
import { expect, test, type Page } from '@playwright/test';
import { openSettings, serveShakespeareFixture, trainBriefly, watchErrors } from './helpers';

const compare = (page: Page) => page.getByRole('region', { name: 'Compare runs' });
const share = (page: Page) => page.getByRole('region', { name: 'Share settings' });

test('two runs share one comparison chart, the coach speaks, and a copied link restores the settings', async ({
  page,
  context,
}) => {
  const errors = watchErrors(page);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await serveShakespeareFixture(page);
  await page.goto('/');
  await page.getByRole('button', { name: 'Use Tiny Shakespeare' }).click();
  await expect(page.locator('main')).toContainText(/Characters:\s*7,056/);
  await openSettings(page, 'Training settings');
  await page.getByLabel('Checkpoint every').fill('0');
  await page.getByLabel('Validate every').fill('3');

  const first = await trainBriefly(page, 4);
  await expect(page.getByRole('region', { name: 'Coach' }).getByRole('status')).toHaveText(/validation loss/i);
  await page.getByLabel('GRU units').fill('16');
  await trainBriefly(page, first + 4); // at least 4 steps of its own: one evaluation (every 3) at least

  const runs = compare(page);
  await runs
    .getByRole('checkbox', { name: /^GRU 32 ·/ })
    .first()
    .check();
  await runs
    .getByRole('checkbox', { name: /^GRU 16 ·/ })
    .first()
    .check();
  const legend = runs.getByRole('list', { name: 'Legend' });
  await expect(legend.getByRole('listitem')).toHaveCount(2);
  await expect(legend).toContainText(/GRU 32 ·.*GRU 16 ·/s);
  await expect(runs.locator('.recharts-line')).toHaveCount(4); // training and validation for each run
  const table = runs.getByRole('table');
  await expect(table.getByRole('row', { name: /GRU units/ })).toHaveText(/GRU units\s*32\s*16/);
  await expect(table.getByRole('row', { name: /Embedding size/ })).toHaveCount(0); // the same in both
  await expect(table.getByRole('row', { name: /Best validation loss/ })).toContainText(/\d\.\d+ at step \d/);

  await openSettings(page, 'Decoding settings');
  await page.getByLabel('Temperature', { exact: true }).fill('0.5');
  await page.getByLabel('Top-k').fill('5');
  await share(page).getByRole('button', { name: 'Copy link to these settings' }).click();
  const said = share(page).getByRole('status');
  await expect(said).toHaveText(/Link copied|copy the link below/);
  const link = (await said.textContent())!.startsWith('Link copied')
    ? await page.evaluate(() => navigator.clipboard.readText())
    : await share(page).getByLabel('Link to these settings').inputValue();
  expect(link).toMatch(/\?preset=custom&/); // settings typed by hand: Custom, on the default preset's fields
  expect(link).toContain('units=16');
  await expect(share(page)).not.toContainText('come from the link'); // this page was opened without one

  const opened = await context.newPage();
  await opened.goto(link);
  await openSettings(opened, 'Training settings', 'Decoding settings');
  await expect(opened.getByLabel('GRU units')).toHaveValue('16');
  await expect(opened.getByLabel('Validate every')).toHaveValue('3');
  await expect(opened.getByLabel('Checkpoint every')).toHaveValue('0');
  await expect(opened.getByLabel('Temperature', { exact: true })).toHaveValue('0.5');
  await expect(opened.getByLabel('Top-k')).toHaveValue('5');
  await expect(opened.getByLabel('Preset')).toHaveValue('custom');
  await expect(share(opened)).toContainText('The settings come from the link this page was opened with.');
  await opened.getByLabel('Top-k').fill('6'); // a setting of one's own: the settings no longer are the link's
  await expect(share(opened)).not.toContainText('come from the link');
  expect(errors).toEqual([]);
});

test('a link with bad values says which and why, and applies the rest; without a clipboard the link is shown', async ({
  page,
}) => {
  await page.addInitScript(() => Object.defineProperty(navigator, 'clipboard', { value: undefined }));
  await page.goto('/?preset=small&units=abc&lr=5&batch=16&faults');
  const alert = share(page).getByRole('alert');
  await expect(alert).toContainText('GRU units (units=abc) was ignored: it must be a whole number from 1 to 4096.');
  await expect(alert).toContainText('Learning rate (lr=5) was ignored: it must be a number from 1e-7 to 1.');
  await openSettings(page, 'Training settings');
  await expect(page.getByLabel('Preset')).toHaveValue('small');
  await expect(page.getByLabel('GRU units')).toHaveValue('256'); // the preset's
  await expect(page.getByLabel('Batch size')).toHaveValue('16');
  await expect(page).toHaveURL(/\?faults=?&preset=small&batch=16$/); // the bad values leave the address; the test flag stays
  await share(page).getByRole('button', { name: 'Copy link to these settings' }).click();
  await expect(share(page).getByRole('status')).toHaveText('The clipboard is not available: copy the link below.');
  await expect(share(page).getByLabel('Link to these settings')).toHaveValue(/\/\?preset=small&batch=16$/); // no test flag in a shared link
});
