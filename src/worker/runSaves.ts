// When and how a run's checkpoints leave the worker: saves asked for mid-step wait for the step boundary,
// the best-validation snapshot goes out with the next save that does not already hold its weights, and a
// model with non-finite weights is never sent.
import type { CheckpointData } from '../shared/checkpoint/types';
import type { CheckpointReason } from '../shared/checkpoint/summary';
import type { Emit } from '../shared/protocol';
import { checkpointEvent } from './checkpointEvents';
import { captureRun, type Run } from './run';

export class RunSaves {
  /** A save asked for mid-step; done at the next step boundary, when no update is in flight. */
  private pending: CheckpointReason | null = null;

  constructor(private readonly emit: Emit) {}

  /** Remembers a save for the next step boundary (training is running). */
  request(reason: CheckpointReason): void {
    this.pending = reason;
  }

  /** Whether a save is asked for, or an autosave is due, at this step (the trainer settles there). */
  wanted(step: number, checkpointEvery: number): boolean {
    return this.pending !== null || (checkpointEvery > 0 && step % checkpointEvery === 0);
  }

  /** At a step boundary (nothing in flight): the save asked for, else an autosave when one is due. */
  dueAt(step: number, checkpointEvery: number): CheckpointReason | null {
    const reason = this.pending ?? (checkpointEvery > 0 && step % checkpointEvery === 0 ? 'auto' : null);
    this.pending = null;
    return reason;
  }

  async save(run: Run | null, reason: CheckpointReason): Promise<void> {
    if (!run) return this.emit({ type: 'notice', level: 'error', message: 'There is no model to save yet.' });
    const data = await captureRun(run); // named after the run; the list shows the step and the reason beside it
    this.send(data, reason);
  }

  /** Emits the unsaved best-validation snapshot, unless a save at `coveredStep` holds the same weights. */
  saveBest(run: Run | null, coveredStep: number | null): void {
    const best = run?.extras.takeBest(coveredStep);
    if (best) this.send(best, 'best');
  }

  private send(data: CheckpointData, reason: CheckpointReason): void {
    const out = checkpointEvent(data, reason);
    if ('problem' in out) return this.emit({ type: 'notice', level: 'error', message: out.problem });
    this.emit(out.event, out.transfer);
  }
}
