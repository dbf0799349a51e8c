// Checkpoints in IndexedDB: bytes under their own key, and one index listing each checkpoint's summary and checksum.
//
// A save writes the new bytes first, under a key nothing lists yet; then switches the index in one readwrite
// transaction; only then deletes the bytes retention dropped. A crash at any point leaves an index whose
// checkpoints are all complete, plus at worst bytes nothing lists (an orphan), which list() deletes.
// Reads check each checkpoint's length and CRC-32 against the index before anything uses the bytes.
import type { CheckpointReason, CheckpointSummary } from '../../shared/checkpoint/summary';
import { crc32 } from './checksum';
import { bestCheckpointIds } from '../../shared/checkpoint/bestCheckpoint';
import { openBackend, type KeyValueBackend } from './keyValue';
import { webLock, type StoreLock } from './storeLock';

const INDEX_KEY = 'index';
const BYTES_PREFIX = 'bytes:';
/** Automatic saves kept per run (at least two generations); manual and imported checkpoints are always kept. */
export const KEEP_AUTOMATIC_PER_RUN = 3;
const AUTOMATIC: ReadonlySet<CheckpointReason> = new Set(['auto', 'pause', 'stop']);

const bytesKey = (id: string) => BYTES_PREFIX + id;

/** What a read found wrong: no bytes, a different length than saved, or different contents. */
export type Damage = 'missing' | 'truncated' | 'checksum';

/** An index entry: what the list shows, and what a read checks the bytes against (sizeBytes is their exact length). */
export interface StoredCheckpoint extends CheckpointSummary {
  /** CRC-32 of the bytes; absent on checkpoints stored before checksums existed. */
  crc32?: number;
  /** Set once a read found the bytes damaged; the entry stays listed, marked, until deleted. */
  damaged?: Exclude<Damage, 'missing'>;
}

export type ReadResult =
  | { status: 'ok'; bytes: ArrayBuffer }
  /** `previous`: the newest undamaged older checkpoint of the same run; `checkpoints`: the list after marking. */
  | { status: 'damaged'; damage: Damage; previous: StoredCheckpoint | null; checkpoints: StoredCheckpoint[] };

/** Newest first: by date, then by step for saves made in the same millisecond. */
export function newestFirst(a: CheckpointSummary, b: CheckpointSummary): number {
  return b.createdAt.localeCompare(a.createdAt) || b.step - a.step;
}

/** Ids of damaged automatic checkpoints, and of good ones beyond the newest few of each run. */
export function idsToPrune(entries: readonly StoredCheckpoint[], keep = KEEP_AUTOMATIC_PER_RUN): string[] {
  const seenPerRun = new Map<string, number>();
  const prune: string[] = [];
  const best = bestCheckpointIds(entries.filter((s) => !s.damaged)); // each run's best is always kept
  for (const s of [...entries].sort(newestFirst)) {
    if (best.has(s.id)) continue;
    if (s.reason === 'best') prune.push(s.id); // superseded by a lower validation loss
    if (!AUTOMATIC.has(s.reason)) continue;
    const seen = (seenPerRun.get(s.runId) ?? 0) + (s.damaged ? 0 : 1);
    seenPerRun.set(s.runId, seen);
    if (s.damaged || seen > keep) prune.push(s.id);
  }
  return prune;
}

/** Stronger reasons win when two saves of one moment become one entry: a save you asked for stays yours. */
const REASON_RANK: Record<CheckpointReason, number> = { best: 0, auto: 1, pause: 2, stop: 3, manual: 4, import: 5 };

/**
 * One entry per moment of a run: a save at the step of the run's newest checkpoint holds the same weights
 * (nothing trained in between), so it replaces that entry, keeping its name and the stronger reason.
 * Returns the entry to store and the id it replaces, if any. Imports are never merged.
 */
export function mergeWithSameMoment(
  entries: readonly StoredCheckpoint[],
  entry: StoredCheckpoint,
): { entry: StoredCheckpoint; replaces: string | null } {
  if (entry.reason === 'import') return { entry, replaces: null };
  const newest = entries.filter((s) => s.runId === entry.runId && !s.damaged).sort(newestFirst)[0];
  if (!newest || newest.step !== entry.step || newest.reason === 'import') return { entry, replaces: null };
  const reason = REASON_RANK[newest.reason] > REASON_RANK[entry.reason] ? newest.reason : entry.reason;
  return { entry: { ...entry, name: newest.name, reason }, replaces: newest.id };
}

/** What is wrong with stored bytes, or null when they are what was saved. */
export function checkBytes(entry: StoredCheckpoint, value: unknown): Damage | null {
  if (!(value instanceof ArrayBuffer)) return 'missing';
  if (value.byteLength !== entry.sizeBytes) return 'truncated';
  if (entry.crc32 !== undefined && crc32(new Uint8Array(value)) !== entry.crc32) return 'checksum';
  return null;
}

/** The checkpoint to offer instead of a damaged one: the newest older undamaged one of the same run. */
export function previousGeneration(
  entries: readonly StoredCheckpoint[],
  of: StoredCheckpoint,
): StoredCheckpoint | null {
  const older = entries.filter((s) => s.id !== of.id && s.runId === of.runId && !s.damaged && newestFirst(of, s) < 0);
  return older.sort(newestFirst)[0] ?? null;
}

function asIndex(value: unknown): StoredCheckpoint[] {
  if (!Array.isArray(value)) return [];
  return value.filter((s): s is StoredCheckpoint => typeof s === 'object' && s !== null && typeof s.id === 'string');
}

