// A run's plan as its training settings keep it, so a checkpoint carries it (see planner.ts).
import type { TrainFor } from './trainFor';

export type PlanLimit = 'time' | 'text' | 'ladder';

/** What a run's plan was, kept in its training settings so a checkpoint carries it. */
export interface PlanRecord {
  trainFor: TrainFor;
  /** Seconds of training the run may take (the time asked less the calibration). */
  budgetSeconds: number;
  /** The network's measured speed on this device when planned, characters per second. */
  charactersPerSecond: number;
  /** True when the plan chose the network; false when it only timed a network chosen by hand. */
  chosenNetwork: boolean;
  /** Why this network, in plain words. */
  reason: string;
  /**
   * What capped the network: the time (a longer run would choose a larger one), the text's size, or the ladder's
   * top; absent for a network chosen by hand.
   */
  limit?: PlanLimit;
  /** Training time so far, in seconds (pauses not counted); brought up to date at each save. */
  trainedSeconds: number;
  /** Times the run re-timed its length from its own speed (see retimeRun). */
  retimes?: number;
}
