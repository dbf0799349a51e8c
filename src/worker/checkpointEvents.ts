// Checkpoints leaving and entering the worker: encoded for the page (never with non-finite weights), and
// parsed, with a message naming the file, before anything live is touched.
import { checkpointSummary, encodeCheckpoint, parseCheckpoint } from '../shared/checkpoint/checkpointFile';
import { errorText } from '../shared/errors';
import { CheckpointFormatError, type CheckpointData } from '../shared/checkpoint/types';
import type { TrainConfig } from '../shared/config';
import type { CheckpointEvent } from '../shared/protocol';
import type { CheckpointReason } from '../shared/checkpoint/summary';

export type Outgoing = { event: CheckpointEvent; transfer: Transferable[] } | { problem: string };

export function checkpointEvent(data: CheckpointData, reason: CheckpointReason): Outgoing {
  if (!Object.values(data.weights).every((t) => t.data.every(Number.isFinite))) {
    // Never store a model that cannot be used: the last good checkpoint stays the newest.
    return {
      problem:
        "Checkpoint not saved: the model's weights are not finite numbers. Load the last good checkpoint and lower the learning rate.",
    };
  }
  const bytes = encodeCheckpoint(data);
  const buffer = bytes.buffer as ArrayBuffer;
  const id = `ckpt-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
  return {
    event: { type: 'checkpoint', summary: checkpointSummary(data, id, bytes.byteLength, reason), bytes: buffer },
    transfer: [buffer],
  };
}

export function parseForLoad(name: string, bytes: Uint8Array): { data: CheckpointData } | { problem: string } {
  try {
    return { data: parseCheckpoint(bytes) };
  } catch (e) {
    const why = e instanceof CheckpointFormatError ? e.message : errorText(e);
    return { problem: `“${name}” could not be loaded: ${why}` };
  }
}

/** Settings that can change between pause and resume; the rest shape the data and stay as they were. */
export function mergeResumable(current: TrainConfig, next: TrainConfig): TrainConfig {
  const { learningRate, clipNorm, epochs, evalEvery, checkpointEvery } = next;
  const { lrSchedule, warmupSteps, sampleEvery, earlyStopPatience, restoreBest } = next;
  return {
    ...current,
    learningRate,
    clipNorm,
    epochs,
    evalEvery,
    checkpointEvery,
    lrSchedule,
    warmupSteps,
    sampleEvery,
    earlyStopPatience,
    restoreBest,
  };
}