export class CheckpointStore {
  constructor(
    private readonly backend: KeyValueBackend,
    /** Serialises every operation, across tabs where the browser can. */
    private readonly lock: StoreLock = webLock('folio-checkpoints'),
  ) {}

  private async readIndex(): Promise<StoredCheckpoint[]> {
    return asIndex(await this.backend.get<unknown>(INDEX_KEY)).sort(newestFirst);
  }

  /** Stores a checkpoint and applies retention; on failure the earlier checkpoints and the index are untouched. */
  save(summary: CheckpointSummary, bytes: ArrayBuffer): Promise<StoredCheckpoint[]> {
    const entry: StoredCheckpoint = { ...summary, sizeBytes: bytes.byteLength, crc32: crc32(new Uint8Array(bytes)) };
    return this.lock.run(async () => {
      if ((await this.readIndex()).some((s) => s.id === entry.id)) {
        throw new Error(`A checkpoint with id ${entry.id} is already stored; stored bytes are never overwritten.`);
      }
      await this.backend.set(bytesKey(entry.id), bytes); // 1. the new data
      let kept: StoredCheckpoint[] = [];
      let dropped: string[] = [];
      try {
        // 2. the pointer switch: read, change and write the index in one transaction
        await this.backend.update<unknown>(INDEX_KEY, (old) => {
          const merged = mergeWithSameMoment(asIndex(old), entry);
          const next = [merged.entry, ...asIndex(old).filter((s) => s.id !== merged.replaces)].sort(newestFirst);
          dropped = [...idsToPrune(next), ...(merged.replaces ? [merged.replaces] : [])];
          kept = next.filter((s) => !dropped.includes(s.id));
          return kept;
        });
      } catch (error) {
        await this.backend.delete(bytesKey(entry.id)).catch(() => undefined); // else list() removes it later
        throw error;
      }
      // 3. older generations go only now that the new one is complete and listed; left-overs are orphans
      for (const id of dropped) await this.backend.delete(bytesKey(id)).catch(() => undefined);
      return kept;
    });
  }

  /** Summaries, newest first; drops entries whose bytes are gone and deletes bytes nothing lists. */
  list(): Promise<StoredCheckpoint[]> {
    return this.lock.run(async () => {
      const [index, allKeys] = await Promise.all([this.readIndex(), this.backend.keys()]);
      const stored = new Set(
        allKeys.filter((k) => k.startsWith(BYTES_PREFIX)).map((k) => k.slice(BYTES_PREFIX.length)),
      );
      const gone = new Set(index.filter((s) => !stored.has(s.id)).map((s) => s.id));
      if (gone.size > 0)
        await this.backend.update<unknown>(INDEX_KEY, (old) => asIndex(old).filter((s) => !gone.has(s.id)));
      // Without a lock shared by all tabs, bytes not listed yet may be another tab's save in progress: keep them.
      if (this.lock.acrossTabs) {
        const listed = new Set(index.map((s) => s.id));
        for (const id of stored) if (!listed.has(id)) await this.backend.delete(bytesKey(id));
      }
      return index.filter((s) => !gone.has(s.id));
    });
  }

  /** The bytes, checked against the index; damage is recorded in the index and the previous generation named. */
  read(id: string): Promise<ReadResult> {
    return this.lock.run(async () => {
      const index = await this.readIndex();
      const entry = index.find((s) => s.id === id);
      const value = await this.backend.get<unknown>(bytesKey(id));
      if (!entry) return { status: 'damaged', damage: 'missing', previous: null, checkpoints: index };
      const damage = checkBytes(entry, value);
      if (damage === null) return { status: 'ok', bytes: value as ArrayBuffer };
      const mark = (s: StoredCheckpoint): StoredCheckpoint[] =>
        s.id !== id ? [s] : damage === 'missing' ? [] : [{ ...s, damaged: damage }];
      await this.backend.update<unknown>(INDEX_KEY, (old) => asIndex(old).flatMap(mark));
      const checkpoints = index.flatMap(mark);
      return { status: 'damaged', damage, previous: previousGeneration(checkpoints, entry), checkpoints };
    });
  }

  /** Gives a checkpoint a new name (its bytes keep the name they were saved under). */
  rename(id: string, name: string): Promise<StoredCheckpoint[]> {
    return this.lock.run(async () => {
      let kept: StoredCheckpoint[] = [];
      await this.backend.update<unknown>(
        INDEX_KEY,
        (old) =>
          (kept = asIndex(old)
            .map((s) => (s.id === id ? { ...s, name } : s))
            .sort(newestFirst)),
      );
      return kept;
    });
  }

  /** Unlists first, then deletes the bytes: a crash in between leaves an orphan, never a listed hole. */
  delete(id: string): Promise<StoredCheckpoint[]> {
    return this.lock.run(async () => {
      let kept: StoredCheckpoint[] = [];
      await this.backend.update<unknown>(
        INDEX_KEY,
        (old) =>
          (kept = asIndex(old)
            .filter((s) => s.id !== id)
            .sort(newestFirst)),
      );
      await this.backend.delete(bytesKey(id));
      return kept;
    });
  }
}

/** The page's store: IndexedDB, or memory for this tab when the browser refuses IndexedDB (`durable` false). */
export function openCheckpointStore(): { store: CheckpointStore; durable: Promise<boolean> } {
  const { backend, durable } = openBackend('folio-checkpoints', 'checkpoints');
  return { store: new CheckpointStore(backend), durable };
}
