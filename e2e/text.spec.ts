// Text files a person might try: too big, binary, invalid UTF-8, too short, Windows line endings.
import { writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';

const textAlert = (page: import('@playwright/test').Page) => page.getByRole('alert');

test('a text over 50 MB is cut to its first 50 MB with a notice, and the page stays responsive', async ({
  page,
}, testInfo) => {
  await page.goto('/');
  const line = 'All the world is a stage, and we are merely players upon it.\n';
  const size = 60 * 1024 * 1024;
  const buffer = Buffer.alloc(size);
  for (let at = 0; at < size; at += line.length) buffer.write(line, at, 'utf8');
  const path = testInfo.outputPath('huge.txt');
  writeFileSync(path, buffer);
  await page.getByLabel('Training text').setInputFiles(path);
  await expect(page.getByRole('list', { name: 'Notices' })).toContainText(
    /larger than 50 MB; folio uses its first 50 MB/,
  );
  await expect(page.locator('main')).toContainText(/Characters:\s*52,428,8\d\d/);
  // The page answered clicks all along: a control still works.
  await page.getByLabel('Preset').selectOption('small');
  await page.getByLabel('Train for').selectOption('epochs'); // the preset's epochs, no plan
  await expect(page.getByLabel('GRU units')).toHaveValue('256');
});

test('binary, invalid UTF-8 and too-short texts are refused with a message saying what to do', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Training text').setInputFiles({
    name: 'photo.png',
    mimeType: 'image/png',
    buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
  });
  await expect(textAlert(page).filter({ hasText: /binary data/ })).toBeVisible();
  await page.getByLabel('Training text').setInputFiles({
    name: 'latin1.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6f, 0x6b]),
  });
  await expect(textAlert(page).filter({ hasText: /not valid UTF-8/ })).toBeVisible();
  await page.getByLabel('Paste text').fill('too short');
  await page.getByRole('button', { name: 'Use pasted text' }).click();
  await page.getByLabel('Preset').selectOption('tiny');
  await page.getByLabel('Train for').selectOption('epochs'); // the preset's epochs, no plan
  await expect(page.getByText(/too short for one window/).first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Start training' })).toBeDisabled();
});

test('a Windows file with a BOM loads with LF line endings and no BOM in the vocabulary', async ({ page }) => {
  await page.goto('/');
  const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('one\r\ntwo\r\nthree\r\n'.repeat(50))]);
  await page.getByLabel('Training text').setInputFiles({ name: 'windows.txt', mimeType: 'text/plain', buffer: body });
  // o n e t w h r \n: 8 distinct characters, no \r and no U+FEFF
  await expect(page.locator('main')).toContainText(/Distinct characters:\s*8(?!\d)/);
  await expect(page.locator('main')).toContainText(/Characters:\s*700(?!\d)/);
});
