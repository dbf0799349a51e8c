import { describe, expect, it } from 'vitest';
import { memoryBackend, openBackend, type KeyValueBackend } from './keyValue';

function refusing(how: 'throws' | 'rejects' | 'hangs'): () => KeyValueBackend {
  const fail = () => {
    if (how === 'hangs') return new Promise<never>(() => undefined);
    return Promise.reject(new DOMException('The user denied permission to access the database.', 'UnknownError'));
  };
  return () => {
    if (how === 'throws') throw new DOMException('The operation is insecure.', 'SecurityError');
    return { get: fail, set: fail, update: fail, delete: fail, keys: fail };
  };
}

describe('openBackend', () => {
  it('uses IndexedDB when it answers', async () => {
    const durable = memoryBackend();
    const opened = openBackend('db', 'store', () => durable);
    await opened.backend.set('k', new Uint8Array([1, 2]).buffer);
    expect(await opened.durable).toBe(true);
    expect(durable.entries.has('k')).toBe(true);
  });

  for (const how of ['throws', 'rejects', 'hangs'] as const) {
    it(`falls back to memory for this tab when opening IndexedDB ${how}`, async () => {
      const opened = openBackend('db', 'store', refusing(how), 20);
      await opened.backend.set('k', 'v');
      await opened.backend.update<string>('k', (old) => `${old}!`);
      expect(await opened.backend.get('k')).toBe('v!');
      expect(await opened.durable).toBe(false);
    });
  }
});

describe('memoryBackend', () => {
  it('copies values in and out, as IndexedDB does', async () => {
    const backend = memoryBackend();
    const value = { list: [1] };
    await backend.set('k', value);
    value.list.push(2);
    const read = await backend.get<{ list: number[] }>('k');
    read!.list.push(3);
    expect(await backend.get('k')).toEqual({ list: [1] });
  });
});
