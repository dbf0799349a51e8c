// Steps in flight: the trainer queues step k+1 on the GPU before step k's loss is read, so the GPU never waits
// for the worker's JavaScript. Two things are apart:
// - how far ahead the worker may run: each step is submitted at its end and fenced (queue.onSubmittedWorkDone,
//   no readback); the worker waits for a fence only when more than `depth` steps are unfinished on the GPU;
// - when results come back: each fused step leaves its guard's sums on the GPU (kernels/step/stepGuard.ts), and
//   one read (a concat, one readback) covers every step queued since the last, every READ_EVERY_STEPS steps or
//   READ_EVERY_MS, whichever comes first, and wherever the loop must settle (an evaluation, a save, the end).
// The result is the sequential loop's (depth 1: each step read before the next is queued), bit for bit:
// - a step reads the batch, learning rate and dropout masks of the place it starts from (`ahead`), as if every
//   step before it was applied;
// - a step's guard binds the previous queued step's sums, so once one step is not applied (non-finite), none
//   queued after it is either. Reading them, the first skipped step passes its batch over as the sequential
//   loop does, and the steps after it are taken back: their Adam counts undone, their batches queued again.
import * as tf from '../tfjs';
import type { DataPosition } from '../../shared/checkpoint/types';
import { learningRateAt } from '../../shared/schedule';
import { guardResult, type GuardResult, type StepGuard } from '../kernels/step/stepGuard';
import { dropoutSeed } from './dropout';
import { encodeFusedStep, fusedStepCovers } from './fusedTrainStep';
import { trainStep } from './trainStep';
import type { CharModel } from './charModel';
import type { Adam } from './adam';
import type { CharDataset } from '../../shared/data/batches';
import type { TrainConfig } from '../../shared/config';
import type { LossHistory } from '../../shared/training';
import type { WeightName } from '../../shared/checkpoint/types';

export interface StepReport {
  step: number;
  loss: number;
  gradNorm: number;
  applied: boolean;
  position: DataPosition;
  /** Characters (inputs) processed by this step. */
  characters: number;
  /** The scheduled rate this step used. */
  learningRate: number;
  /** Steps skipped so far in this run, this one included. */
  skippedSteps: number;
}

/** What the steps in flight read and keep up to date: the trainer's state (model/trainer.ts). */
export interface FlightHost {
  readonly model: CharModel;
  readonly adam: Adam<WeightName>;
  readonly data: CharDataset;
  readonly train: TrainConfig;
  readonly totalSteps: number;
  step: number;
  position: DataPosition;
  history: LossHistory;
  skippedSteps: number;
}

/** Where training stands: applied steps, and the batch the next step reads. */
export interface Cursor {
  step: number;
  position: DataPosition;
}

interface Queued {
  /** Where this step started. */
  before: Cursor;
  characters: number;
  learningRate: number;
  /** Fused: the step's guard, owned here until the step is settled; null once its result is known. */
  guard: StepGuard | null;
  result: GuardResult | null;
  /** The read that covers this step, once started. */
  read: Read | null;
}

interface Read {
  /** The values once they arrive (sums of each step it covers, one after the other). */
  values: Float32Array | null;
  done: Promise<void>;
  /** Offset of each covered step's sums in `values`. */
  offsets: Map<Queued, number>;
}

/** Start a read once this many steps are unread… */
export const READ_EVERY_STEPS = 8;
/**
 * …and wait for the oldest read once this many steps are unsettled: an implementation may resolve a read late
 * (WebGPU only promises it after the work queued before it), and the chart and the status must still move.
 */
export const MAX_UNSETTLED = 2 * READ_EVERY_STEPS;
/** …or once the oldest unread step was queued this long ago (on a slow device the chart still moves twice a second). */
export const READ_EVERY_MS = 500;

/** What the loop counts, for the benchmark. */
export interface FlightCounts {
  /** Steps queued (taken-back steps queued again count again). */
  steps: number;
  /** Readbacks started (one covers every step read together). */
  readbacks: number;
  /** Times the worker waited for a readback. */
  readWaits: number;
  /** Times the worker waited for the GPU to finish a step (a fence, no readback). */
  fenceWaits: number;
  /** Milliseconds the worker spent queueing steps (its JavaScript: the cost no GPU makes smaller). */
  encodeMs: number;
}

