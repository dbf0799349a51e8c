import { describe, expect, it } from 'vitest';
import type { CheckpointReason } from './summary';
import { bestCheckpointIds, bestCheckpointsByRun } from './bestCheckpoint';
import { idsToPrune } from '../../page/storage/checkpointStore';

const c = (
  id: string,
  step: number,
  validationLoss: number | null,
  reason: CheckpointReason = 'auto',
  runId = 'a',
) => ({ id, runId, step, validationLoss, reason });

describe('bestCheckpointsByRun', () => {
  it('picks the lowest validation loss of each run', () => {
    const best = bestCheckpointsByRun([c('1', 10, 2.5), c('2', 20, 2.1), c('3', 30, 2.3), c('4', 10, 3, 'auto', 'b')]);
    expect(best.get('a')?.id).toBe('2');
    expect(best.get('b')?.id).toBe('4');
  });

  it('prefers the earliest step on a tie: later saves only repeat the last evaluation', () => {
    expect(bestCheckpointIds([c('pause', 45, 2), c('best', 40, 2, 'best'), c('auto', 50, 2)])).toEqual(
      new Set(['best']),
    );
  });

  it('prefers a best-reason checkpoint at the same step and loss', () => {
    expect(bestCheckpointIds([c('auto', 40, 2), c('best', 40, 2, 'best')])).toEqual(new Set(['best']));
  });

  it('has no best for a run without validation losses', () => {
    expect(bestCheckpointIds([c('1', 10, null), c('2', 20, Number.NaN)]).size).toBe(0);
  });
});

describe('retention keeps the best', () => {
  const stored = (id: string, step: number, validationLoss: number | null, reason: CheckpointReason) => ({
    ...c(id, step, validationLoss, reason),
    name: id,
    trainLoss: 1,
    createdAt: new Date(Date.UTC(2025, 0, 1, 0, 0, step)).toISOString(),
    sizeBytes: 4,
    model: { vocabSize: 3, embeddingDim: 2, units: 2 },
    textName: 'tiny.txt',
  });

  it("never prunes a run's best checkpoint, and drops best saves that a lower loss superseded", () => {
    const list = [
      stored('early-auto', 10, 2.0, 'auto'), // the best, though automatic and old
      stored('old-best', 8, 2.4, 'best'),
      stored('a2', 20, 2.2, 'auto'),
      stored('a3', 30, 2.3, 'auto'),
      stored('a4', 40, 2.5, 'pause'),
    ];
    expect(idsToPrune(list, 2).sort()).toEqual(['a2', 'old-best']);
  });
});
