// Text that looks like markup stays text, and the production CSP holds while training and generating.
import { expect, test } from '@playwright/test';
import { status, waitForStep } from './helpers';

const HOSTILE = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script> & <b>bold</b>\n';

test('HTML in the corpus, the seed and the vocabulary is shown literally; no CSP violation', async ({ page }) => {
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto('/');
  await expect(page.locator('meta[http-equiv="Content-Security-Policy"]')).toHaveCount(1);
  await page.getByLabel('Paste text').fill(HOSTILE.repeat(60));
  await page.getByRole('button', { name: 'Use pasted text' }).click();
  await expect(page.locator('main')).toContainText('<img src=x onerror="window.__xss=1">');
  await page.getByLabel('Preset').selectOption('tiny');
  await page.getByLabel('Train for').selectOption('epochs'); // the preset's epochs, no plan
  await page.getByRole('button', { name: 'Start training' }).click();
  await waitForStep(page, 3);
  await page.getByRole('button', { name: 'Pause training' }).click();
  await expect(status(page)).toContainText('Paused');

  await page.getByLabel('Seed text').fill('<script>window.__xss=1</script><img src=y onerror="window.__xss=2">');
  await page.getByLabel('Length', { exact: true }).fill('80');
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
  const out = page.getByRole('region', { name: 'Generated text' });
  await expect(out).toContainText('<script>window.__xss=1</script><img src= onerror="window.__xss=2">');
  await expect(page.getByRole('button', { name: 'Generate', exact: true })).toBeEnabled();
  await expect(out.locator('img, script, b')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
});
