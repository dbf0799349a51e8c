// Checkpoints in IndexedDB: bytes under their own key, and one index listing their summaries.
// Bytes are written before the index and removed after it, so a crash leaves an orphan, never a broken list.
import type { CheckpointReason, CheckpointSummary } from '../worker/protocol';
import { indexedDbBackend, type KeyValueBackend } from './keyValue';

const INDEX_KEY = 'index';
const BYTES_PREFIX = 'bytes:';
/** Automatic saves kept per run; manual and imported checkpoints are always kept. */
export const KEEP_AUTOMATIC_PER_RUN = 3;
const AUTOMATIC: ReadonlySet<CheckpointReason> = new Set(['auto', 'pause', 'stop']);

const bytesKey = (id: string) => BYTES_PREFIX + id;

/** Newest first: by date, then by step for saves made in the same millisecond. */
export function newestFirst(a: CheckpointSummary, b: CheckpointSummary): number {
  return b.createdAt.localeCompare(a.createdAt) || b.step - a.step;
}

/** Ids of automatic checkpoints beyond the newest few of each run. */
export function idsToPrune(summaries: readonly CheckpointSummary[], keep = KEEP_AUTOMATIC_PER_RUN): string[] {
  const seenPerRun = new Map<string, number>();
  const prune: string[] = [];
  for (const s of [...summaries].sort(newestFirst)) {
    if (!AUTOMATIC.has(s.reason)) continue;
    const seen = (seenPerRun.get(s.runId) ?? 0) + 1;
    seenPerRun.set(s.runId, seen);
    if (seen > keep) prune.push(s.id);
  }
  return prune;
}

export class CheckpointStore {
  /** Operations run one at a time, so list()'s orphan sweep never sees a save between its two writes. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly backend: KeyValueBackend = indexedDbBackend('folio-checkpoints', 'checkpoints')) {}

  private serial<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.queue.then(operation);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async readIndex(): Promise<CheckpointSummary[]> {
    const index = await this.backend.get<CheckpointSummary[]>(INDEX_KEY);
    return Array.isArray(index) ? index : [];
  }

  /** Stores a checkpoint and applies retention; on failure the earlier checkpoints are untouched. */
  save(summary: CheckpointSummary, bytes: ArrayBuffer): Promise<CheckpointSummary[]> {
    return this.serial(async () => {
      await this.backend.set(bytesKey(summary.id), bytes);
      const index = (await this.readIndex()).filter((s) => s.id !== summary.id);
      const next = [summary, ...index];
      const prune = new Set(idsToPrune(next));
      const kept = next.filter((s) => !prune.has(s.id)).sort(newestFirst);
      try {
        await this.backend.set(INDEX_KEY, kept);
      } catch (error) {
        await this.backend.delete(bytesKey(summary.id)).catch(() => undefined);
        throw error;
      }
      for (const id of prune) await this.backend.delete(bytesKey(id)).catch(() => undefined);
      return kept;
    });
  }

  /** Summaries, newest first; drops entries whose bytes are gone and deletes bytes nothing lists. */
  list(): Promise<CheckpointSummary[]> {
    return this.serial(async () => {
      const [index, allKeys] = await Promise.all([this.readIndex(), this.backend.keys()]);
      const stored = new Set(allKeys.filter((k) => k.startsWith(BYTES_PREFIX)).map((k) => k.slice(BYTES_PREFIX.length)));
      const kept = index.filter((s) => stored.has(s.id)).sort(newestFirst);
      if (kept.length !== index.length) await this.backend.set(INDEX_KEY, kept);
      const listed = new Set(kept.map((s) => s.id));
      for (const id of stored) if (!listed.has(id)) await this.backend.delete(bytesKey(id));
      return kept;
    });
  }

  read(id: string): Promise<ArrayBuffer | undefined> {
    return this.serial(async () => {
      const value = await this.backend.get<unknown>(bytesKey(id));
      return value instanceof ArrayBuffer ? value : undefined;
    });
  }

  delete(id: string): Promise<CheckpointSummary[]> {
    return this.serial(async () => {
      const kept = (await this.readIndex()).filter((s) => s.id !== id).sort(newestFirst);
      await this.backend.set(INDEX_KEY, kept);
      await this.backend.delete(bytesKey(id));
      return kept;
    });
  }
}
