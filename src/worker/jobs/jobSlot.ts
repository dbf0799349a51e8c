// At most one job of a kind (a generation, a temperature grid): a new one cancels the one before.
import type { CharModel } from '../model/charModel';
import type { Vocabulary } from '../../shared/data/vocabulary';
import type { Emit } from '../../shared/protocol';

export interface CancellableJob {
  cancel(): void;
}

/** A job that writes with the live model and reports through emit; stops at its next check once cancelled. */
export abstract class ModelJob implements CancellableJob {
  protected cancelled = false;

  constructor(
    protected readonly model: CharModel,
    protected readonly vocab: Vocabulary,
    protected readonly emit: Emit,
  ) {}

  cancel(): void {
    this.cancelled = true;
  }
}

export class JobSlot<J extends CancellableJob> {
  private current: J | null = null;

  /** Cancels the running job, starts `job` with `run`, and clears the slot when it ends. */
  start(job: J, run: (job: J) => Promise<void>): void {
    this.current?.cancel();
    this.current = job;
    void run(job).finally(() => {
      if (this.current === job) this.current = null;
    });
  }

  cancel(): void {
    this.current?.cancel();
  }
}
