// Fixtures for the store tests: summaries with increasing dates, recognisable bytes, and backends with faults.
import type { CheckpointReason, CheckpointSummary } from '../shared/checkpoint/summary';
import type { KeyValueBackend } from '../page/storage/keyValue';

let clock = 0;

export function summary(id: string, reason: CheckpointReason = 'manual', runId = 'run-a'): CheckpointSummary {
  clock += 1;
  return {
    id,
    name: `ckpt ${id}`,
    runId,
    reason,
    step: clock * 10,
    trainLoss: 2,
    validationLoss: null,
    createdAt: new Date(Date.UTC(2025, 0, 1, 0, 0, 0, clock)).toISOString(),
    sizeBytes: 0, // the store records the real length
    model: { vocabSize: 3, embeddingDim: 2, units: 2 },
    textName: 'tiny.txt',
  };
}

/** 64 bytes that differ from every other seed's. */
export function bytesOf(seed: number, length = 64): ArrayBuffer {
  return new Uint8Array(length).map((_, i) => (seed * 131 + i * 7) & 0xff).buffer;
}

export type Operation = 'get' | 'set' | 'update' | 'delete' | 'keys';

/** Wraps a backend; `fault` may throw before an operation runs (a failed write, or a tab that died). */
export function withFaults(base: KeyValueBackend, fault: (op: Operation, key: string) => void): KeyValueBackend {
  return {
    get: async <T>(key: string) => (fault('get', key), base.get<T>(key)),
    set: async (key, value) => (fault('set', key), base.set(key, value)),
    update: async <T>(key: string, change: (old: T | undefined) => T) => (
      fault('update', key),
      base.update<T>(key, change)
    ),
    delete: async (key) => (fault('delete', key), base.delete(key)),
    keys: async () => (fault('keys', ''), base.keys()),
  };
}

/** A backend whose every operation first waits a random 0–3 ms, so concurrent callers interleave. */
export function withJitter(base: KeyValueBackend, random: () => number): KeyValueBackend {
  const wait = () => new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 4)));
  return {
    get: async <T>(key: string) => (await wait(), base.get<T>(key)),
    set: async (key, value) => (await wait(), base.set(key, value)),
    update: async <T>(key: string, change: (old: T | undefined) => T) => (await wait(), base.update<T>(key, change)),
    delete: async (key) => (await wait(), base.delete(key)),
    keys: async () => (await wait(), base.keys()),
  };
}
