// Shared steps for the e2e tests: serve fixtures instead of the network, read the status panel.
import { readFileSync } from 'node:fs';
import { expect, type Locator, type Page } from '@playwright/test';
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

/**
 * Types a number into a field, replacing its value, in either engine. In Firefox over BiDi, Playwright's fill
 * appends to a number input ("8" filled with "32" showed "832") and React's state kept the old value; clearing
 * the field and typing key by key reaches both.
 */
export async function fillNumber(field: Locator, value: string): Promise<void> {
  await field.fill('');
  await field.pressSequentially(value);
  await expect(field).toHaveValue(value);
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

/** Flips one byte of the newest checkpoint's stored data, behind folio's back; returns its name. */
export function damageNewestCheckpoint(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const ask = <T>(r: IDBRequest<T>) =>
      new Promise<T>(
        (resolve, reject) => ((r.onsuccess = () => resolve(r.result)), (r.onerror = () => reject(r.error))),
      );
    const db = await ask(indexedDB.open('folio-checkpoints'));
    const read = db.transaction('checkpoints').objectStore('checkpoints');
    const [newest] = (await ask(read.get('index'))) as { id: string; name: string }[];
    const bytes = new Uint8Array((await ask(read.get(`bytes:${newest.id}`))) as ArrayBuffer);
    bytes[bytes.length - 3] ^= 0x40;
    await ask(
      db.transaction('checkpoints', 'readwrite').objectStore('checkpoints').put(bytes.buffer, `bytes:${newest.id}`),
    );
    db.close();
    return newest.name;
  });
}

export const runPlan = (page: Page) => page.getByRole('region', { name: 'Run plan' });

/** The status panel and the Run plan say WebGPU runs on the processor (`name`: SwiftShader, lavapipe…). */
export async function expectSoftwareAdapterWords(page: Page, name: string): Promise<void> {
  const words = `WebGPU runs on the processor here (${name}), not on a GPU, so training is much slower than on a GPU.`;
  for (const region of [status(page), runPlan(page)]) {
    await expect(region).toContainText(words);
    await expect(region).toContainText(/another browser.*flag.*GPU driver/);
  }
}
