import { describe, expect, it } from 'vitest';
import { MAX_CHECKPOINT_BYTES } from '../../../shared/checkpoint/checkpointFile';
import type { StoredCheckpoint } from '../../storage/checkpointStore';
import { describeDamage, describeSaveFailure, importSizeProblem, isStorageFull } from './storageMessages';

const MB = 2 ** 20;
const space = (usage: number, quota: number) => async () => ({ usage, quota });

describe('describeSaveFailure', () => {
  it('says storage is full, with the space used and available, and what to do', async () => {
    const message = await describeSaveFailure(
      new DOMException('quota', 'QuotaExceededError'),
      'checkpoint “x”',
      space(48 * MB, 50 * MB),
    );
    expect(message).toBe(
      'Browser storage is full (48 MB of 50 MB used), so checkpoint “x” was not saved. Delete or export old checkpoints, ' +
        'then save again. Your earlier checkpoints are unchanged.',
    );
  });

  it('reads an aborted transaction as full storage only when storage is nearly full', async () => {
    const aborted = new DOMException('aborted', 'AbortError');
    expect(await describeSaveFailure(aborted, 'it', space(49 * MB, 50 * MB))).toMatch(
      /^Browser storage is full \(49 MB of 50 MB used\)/,
    );
    expect(await describeSaveFailure(aborted, 'it', space(1 * MB, 50 * MB))).toMatch(
      /^Could not save it: the browser's storage refused \(aborted\)/,
    );
    expect(isStorageFull(aborted, undefined)).toBe(false);
  });

  it('says storage is full when the browser refuses a write far below the quota it reports (a full disk)', async () => {
    const message = await describeSaveFailure(
      new DOMException('quota', 'QuotaExceededError'),
      'it',
      space(230 * 1024, 10 * 2 ** 30),
    );
    expect(message).toMatch(
      /^Browser storage is full: the browser refused to store it \(folio uses 230 KB; the disk itself may be full\)\./,
    );
  });

  it('still says storage is full when the browser cannot estimate the space', async () => {
    const message = await describeSaveFailure(new DOMException('q', 'QuotaExceededError'), 'it', async () => {
      throw new Error('no estimate');
    });
    expect(message).toMatch(/^Browser storage is full, so it was not saved\./);
  });
});

describe('describeDamage', () => {
  it('names the damaged checkpoint and the one to load instead', () => {
    const previous = { name: 'run · step 40', step: 40 } as StoredCheckpoint;
    const message = describeDamage('run · step 60', 'checksum', previous, 'load');
    expect(message).toMatch(/^Checkpoint “run · step 60” is damaged: .*checksum.*, so folio did not load it\./);
    expect(message).toMatch(/Load “run · step 40” \(step 40\), the previous checkpoint of this run, instead\.$/);
    expect(describeDamage('x', 'missing', null, 'export')).toMatch(
      /removed from the list\. There is no earlier checkpoint/,
    );
  });
});

describe('importSizeProblem', () => {
  it('refuses a file over the cap by its size alone', () => {
    expect(importSizeProblem({ name: 'ok.safetensors', size: MAX_CHECKPOINT_BYTES })).toBeNull();
    expect(importSizeProblem({ name: 'big.safetensors', size: MAX_CHECKPOINT_BYTES + 1 })).toBe(
      '“big.safetensors” is 1,025 MB, over the 1,024 MB limit for checkpoints, so it was not read. Choose a checkpoint exported from folio.',
    );
  });
});
