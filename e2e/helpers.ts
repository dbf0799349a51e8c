// Shared steps for the e2e tests: serve fixtures instead of the network, read the status panel.
import { readFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';
import { SHAKESPEARE_URL } from './browser';

export const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

/** Answers the Tiny Shakespeare URL with a small fixture corpus of our own; counts the requests. */
export async function serveShakespeareFixture(page: Page): Promise<{ requests: number }> {
  const counter = { requests: 0 };
  await page.route(SHAKESPEARE_URL, (route) => {
    counter.requests++;
    return route.fulfill({ status: 200, contentType: 'text/plain; charset=utf-8', body: fixture('watchmen.txt') });
  });
  return counter;
}

export const status = (page: Page) => page.getByRole('region', { name: 'Training status' });

/** A number shown in the status panel after its label, e.g. "Step: 1,234". */
export async function statusNumber(page: Page, label: string): Promise<number> {
  const text = (await status(page).textContent()) ?? '';
  const match = new RegExp(`${label}:\\s*([\\d,.]+)`).exec(text);
  return match ? Number(match[1].replace(/,/g, '')) : NaN;
}

export async function waitForStep(page: Page, atLeast: number, timeout = 180_000): Promise<void> {
  await expect.poll(() => statusNumber(page, 'Step'), { timeout, intervals: [250] }).toBeGreaterThanOrEqual(atLeast);
}

/** Collects every CSP violation and page error, to assert none happened. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text())) errors.push(`csp: ${m.text()}`);
  });
  return errors;
}

/** Settings behind disclosures (<details>) in the page, by their summary. */
export type Settings =
  | 'Training settings'
  | 'Schedule, samples and early stopping'
  | 'Backend and kernels'
  | 'Decoding settings'
  | 'Character histogram and rare characters'
  | 'Time estimate';

/** Opens these disclosures (they start collapsed; Playwright fills only visible fields); open ones stay open. */
export async function openSettings(page: Page, ...names: Settings[]): Promise<void> {
  for (const name of names) {
    const details = page.locator('details').filter({ has: page.locator(':scope > summary', { hasText: name }) });
    await expect(details).toHaveCount(1);
    if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open)))
      await details.locator(':scope > summary').click();
    await expect(details).toHaveAttribute('open', '');
  }
}

/**
 * Trains until `steps` with the form as it is, then stops (which saves an "on stop" checkpoint); returns the
 * step it stopped at. Until the new run reports, the status still shows the last run's step: a second run
 * must wait for more steps than the first one stopped at.
 */
export async function trainBriefly(page: Page, steps: number): Promise<number> {
  await page.getByLabel('Train for').selectOption('epochs'); // the settings' epochs, no plan
  await page.getByRole('button', { name: 'Start training' }).click();
  await waitForStep(page, steps);
  await page.getByRole('button', { name: 'Stop training' }).click();
  await expect(page.getByRole('region', { name: 'Training status' })).toContainText('Stopped');
  return statusNumber(page, 'Step');
}
