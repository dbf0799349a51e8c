import { describe, expect, it } from 'vitest';
import type { CheckpointReason, CheckpointSummary } from '../worker/protocol';
import { CheckpointStore, idsToPrune } from './checkpointStore';
import { describeStorageError, memoryBackend } from './keyValue';

let clock = 0;
function summary(id: string, reason: CheckpointReason, runId = 'run-a'): CheckpointSummary {
  clock += 1;
  return {
    id,
    name: `ckpt ${id}`,
    runId,
    reason,
    step: clock * 10,
    trainLoss: 2,
    validationLoss: null,
    createdAt: new Date(Date.UTC(2025, 0, 1, 0, 0, clock)).toISOString(),
    sizeBytes: 4,
    model: { vocabSize: 3, embeddingDim: 2, units: 2 },
    textName: 'tiny.txt',
  };
}
const bytes = (n: number) => new Uint8Array([n, n, n, n]).buffer;

describe('CheckpointStore', () => {
  it('saves, lists newest first and reads the bytes back', async () => {
    const store = new CheckpointStore(memoryBackend());
    await store.save(summary('a', 'manual'), bytes(1));
    await store.save(summary('b', 'auto'), bytes(2));
    expect((await store.list()).map((s) => s.id)).toEqual(['b', 'a']);
    expect(new Uint8Array((await store.read('a'))!)).toEqual(new Uint8Array([1, 1, 1, 1]));
  });

  it('keeps every manual and import checkpoint but only the newest 3 automatic ones per run', async () => {
    const store = new CheckpointStore(memoryBackend());
    await store.save(summary('m1', 'manual'), bytes(0));
    for (const [i, reason] of (['auto', 'pause', 'auto', 'stop', 'auto'] as const).entries()) {
      await store.save(summary(`x${i}`, reason), bytes(i));
    }
    await store.save(summary('other', 'auto', 'run-b'), bytes(9));
    await store.save(summary('imp', 'import'), bytes(8));
    const ids = (await store.list()).map((s) => s.id);
    expect(ids).toEqual(['imp', 'other', 'x4', 'x3', 'x2', 'm1']);
    expect(await store.read('x0')).toBeUndefined();
  });

  it('drops index entries without bytes and deletes bytes nothing lists', async () => {
    const backend = memoryBackend();
    const store = new CheckpointStore(backend);
    await store.save(summary('a', 'manual'), bytes(1));
    await store.save(summary('b', 'manual'), bytes(2));
    backend.entries.delete('bytes:a'); // index entry left without bytes
    backend.entries.set('bytes:orphan', bytes(3)); // bytes written, index never updated
    expect((await store.list()).map((s) => s.id)).toEqual(['b']);
    expect([...backend.entries.keys()].sort()).toEqual(['bytes:b', 'index']);
  });

  it('keeps the earlier checkpoints when storage is full', async () => {
    const backend = memoryBackend();
    const store = new CheckpointStore(backend);
    await store.save(summary('a', 'manual'), bytes(1));
    const full = new DOMException('full', 'QuotaExceededError');
    backend.set = async () => {
      throw full;
    };
    await expect(store.save(summary('b', 'manual'), bytes(2))).rejects.toBe(full);
    expect((await store.list()).map((s) => s.id)).toEqual(['a']);
    expect(describeStorageError(full, 'save the checkpoint')).toMatch(/storage is full.*delete old ones/);
  });

  it('removes the bytes of a failed index write, and deletes', async () => {
    const backend = memoryBackend();
    const store = new CheckpointStore(backend);
    await store.save(summary('a', 'manual'), bytes(1));
    const set = backend.set;
    backend.set = async (key, value) => {
      if (key === 'index') throw new Error('disk error');
      return set(key, value);
    };
    await expect(store.save(summary('b', 'manual'), bytes(2))).rejects.toThrow('disk error');
    expect(backend.entries.has('bytes:b')).toBe(false);
    backend.set = set;
    expect(await store.delete('a')).toEqual([]);
    expect([...backend.entries.keys()]).toEqual(['index']);
  });
});

describe('idsToPrune', () => {
  it('counts each run separately and ignores manual saves', () => {
    const list = [summary('1', 'auto'), summary('2', 'manual'), summary('3', 'auto'), summary('4', 'auto')];
    expect(idsToPrune(list, 2)).toEqual(['1']);
  });
});
