// Each run's best checkpoint: the lowest validation loss. A checkpoint lists the run's latest validation loss,
// so later saves without a new evaluation repeat it; on a tie the earliest step is the one evaluated.
import type { CheckpointSummary } from './summary';

type Ranked = Pick<CheckpointSummary, 'id' | 'runId' | 'step' | 'validationLoss' | 'reason'>;

function better(a: Ranked, b: Ranked): boolean {
  if (a.validationLoss! !== b.validationLoss!) return a.validationLoss! < b.validationLoss!;
  if (a.step !== b.step) return a.step < b.step;
  return a.reason === 'best' && b.reason !== 'best';
}

/** runId -> its best checkpoint; runs without a validation loss have none. */
export function bestCheckpointsByRun<T extends Ranked>(checkpoints: readonly T[]): Map<string, T> {
  const best = new Map<string, T>();
  for (const c of checkpoints) {
    if (c.validationLoss === null || !Number.isFinite(c.validationLoss)) continue;
    const current = best.get(c.runId);
    if (!current || better(c, current)) best.set(c.runId, c);
  }
  return best;
}

export function bestCheckpointIds(checkpoints: readonly Ranked[]): Set<string> {
  return new Set([...bestCheckpointsByRun(checkpoints).values()].map((c) => c.id));
}
