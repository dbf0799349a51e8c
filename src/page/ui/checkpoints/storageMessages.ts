// Storage failures, damaged checkpoints and refused imports, in words a person can act on.
import { MAX_CHECKPOINT_BYTES } from '../../../shared/checkpoint/checkpointFile';
import type { Damage, StoredCheckpoint } from '../../storage/checkpointStore';
import { formatBytes, formatCount } from '../common/format';
import { errorText } from '../../../shared/errors';

export interface SpaceEstimate {
  usage?: number;
  quota?: number;
}
export type EstimateSpace = () => Promise<SpaceEstimate | undefined>;

const browserEstimate: EstimateSpace = async () => navigator.storage?.estimate?.();

const errorName = (error: unknown) => (error instanceof Error || error instanceof DOMException ? error.name : '');

const nearlyFull = (space: SpaceEstimate | undefined) =>
  space?.usage !== undefined && !!space.quota && space.usage >= 0.9 * space.quota;

/** A quota error, or a transaction aborted (or failed unexplained) while storage is nearly full. */
export function isStorageFull(error: unknown, space: SpaceEstimate | undefined): boolean {
  const name = errorName(error);
  if (name === 'QuotaExceededError') return true;
  return (name === 'AbortError' || name === 'UnknownError') && nearlyFull(space);
}

/** A storage failure other than a full disk. */
export function describeStorageError(error: unknown, action: string): string {
  const detail = errorText(error);
  return `Could not ${action}: the browser's storage refused (${detail}). Your earlier checkpoints are unchanged. Try again; if it keeps failing, export the checkpoints you want to keep.`;
}

/** Why a save failed; when storage is full, with the space used and available from navigator.storage.estimate(). */
export async function describeSaveFailure(
  error: unknown,
  what: string,
  estimate: EstimateSpace = browserEstimate,
): Promise<string> {
  const space = await estimate().catch(() => undefined);
  if (!isStorageFull(error, space)) return describeStorageError(error, `save ${what}`);
  const after = 'Delete or export old checkpoints, then save again. Your earlier checkpoints are unchanged.';
  if (space?.usage === undefined || !space.quota) return `Browser storage is full, so ${what} was not saved. ${after}`;
  const used = formatBytes(space.usage);
  if (nearlyFull(space))
    return `Browser storage is full (${used} of ${formatBytes(space.quota)} used), so ${what} was not saved. ${after}`;
  // Private windows report a made-up quota, and a full disk refuses writes long before the quota is reached.
  return (
    `Browser storage is full: the browser refused to store ${what} (folio uses ${used}; the disk itself may be full). ` +
    `Delete or export old checkpoints, or free disk space, then save again. Your earlier checkpoints are unchanged.`
  );
}

const DAMAGE_WORDS: Record<Damage, string> = {
  missing: 'its stored data is gone',
  truncated: 'its stored data is not the length it was saved with (cut short or overwritten)',
  checksum: 'its stored data no longer matches the checksum taken when it was saved',
};

/** A checkpoint that failed its check on load or export, and what to do instead. */
export function describeDamage(
  name: string,
  damage: Damage,
  previous: StoredCheckpoint | null,
  action: 'load' | 'export',
): string {
  const listing = damage === 'missing' ? 'It was removed from the list.' : 'It is marked damaged in the list.';
  const next = previous
    ? `Load “${previous.name}” (step ${formatCount(previous.step)}), the previous checkpoint of this run, instead.`
    : 'There is no earlier checkpoint of this run: load another checkpoint, or train again.';
  return `Checkpoint “${name}” is damaged: ${DAMAGE_WORDS[damage]}, so folio did not ${action} it. ${listing} ${next}`;
}

/** Refuses a file over the checkpoint size cap by its size alone, before a byte of it is read. */
export function importSizeProblem(file: Pick<File, 'name' | 'size'>, max = MAX_CHECKPOINT_BYTES): string | null {
  if (file.size <= max) return null;
  const mb = (n: number) => `${formatCount(Math.ceil(n / 2 ** 20))} MB`;
  return `“${file.name}” is ${mb(file.size)}, over the ${mb(max)} limit for checkpoints, so it was not read. Choose a checkpoint exported from folio.`;
}
