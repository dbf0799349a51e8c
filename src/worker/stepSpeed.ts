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

/** The stretch of wall time a rate is read over: long enough to hold steady, short enough to follow a change. */
export const RATE_WINDOW_MS = 30_000;

/**
 * Steps and characters per second of wall time (evaluations and saves included, as the person waits for them)
 * over the last RATE_WINDOW_MS, after the warm-up steps of the stretch; null until MIN_TIMED_STEPS were seen.
 * Time left read from it counts down steadily instead of following each step's time.
 */
export class RateWindow {
  private seen = 0;
  private readonly marks: { at: number; steps: number; characters: number }[] = [];
  private steps = 0;
  private characters = 0;

  add(at: number, characters: number): void {
    this.seen++;
    if (this.seen < WARMUP_STEPS) return;
    if (this.seen > WARMUP_STEPS) {
      this.steps++;
      this.characters += characters;
    }
    this.marks.push({ at, steps: this.steps, characters: this.characters });
    while (this.marks.length > 2 && at - this.marks[1].at >= RATE_WINDOW_MS) this.marks.shift();
  }

  /** { stepsPerSecond, charactersPerSecond }, or null while too few steps were seen. */
  get rate(): { stepsPerSecond: number; charactersPerSecond: number } | null {
    if (this.steps < MIN_TIMED_STEPS) return null;
    const first = this.marks[0];
    const last = this.marks[this.marks.length - 1];
    const seconds = (last.at - first.at) / 1000;
    if (seconds <= 0) return null;
    return {
      stepsPerSecond: (last.steps - first.steps) / seconds,
      charactersPerSecond: (last.characters - first.characters) / seconds,
    };
  }
}
