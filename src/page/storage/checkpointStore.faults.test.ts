// Faults a browser cannot produce on demand: full storage, aborted transactions, a tab that dies mid-save,
// and many saves racing from one or two tabs.
import { describe, expect, it } from 'vitest';
import { crc32 } from './checksum';
import { CheckpointStore, KEEP_AUTOMATIC_PER_RUN, type StoredCheckpoint } from './checkpointStore';
import { memoryBackend, type KeyValueBackend } from './keyValue';
import { queueLock } from './storeLock';
import { bytesOf, summary, withFaults, withJitter, type Operation } from '../../test/testCheckpoints';

const WRITES: ReadonlySet<Operation> = new Set(['set', 'update', 'delete']);

async function readBytes(store: CheckpointStore, id: string): Promise<Uint8Array> {
  const result = await store.read(id);
  if (result.status !== 'ok') throw new Error(`${id}: ${result.damage}`);
  return new Uint8Array(result.bytes);
}

/** Every listed checkpoint reads back exactly the bytes it was saved with, and nothing else is stored. */
async function expectConsistent(
  entries: Map<string, unknown>,
  store: CheckpointStore,
  saved: Map<string, ArrayBuffer>,
) {
  const listed = await store.list();
  for (const s of listed) expect(await readBytes(store, s.id)).toEqual(new Uint8Array(saved.get(s.id)!));
  expect([...entries.keys()].filter((k) => k !== 'index').sort()).toEqual(listed.map((s) => `bytes:${s.id}`).sort());
  return listed;
}

describe('a save that fails', () => {
  for (const [name, failing] of [
    ['the bytes write hits the quota', (op: Operation, key: string) => op === 'set' && key.startsWith('bytes:')],
    ['the index transaction aborts', (op: Operation) => op === 'update'],
  ] as const) {
    it(`keeps the previous checkpoint bit-identical when ${name}`, async () => {
      const backend = memoryBackend();
      let full = false;
      const store = new CheckpointStore(
        withFaults(backend, (op, key) => {
          if (full && failing(op, key))
            throw new DOMException('Quota exceeded', op === 'update' ? 'AbortError' : 'QuotaExceededError');
        }),
        queueLock(true),
      );
      const before = bytesOf(1);
      await store.save(summary('a'), before);
      full = true;
      await expect(store.save(summary('b'), bytesOf(2))).rejects.toBeInstanceOf(DOMException);
      full = false;
      expect((await store.list()).map((s) => s.id)).toEqual(['a']);
      expect(await readBytes(store, 'a')).toEqual(new Uint8Array(bytesOf(1)));
      expect([...backend.entries.keys()].sort()).toEqual(['bytes:a', 'index']);
    });
  }
});

describe('a tab that dies in the middle of a save', () => {
  it('loads the last complete checkpoint after a crash between the bytes and the index, and removes the orphan', async () => {
    const backend = memoryBackend();
    let dead = false;
    const tab = new CheckpointStore(
      withFaults(backend, (op) => {
        if (dead || op === 'update') throw ((dead = true), new Error('tab closed'));
      }),
      queueLock(true),
    );
    await new CheckpointStore(backend, queueLock(true)).save(summary('a'), bytesOf(1));
    await expect(tab.save(summary('b'), bytesOf(2))).rejects.toThrow('tab closed');
    expect(backend.entries.has('bytes:b')).toBe(true); // the orphan: written, never listed, not cleaned up

    const nextLoad = new CheckpointStore(backend, queueLock(true));
    expect((await nextLoad.list()).map((s) => s.id)).toEqual(['a']);
    expect(await readBytes(nextLoad, 'a')).toEqual(new Uint8Array(bytesOf(1)));
    expect([...backend.entries.keys()].sort()).toEqual(['bytes:a', 'index']);
  });

  it('leaves either the old or the new list, every entry complete, whichever write it dies before', async () => {
    // A full run of automatic saves, so the save that dies also prunes the oldest generation.
    for (let crashAt = 0; crashAt < 6; crashAt++) {
      const backend = memoryBackend();
      const saved = new Map<string, ArrayBuffer>();
      const setup = new CheckpointStore(backend, queueLock(true));
      for (let i = 0; i < KEEP_AUTOMATIC_PER_RUN; i++) {
        saved.set(`g${i}`, bytesOf(i));
        await setup.save(summary(`g${i}`, 'auto'), bytesOf(i));
      }
      let writes = 0;
      const dying = new CheckpointStore(
        withFaults(backend, (op) => {
          if (WRITES.has(op) && writes++ >= crashAt) throw new Error('tab closed');
        }),
        queueLock(true),
      );
      saved.set('new', bytesOf(9));
      await dying.save(summary('new', 'auto'), bytesOf(9)).catch(() => undefined);
      const ids = (await expectConsistent(backend.entries, new CheckpointStore(backend, queueLock(true)), saved)).map(
        (s) => s.id,
      );
      expect([
        ['g2', 'g1', 'g0'],
        ['new', 'g2', 'g1'],
      ]).toContainEqual(ids);
    }
  });
});

describe('saves racing', () => {
  const random = (() => {
    let seed = 7;
    return () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  })();

  async function race(stores: CheckpointStore[], backend: ReturnType<typeof memoryBackend>) {
    const saved = new Map<string, ArrayBuffer>();
    const made: StoredCheckpoint[] = [];
    const saves: Promise<unknown>[] = [];
    for (let i = 0; i < 60; i++) {
      const reason = i % 7 === 0 ? 'manual' : 'auto';
      const s = summary(`c${i}`, reason, `run-${i % 3}`);
      const bytes = bytesOf(i, 32 + i);
      saved.set(s.id, bytes);
      made.push({ ...s, sizeBytes: bytes.byteLength });
      saves.push(stores[i % stores.length].save(s, bytes));
    }
    await Promise.all(saves);
    const listed = await expectConsistent(backend.entries, stores[0], saved);
    for (const s of listed) expect(s.crc32).toBe(crc32(new Uint8Array(saved.get(s.id)!)));
    // Retention: every manual save, and the newest KEEP automatic saves of each run, nothing else.
    const expected = made.filter((s) => s.reason === 'manual').map((s) => s.id);
    for (const run of ['run-0', 'run-1', 'run-2']) {
      const autos = made.filter((s) => s.runId === run && s.reason === 'auto');
      expected.push(...autos.slice(-KEEP_AUTOMATIC_PER_RUN).map((s) => s.id));
    }
    expect(listed.map((s) => s.id).sort()).toEqual(expected.sort());
  }

  it('keeps the index equal to the stored bytes when one tab saves many at once', async () => {
    const backend = memoryBackend();
    await race([new CheckpointStore(withJitter(backend, random), queueLock(true))], backend);
  });

  it('keeps the index equal to the stored bytes when two tabs share the browser lock', async () => {
    const backend = memoryBackend();
    const lock = queueLock(true);
    const tab = (): CheckpointStore => new CheckpointStore(withJitter(backend, random), lock);
    await race([tab(), tab()], backend);
  });

  it('keeps the index equal to the stored bytes when two tabs have no shared lock (index updates are transactions)', async () => {
    const backend = memoryBackend();
    const tab = (b: KeyValueBackend): CheckpointStore => new CheckpointStore(withJitter(b, random), queueLock(false));
    await race([tab(backend), tab(backend)], backend);
  });
});
