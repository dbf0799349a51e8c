// Store operations run one at a time: within a tab by a promise queue, across tabs by a Web Lock where the
// browser has the Web Locks API (every current browser does). A save then never interleaves with a save or a
// clean-up in another tab.

export interface StoreLock {
  run<T>(operation: () => Promise<T>): Promise<T>;
  /** True when other tabs wait too; only then may a clean-up delete bytes that no index entry lists yet. */
  readonly acrossTabs: boolean;
}

/** A FIFO queue; `acrossTabs` is for tests that share one queue between several stores, as a browser shares a lock. */
export function queueLock(acrossTabs = false): StoreLock {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    acrossTabs,
    run<T>(operation: () => Promise<T>): Promise<T> {
      const result = tail.then(operation);
      tail = result.catch(() => undefined);
      return result;
    },
  };
}

/** The origin-wide Web Lock of this name, or a queue for this tab only where the API is missing. */
export function webLock(name: string): StoreLock {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (!locks) return queueLock(false);
  return {
    acrossTabs: true,
    // request() resolves with what the callback's promise resolves to; lib.dom types it one promise deeper.
    run: <T>(operation: () => Promise<T>) => locks.request(name, operation) as unknown as Promise<T>,
  };
}
