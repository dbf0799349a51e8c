// Windows and batches: the label is the window shifted by one character. Layout is time-major [T, B].
import type { TrainConfig } from '../config';
import type { DataPosition } from '../checkpoint/types';
import { planCorpus, type CorpusPlan } from './corpusPlan';
import { createRng, mixSeed, permutation } from './rng';

export interface Batch {
  inputs: Int32Array; // [T, B]
  targets: Int32Array; // [T, B]
  time: number;
  batch: number;
}

type DatasetConfig = Pick<TrainConfig, 'batchSize' | 'windowLength' | 'validationShare' | 'seed'>;

/** A text's ids split into training and validation parts, served as seeded, resumable batches. */
export class CharDataset {
  readonly plan: CorpusPlan;
  private readonly train: Int32Array;
  private readonly validation: Int32Array;
  private order: { epoch: number; perm: Uint32Array } | null = null;

  constructor(
    ids: Int32Array,
    readonly cfg: DatasetConfig,
  ) {
    this.plan = planCorpus(ids.length, cfg);
    this.train = ids.subarray(0, this.plan.trainCharacters);
    this.validation = ids.subarray(this.plan.trainCharacters);
  }

  /** The batch at a position; window order is a fixed permutation per (seed, epoch). */
  trainBatch(pos: DataPosition): Batch {
    const { batchSize: b } = this.cfg;
    const perm = this.epochOrder(pos.epoch);
    const starts = Array.from(perm.subarray(pos.batchInEpoch * b, (pos.batchInEpoch + 1) * b), (w) => w * this.span);
    return this.gather(this.train, starts);
  }

  /** The position after this one, rolling over to the next epoch. */
  advance(pos: DataPosition): DataPosition {
    const next = pos.batchInEpoch + 1;
    return next >= this.plan.stepsPerEpoch
      ? { epoch: pos.epoch + 1, batchInEpoch: 0 }
      : { epoch: pos.epoch, batchInEpoch: next };
  }

  /** Up to maxBatches fixed validation batches spread over the held-out part; empty when it is too short. */
  validationBatches(maxBatches = 4): Batch[] {
    const windows = this.plan.validationWindows;
    if (windows === 0) return [];
    const b = Math.min(this.cfg.batchSize, windows);
    const count = Math.min(maxBatches, Math.floor(windows / b));
    const stride = Math.floor(windows / (count * b));
    const batches: Batch[] = [];
    for (let k = 0; k < count; k++) {
      const starts = Array.from({ length: b }, (_, i) => (k * b + i) * stride * this.span);
      batches.push(this.gather(this.validation, starts));
    }
    return batches;
  }

  private get span(): number {
    return this.cfg.windowLength + 1;
  }

  private epochOrder(epoch: number): Uint32Array {
    if (this.order?.epoch !== epoch) {
      const rng = createRng(mixSeed(this.cfg.seed, epoch, 0x0da7a));
      this.order = { epoch, perm: permutation(this.plan.windowsPerEpoch, rng) };
    }
    return this.order.perm;
  }

  private gather(source: Int32Array, starts: number[]): Batch {
    const t = this.cfg.windowLength;
    const b = starts.length;
    const inputs = new Int32Array(t * b);
    const targets = new Int32Array(t * b);
    starts.forEach((s, j) => {
      for (let i = 0; i < t; i++) {
        inputs[i * b + j] = source[s + i];
        targets[i * b + j] = source[s + i + 1];
      }
    });
    return { inputs, targets, time: t, batch: b };
  }
}
