// The few key-value operations the stores need, so they run on IndexedDB in the page and on a Map in tests.
import { createStore, del, get, keys, set } from 'idb-keyval';

export interface KeyValueBackend {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
  keys(): Promise<string[]>;
}

/** One IndexedDB database per store: idb-keyval cannot add a second object store to an existing database. */
export function indexedDbBackend(dbName: string, storeName: string): KeyValueBackend {
  const store = createStore(dbName, storeName);
  return {
    get: <T>(key: string) => get<T>(key, store),
    set: (key, value) => set(key, value, store),
    delete: (key) => del(key, store),
    keys: async () => (await keys(store)).filter((k): k is string => typeof k === 'string'),
  };
}

export function memoryBackend(): KeyValueBackend & { readonly entries: Map<string, unknown> } {
  const entries = new Map<string, unknown>();
  return {
    entries,
    get: async <T>(key: string) => entries.get(key) as T | undefined,
    set: async (key, value) => void entries.set(key, value),
    delete: async (key) => void entries.delete(key),
    keys: async () => [...entries.keys()],
  };
}

/** A storage failure in words a person can act on. */
export function describeStorageError(error: unknown, action: string): string {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  if (name === 'QuotaExceededError') {
    return (
      `Could not ${action}: this site's browser storage is full. Export checkpoints you want to keep, ` +
      `delete old ones, then try again. Your earlier checkpoints are unchanged.`
    );
  }
  const detail = error instanceof Error ? error.message : String(error);
  return `Could not ${action}: the browser's storage refused (${detail}). Your earlier checkpoints are unchanged.`;
}
