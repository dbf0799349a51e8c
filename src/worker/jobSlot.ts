// At most one job of a kind (a generation, a temperature grid): a new one cancels the one before.
export interface CancellableJob {
  cancel(): void;
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
