// One measurement of training speed, shared by the run's progress and by "Estimate time": the first steps
// (kernel compilation, buffer allocation) are not counted, and no figure is given until a few steps are.
//   ms_n = ms_{n−1} + a_n·(t_n − ms_{n−1}),  a_n = max(ALPHA, 1/n)   (the mean of the first 1/ALPHA steps, then an EMA)

/** Steps at the start of each stretch of training that are not timed. */
export const WARMUP_STEPS = 2;
/** Timed steps before a speed (and so a time left) is reported. */
export const MIN_TIMED_STEPS = 5;
/** Weight of the newest step once the average is under way: a single slow step barely moves it. */
export const ALPHA = 0.1;

export class StepSpeed {
  private seen = 0;
  private timed = 0;
  private ms = 0;

  /** Records one step's wall time (checkpoint and sample time already left out by the caller). */
  add(stepMs: number): void {
    this.seen++;
    if (this.seen <= WARMUP_STEPS || !Number.isFinite(stepMs) || stepMs < 0) return;
    this.timed++;
    this.ms += Math.max(ALPHA, 1 / this.timed) * (stepMs - this.ms);
  }

  /** Smoothed milliseconds per step; null until MIN_TIMED_STEPS steps were timed. */
  get msPerStep(): number | null {
    return this.timed >= MIN_TIMED_STEPS ? this.ms : null;
  }
}
