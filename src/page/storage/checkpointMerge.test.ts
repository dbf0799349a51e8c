import { describe, expect, it } from 'vitest';
import { CheckpointStore, mergeWithSameMoment } from './checkpointStore';
import { memoryBackend } from './keyValue';
import { queueLock } from './storeLock';
import { bytesOf, summary } from '../../test/testCheckpoints';
import type { CheckpointReason } from '../../shared/checkpoint/summary';

const store = () => new CheckpointStore(memoryBackend(), queueLock(true));
const at = (id: string, reason: CheckpointReason, step: number, runId = 'run-a') => ({
  ...summary(id, reason, runId),
  step,
  validationLoss: 2,
});

describe('one entry per save', () => {
  it('Pause then Save at the same step gives one entry, marked as saved by you', async () => {
    const s = store();
    await s.save(at('best', 'best', 20), bytesOf(1));
    await s.save(at('pause', 'pause', 26), bytesOf(2));
    const list = await s.save(at('manual', 'manual', 26), bytesOf(3));
    expect(list.map((c) => [c.id, c.reason])).toEqual([
      ['manual', 'manual'],
      ['best', 'best'],
    ]);
    expect((await s.read('pause')).status).toBe('damaged'); // its bytes are gone
  });

  it('a best snapshot or an autosave at the step of a manual save does not add an entry or weaken it', async () => {
    const s = store();
    await s.save(at('m', 'manual', 40), bytesOf(1));
    const list = await s.save(at('a', 'auto', 40), bytesOf(2));
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ reason: 'manual', name: 'ckpt m' });
  });

  it('keeps saves of other steps, other runs and imports apart', () => {
    const entries = [{ ...at('p', 'pause', 26), sizeBytes: 1 }];
    expect(mergeWithSameMoment(entries, { ...at('x', 'manual', 27), sizeBytes: 1 }).replaces).toBeNull();
    expect(mergeWithSameMoment(entries, { ...at('y', 'manual', 26, 'run-b'), sizeBytes: 1 }).replaces).toBeNull();
    expect(mergeWithSameMoment(entries, { ...at('z', 'import', 26), sizeBytes: 1 }).replaces).toBeNull();
    expect(mergeWithSameMoment(entries, { ...at('w', 'manual', 26), sizeBytes: 1 }).replaces).toBe('p');
  });

  it("merges only with the run's newest entry (an older one at that step may hold other weights)", () => {
    const entries = [
      { ...at('old', 'pause', 26), sizeBytes: 1 },
      { ...at('new', 'auto', 40), sizeBytes: 1 },
    ];
    expect(mergeWithSameMoment(entries, { ...at('m', 'manual', 26), sizeBytes: 1 }).replaces).toBeNull();
  });
});

describe('rename', () => {
  it('changes the listed name only', async () => {
    const s = store();
    await s.save(at('a', 'manual', 5), bytesOf(1));
    const list = await s.rename('a', 'My first run');
    expect(list[0].name).toBe('My first run');
    expect((await s.list())[0].name).toBe('My first run');
    expect((await s.read('a')).status).toBe('ok');
  });
});