/** tfjs's WebGPU backend, as far as the loop needs it: submit what is queued, and the device's queue. */
interface Submitting {
  commandEncoder: GPUCommandEncoder | null;
  endComputePassEncoder(): void;
  submitQueue(): void;
  device: GPUDevice;
}

/** The active backend when it is WebGPU (fences need it), else null. */
function webGpu(): Submitting | null {
  return tf.getBackend() === 'webgpu' ? (tf.backend() as unknown as Submitting) : null;
}

/**
 * Told when the queueing of each step starts and ends, synchronously, in queue order (the bench's GPU step timer
 * writes a timestamp at each: lab/gpuStepTimer.ts).
 */
export const stepQueueListeners = new Set<(edge: 'start' | 'end') => void>();

export class StepsInFlight {
  private queue: Queued[] = [];
  /** One per submitted step not known to be finished on the GPU, oldest first. */
  private fences: Array<{ done: boolean; promise: Promise<void> }> = [];
  /** Where the next queued step starts. */
  ahead: Cursor;
  private oldestUnreadAt = 0;
  readonly counts: FlightCounts = { steps: 0, readbacks: 0, readWaits: 0, fenceWaits: 0, encodeMs: 0 };

  constructor(
    private readonly trainer: FlightHost,
    /** Steps that may be queued and unsettled at once (1: the sequential loop). */
    readonly depth: number,
  ) {
    this.ahead = { step: trainer.step, position: trainer.position };
    if (!fusedStepCovers(trainer.model)) this.depth = 1; // the other paths read the loss before the update
  }

  get size(): number {
    return this.queue.length;
  }

  /**
   * Queues the step from `ahead` and submits it; returns the step count it reaches if applied. First waits,
   * if need be, until no more than `depth` − 1 steps are unfinished on the GPU.
   */
  async push(): Promise<number> {
    this.fences = this.fences.filter((f) => !f.done);
    if (this.depth > 1 && this.fences.length >= this.depth) {
      const fence = this.fences[this.fences.length - this.depth];
      this.fences.splice(0, this.fences.length - this.depth + 1);
      if (!fence.done) this.counts.fenceWaits++;
      await fence.promise;
    }
    const started = performance.now();
    const t = this.trainer;
    const before = this.ahead;
    const batch = t.data.trainBatch(before.position);
    const learningRate = learningRateAt(before.step, t.train, t.totalSteps);
    const cfg = { learningRate, clipNorm: t.train.clipNorm };
    const masks = dropoutSeed(t.train.seed, before.step); // the step's dropout masks, the same on a resume
    const entry: Queued = {
      before,
      characters: batch.time * batch.batch,
      learningRate,
      guard: null,
      result: null,
      read: null,
    };
    stepQueueListeners.forEach((listener) => listener('start'));
    if (fusedStepCovers(t.model)) {
      const after = this.queue.at(-1)?.guard ?? undefined; // unread: this step is applied only if that one was
      entry.guard = encodeFusedStep(t.model, t.adam, batch, cfg, masks, after);
      if (!this.queue.some((q) => q.read === null)) this.oldestUnreadAt = performance.now();
    } else {
      entry.result = await trainStep(t.model, t.adam, batch, cfg, masks);
    }
    stepQueueListeners.forEach((listener) => listener('end'));
    this.queue.push(entry);
    this.ahead = { step: before.step + 1, position: t.data.advance(before.position) };
    this.counts.steps++;
    this.counts.encodeMs += performance.now() - started;
    if (this.depth > 1) this.fence();
    return this.ahead.step;
  }

  /** Submits what the step queued (the GPU starts on it now) and keeps a fence for it. */
  private fence(): void {
    const gpu = webGpu();
    if (!gpu) return;
    if (gpu.commandEncoder) {
      gpu.endComputePassEncoder(); // an open pass would make the whole command buffer invalid
      gpu.submitQueue();
    }
    const fence = { done: false, promise: Promise.resolve() };
    fence.promise = gpu.device.queue.onSubmittedWorkDone().then(() => void (fence.done = true));
    this.fences.push(fence);
  }

