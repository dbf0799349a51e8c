// Checkpoints in Firefox's IndexedDB: the list survives a reload, and a checkpoint damaged on disk is refused
// with its message (the previous one of the run offered instead).
import { expect, test } from '@playwright/test';
import { damageNewestCheckpoint, statusNumber, waitForStep } from '../helpers';
import { checkpoints, openWithText, pause, saveByHand } from '../savedState';

test('firefox: the checkpoint list survives a reload, and a checkpoint damaged on disk is refused with its message', async ({
  page,
}) => {
  await openWithText(page, 'webgpu');
  await page.getByRole('button', { name: 'Start training' }).click();
  await waitForStep(page, 2);
  await pause(page);
  const first = await statusNumber(page, 'Step');
  await saveByHand(page, first);
  await page.getByRole('button', { name: 'Resume training' }).click();
  await waitForStep(page, first + 2);
  await pause(page);
  await saveByHand(page, await statusNumber(page, 'Step'));
  const items = checkpoints(page).getByRole('listitem');
  const listed = await items.allTextContents();
  expect(listed.length).toBeGreaterThanOrEqual(2);

  await page.reload();
  await expect(items).toHaveCount(listed.length);
  expect((await items.allTextContents()).map((t) => t.replace(/Loaded/g, ''))).toEqual(
    listed.map((t) => t.replace(/Loaded/g, '')),
  );

  const damagedName = await damageNewestCheckpoint(page);
  await items.first().getByRole('button', { name: 'Load' }).click();
  const alert = page.getByRole('alert').filter({ hasText: `Checkpoint “${damagedName}” is damaged` });
  await expect(alert).toContainText('checksum');
  await expect(items.first()).toContainText('Damaged');
  await expect(items.first().getByRole('button', { name: 'Load' })).toBeDisabled();
  // The previous checkpoint of the run is offered instead, and loads.
  const previousStep = Number(/Step ([\d,]+) ·/.exec(listed[1])![1].replace(/,/g, ''));
  await alert.getByRole('button', { name: /^Load “.*” instead$/ }).click();
  await expect.poll(() => statusNumber(page, 'Step')).toBe(previousStep);
});
