// Steps in flight: the trainer queues step k+1 on the GPU before step k's loss is read, so the GPU never waits
// for the worker's JavaScript and the worker waits for the GPU only when it is `depth` steps ahead.
// Each fused step leaves its guard's sums on the GPU (kernels/step/stepGuard.ts); one read (one concat, one
// readback) covers every step queued since the last one. The result is the sequential loop's, bit for bit:
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
import type { StepReport, Trainer } from './trainer';

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
/** …or once the oldest unread step was queued this long ago (the chart and status stay live on a slow device). */
export const READ_EVERY_MS = 300;

/** What the loop counts: readbacks started, and those it had to wait for. */
export interface FlightCounts {
  readbacks: number;
  waits: number;
}

export class StepsInFlight {
  private queue: Queued[] = [];
  /** Where the next queued step starts. */
  ahead: Cursor;
  private oldestUnreadAt = 0;
  readonly counts: FlightCounts = { readbacks: 0, waits: 0 };

  constructor(
    private readonly trainer: Trainer,
    /** Steps that may be queued and unsettled at once (1: the sequential loop). */
    readonly depth: number,
  ) {
    this.ahead = { step: trainer.step, position: trainer.position };
    if (!fusedStepCovers(trainer.model)) this.depth = 1; // the other paths read the loss before the update
  }

  get size(): number {
    return this.queue.length;
  }

  /** Queues the step from `ahead`; returns the step count it reaches if applied. */
  async push(): Promise<number> {
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
    if (fusedStepCovers(t.model)) {
      const after = this.queue.at(-1)?.guard ?? undefined; // unread: this step is applied only if that one was
      entry.guard = encodeFusedStep(t.model, t.adam, batch, cfg, masks, after);
      if (!this.queue.some((q) => q.read === null)) this.oldestUnreadAt = performance.now();
    } else {
      entry.result = await trainStep(t.model, t.adam, batch, cfg, masks);
    }
    this.queue.push(entry);
    this.ahead = { step: before.step + 1, position: t.data.advance(before.position) };
    return this.ahead.step;
  }

  /**
   * The steps whose results are known, settled in order (see the header), as reports. `wait`: 'none' takes
   * what has arrived; 'oldest' waits for the first queued step; 'all' for every one (none is left in flight).
   * A read is started when the steps unread call for one, and always before waiting.
   */
  async settle(wait: 'none' | 'oldest' | 'all'): Promise<StepReport[]> {
    const unread = this.queue.filter((q) => q.guard && !q.read);
    const due =
      unread.length >= READ_EVERY_STEPS ||
      (unread.length > 0 && performance.now() - this.oldestUnreadAt >= READ_EVERY_MS) ||
      (wait === 'all' && unread.length > 0) ||
      (wait === 'oldest' && unread[0] === this.queue[0] && unread.length > 0);
    if (due) this.startRead(unread);
    const waitFor = wait === 'all' ? this.queue : wait === 'oldest' ? this.queue.slice(0, 1) : [];
    const pending = [...new Set(waitFor.flatMap((q) => (q.read && !q.read.values ? [q.read] : [])))];
    if (pending.length > 0) {
      this.counts.waits++;
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