  /**
   * The steps whose results are known, settled in order (see the header), as reports. `wait`: 'none' takes
   * what has arrived, or waits for the oldest step once MAX_UNSETTLED are unsettled; 'all' waits for every
   * queued step (none is left in flight). A read is started when the steps unread call for one (always before
   * waiting; after every step at depth 1).
   */
  async settle(wait: 'none' | 'all'): Promise<StepReport[]> {
    const unread = this.queue.filter((q) => q.guard && !q.read);
    const due =
      wait === 'all' ||
      this.depth === 1 ||
      unread.length >= READ_EVERY_STEPS ||
      performance.now() - this.oldestUnreadAt >= READ_EVERY_MS;
    if (due && unread.length > 0) this.startRead(unread);
    const waitFor =
      wait === 'all' || this.depth === 1
        ? this.queue
        : this.queue.length >= MAX_UNSETTLED
          ? this.queue.slice(0, 1)
          : [];
    if (waitFor.length > 0 && waitFor[0].guard && !waitFor[0].read)
      this.startRead(this.queue.filter((q) => q.guard && !q.read));
    const pending = [...new Set(waitFor.flatMap((q) => (q.read && !q.read.values ? [q.read] : [])))];
    if (pending.length > 0) {
      this.counts.readWaits++;
      await Promise.all(pending.map((r) => r.done));
    }
    return this.takeSettled();
  }

  /** Takes back every queued step (an error ended the loop): their Adam counts undone, their guards freed. */
  discard(): void {
    for (const q of this.queue) this.takeBack(q);
    this.queue = [];
    this.ahead = { step: this.trainer.step, position: this.trainer.position };
  }

  private startRead(steps: Queued[]): void {
    const sums = steps.map((q) => q.guard!.sums);
    const joined = sums.length === 1 ? sums[0] : tf.concat(sums);
    const offsets = new Map<Queued, number>();
    let offset = 0;
    for (const q of steps) {
      offsets.set(q, offset);
      offset += q.guard!.sums.size;
    }
    const read: Read = { values: null, offsets, done: Promise.resolve() };
    read.done = joined.data().then(
      (values) => {
        read.values = values as Float32Array;
        if (joined !== sums[0]) joined.dispose();
      },
      (e: unknown) => {
        if (joined !== sums[0]) joined.dispose();
        throw e;
      },
    );
    for (const q of steps) q.read = read;
    this.counts.readbacks++;
  }

  /** Settles the steps at the head of the queue whose results have arrived. */
  private takeSettled(): StepReport[] {
    const reports: StepReport[] = [];
    while (this.queue.length > 0) {
      const q = this.queue[0];
      const result = q.result ?? (q.read?.values ? guardResult(q.guard!, this.valuesOf(q)) : null);
      if (!result) break;
      this.queue.shift();
      reports.push(this.settleOne(q, result));
      if (!result.applied) {
        // Every step queued after it was skipped by the chain: take them back, to be queued again.
        for (const later of this.queue) this.takeBack(later);
        this.queue = [];
        this.ahead = { step: this.trainer.step, position: this.trainer.position };
      }
    }
    return reports;
  }

  private valuesOf(q: Queued): Float32Array {
    const offset = q.read!.offsets.get(q)!;
    return q.read!.values!.subarray(offset, offset + q.guard!.sums.size);
  }

  /** The sequential loop's bookkeeping for one step (trainer.trainOnce). */
  private settleOne(q: Queued, result: GuardResult): StepReport {
    const t = this.trainer;
    if (q.guard) {
      if (!result.applied) t.adam.skipped();
      q.guard.sums.dispose();
    }
    const position = t.data.advance(q.before.position); // a bad batch is passed over, not retried forever
    if (result.applied) {
      t.step = q.before.step + 1;
      t.history.train.push({ step: t.step, loss: result.loss });
    } else {
      t.step = q.before.step;
      t.skippedSteps++;
    }
    t.position = position;
    return {
      ...result,
      step: t.step,
      position,
      characters: q.characters,
      learningRate: q.learningRate,
      skippedSteps: t.skippedSteps,
    };
  }

  /** A queued step that will not count: its Adam step undone (the GPU skipped it), its guard freed. */
  private takeBack(q: Queued): void {
    if (!q.guard) return;
    this.trainer.adam.skipped();
    q.guard.sums.dispose();
  }
}
