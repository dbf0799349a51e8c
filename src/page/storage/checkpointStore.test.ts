import { describe, expect, it } from 'vitest';
import { crc32 } from './checksum';
import { CheckpointStore, idsToPrune, type StoredCheckpoint } from './checkpointStore';
import { memoryBackend } from './keyValue';
import { queueLock } from './storeLock';
import { bytesOf, summary } from '../../test/testCheckpoints';

const storeOn = (backend = memoryBackend()) => ({ backend, store: new CheckpointStore(backend, queueLock(true)) });

async function readBytes(store: CheckpointStore, id: string): Promise<Uint8Array> {
  const result = await store.read(id);
  if (result.status !== 'ok') throw new Error(`${id}: ${result.damage}`);
  return new Uint8Array(result.bytes);
}

describe('CheckpointStore', () => {
  it('saves, lists newest first and reads the same bytes back, with their length and CRC-32 in the index', async () => {
    const { store } = storeOn();
    await store.save(summary('a'), bytesOf(1));
    const list = await store.save(summary('b', 'auto'), bytesOf(2, 100));
    expect(list.map((s) => s.id)).toEqual(['b', 'a']);
    expect(list[0]).toMatchObject({ sizeBytes: 100, crc32: crc32(new Uint8Array(bytesOf(2, 100))) });
    expect(await readBytes(store, 'a')).toEqual(new Uint8Array(bytesOf(1)));
    expect((await store.list()).map((s) => s.id)).toEqual(['b', 'a']);
  });

  it('keeps every manual and import checkpoint but only the newest 3 automatic ones per run', async () => {
    const { store } = storeOn();
    await store.save(summary('m1', 'manual'), bytesOf(0));
    for (const [i, reason] of (['auto', 'pause', 'auto', 'stop', 'auto'] as const).entries()) {
      await store.save(summary(`x${i}`, reason), bytesOf(i));
    }
    await store.save(summary('other', 'auto', 'run-b'), bytesOf(9));
    await store.save(summary('imp', 'import'), bytesOf(8));
    expect((await store.list()).map((s) => s.id)).toEqual(['imp', 'other', 'x4', 'x3', 'x2', 'm1']);
    expect((await store.read('x0')).status).toBe('damaged');
  });

  it('never overwrites stored bytes in place', async () => {
    const { store } = storeOn();
    const a = summary('a');
    await store.save(a, bytesOf(1));
    await expect(store.save(a, bytesOf(2))).rejects.toThrow(/already stored/);
    expect(await readBytes(store, 'a')).toEqual(new Uint8Array(bytesOf(1)));
  });

  it('drops index entries without bytes and deletes bytes nothing lists', async () => {
    const { backend, store } = storeOn();
    await store.save(summary('a'), bytesOf(1));
    await store.save(summary('b'), bytesOf(2));
    backend.entries.delete('bytes:a'); // index entry left without bytes
    backend.entries.set('bytes:orphan', bytesOf(3)); // bytes written, index never switched
    expect((await store.list()).map((s) => s.id)).toEqual(['b']);
    expect([...backend.entries.keys()].sort()).toEqual(['bytes:b', 'index']);
  });

  it('keeps bytes nothing lists when other tabs may be saving (no lock shared across tabs)', async () => {
    const backend = memoryBackend();
    const store = new CheckpointStore(backend, queueLock(false));
    backend.entries.set('bytes:another-tab', bytesOf(3));
    await store.list();
    expect(backend.entries.has('bytes:another-tab')).toBe(true);
  });

  it('deletes: unlists, then removes the bytes', async () => {
    const { backend, store } = storeOn();
    await store.save(summary('a'), bytesOf(1));
    expect(await store.delete('a')).toEqual([]);
    expect([...backend.entries.keys()]).toEqual(['index']);
  });
});

describe('damaged checkpoints', () => {
  async function twoGenerations() {
    const setup = storeOn();
    await setup.store.save(summary('old', 'auto'), bytesOf(1));
    await setup.store.save(summary('other-run', 'auto', 'run-b'), bytesOf(2));
    await setup.store.save(summary('new', 'auto'), bytesOf(3));
    return setup;
  }

  it('detects a flipped byte, marks the entry and offers the previous generation of the same run', async () => {
    const { backend, store } = await twoGenerations();
    const tampered = new Uint8Array(backend.entries.get('bytes:new') as ArrayBuffer);
    tampered[10] ^= 0x01;
    const result = await store.read('new');
    expect(result).toMatchObject({ status: 'damaged', damage: 'checksum', previous: { id: 'old' } });
    const listed = await store.list();
    expect(listed.find((s) => s.id === 'new')?.damaged).toBe('checksum');
    expect(await readBytes(store, 'old')).toEqual(new Uint8Array(bytesOf(1)));
  });

  it('detects truncated bytes', async () => {
    const { backend, store } = await twoGenerations();
    backend.entries.set('bytes:new', bytesOf(3).slice(0, 40));
    expect(await store.read('new')).toMatchObject({ status: 'damaged', damage: 'truncated', previous: { id: 'old' } });
  });

  it('unlists a checkpoint whose bytes are gone, and offers nothing when the run has no older one', async () => {
    const { backend, store } = await twoGenerations();
    backend.entries.delete('bytes:old');
    const result = await store.read('old');
    expect(result).toMatchObject({ status: 'damaged', damage: 'missing', previous: null });
    expect((await store.list()).map((s) => s.id)).toEqual(['new', 'other-run']);
  });

  it('checks only the length of checkpoints stored before checksums existed', async () => {
    const { backend, store } = storeOn();
    await store.save(summary('legacy'), bytesOf(1));
    const [entry] = backend.entries.get('index') as StoredCheckpoint[];
    delete entry.crc32;
    expect(await readBytes(store, 'legacy')).toEqual(new Uint8Array(bytesOf(1)));
  });

  it('drops damaged automatic checkpoints at the next save; they do not count as a kept generation', async () => {
    const list = (['a', 'b', 'c', 'd'] as const).map(
      (id) => ({ ...summary(id, 'auto'), sizeBytes: 4 }) as StoredCheckpoint,
    );
    list[3].damaged = 'checksum'; // the newest
    expect(idsToPrune(list, 3).sort()).toEqual(['d']);
    list[0].damaged = 'truncated';
    expect(idsToPrune(list, 2).sort()).toEqual(['a', 'd']);
  });
});

describe('idsToPrune', () => {
  it('counts each run separately and ignores manual saves', () => {
    const list = [summary('1', 'auto'), summary('2', 'manual'), summary('3', 'auto'), summary('4', 'auto')];
    expect(idsToPrune(list, 2)).toEqual(['1']);
  });
});
