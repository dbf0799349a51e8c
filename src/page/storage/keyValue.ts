// The few key-value operations the stores need, so they run on IndexedDB in the page and on a Map in tests.
import { createStore, del, get, keys, set, update } from 'idb-keyval';

export interface KeyValueBackend {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  /** Reads, changes and writes one key in a single transaction, so two tabs cannot interleave the read and the write. */
  update<T>(key: string, change: (old: T | undefined) => T): Promise<void>;
  delete(key: string): Promise<void>;
  keys(): Promise<string[]>;
}

/**
 * One IndexedDB database per store: idb-keyval cannot add a second object store to an existing database.
 * The database opens on first use; every failure (no IndexedDB at all, an open that throws or fails) is a rejection.
 */
export function indexedDbBackend(dbName: string, storeName: string): KeyValueBackend {
  let store: ReturnType<typeof createStore> | undefined;
  const use = () => (store ??= createStore(dbName, storeName));
  return {
    get: async <T>(key: string) => get<T>(key, use()),
    set: async (key, value) => set(key, value, use()),
    update: async <T>(key: string, change: (old: T | undefined) => T) => update<T>(key, change, use()),
    delete: async (key) => del(key, use()),
    keys: async () => (await keys(use())).filter((k): k is string => typeof k === 'string'),
  };
}

/** A Map that copies values in and out (structured clone), as IndexedDB does, so callers share no objects with it. */
export function memoryBackend(): KeyValueBackend & { readonly entries: Map<string, unknown> } {
  const entries = new Map<string, unknown>();
  const copy = <T>(value: T): T => (value === undefined ? value : structuredClone(value));
  return {
    entries,
    get: async <T>(key: string) => copy(entries.get(key) as T | undefined),
    set: async (key, value) => void entries.set(key, copy(value)),
    // No await between the read and the write: atomic, like the IndexedDB transaction.
    update: async <T>(key: string, change: (old: T | undefined) => T) =>
      void entries.set(key, copy(change(copy(entries.get(key) as T | undefined)))),
    delete: async (key) => void entries.delete(key),
    keys: async () => [...entries.keys()],
  };
}

export interface OpenedBackend {
  backend: KeyValueBackend;
  /** True when data outlives the tab (IndexedDB opened); false when it lives in memory only. */
  durable: Promise<boolean>;
}

/** How long an IndexedDB open may take before folio gives up on it (some private modes never answer). */
export const OPEN_TIMEOUT_MS = 10_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

/**
 * IndexedDB when the browser lets the page open it, else a Map that lasts as long as the tab, so the app
 * still trains and exports (some private modes refuse IndexedDB). Usable at once; calls wait for the probe.
 */
export function openBackend(
  dbName: string,
  storeName: string,
  durableBackend: () => KeyValueBackend = () => indexedDbBackend(dbName, storeName),
  timeoutMs = OPEN_TIMEOUT_MS,
): OpenedBackend {
  const chosen = (async () => {
    try {
      const backend = durableBackend();
      await withTimeout(backend.keys(), timeoutMs);
      return { backend, durable: true };
    } catch {
      return { backend: memoryBackend() as KeyValueBackend, durable: false };
    }
  })();
  const backend: KeyValueBackend = {
    get: async <T>(key: string) => (await chosen).backend.get<T>(key),
    set: async (key, value) => (await chosen).backend.set(key, value),
    update: async <T>(key: string, change: (old: T | undefined) => T) => (await chosen).backend.update<T>(key, change),
    delete: async (key) => (await chosen).backend.delete(key),
    keys: async () => (await chosen).backend.keys(),
  };
  return { backend, durable: chosen.then((c) => c.durable) };
}
