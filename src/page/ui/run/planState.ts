// Slice: planning a run: this device's key (its measured speeds are kept under it) and, while the worker times
// networks before a planned run, which one and for how long so far.
import type { AppAction } from '../app/actions';

export interface PlanSlice {
  /** Backend, kernels and adapter of the worker (from 'ready'); null until it is ready. */
  deviceKey: string | null;
  /** The network being timed now, while a plan is made; null otherwise. */
  measuring: { network: string; elapsedSeconds: number } | null;
  /** Seconds the last plan's calibration took; null before any plan. */
  calibrationSeconds: number | null;
}

export const initialPlanSlice: PlanSlice = { deviceKey: null, measuring: null, calibrationSeconds: null };

export function planReducer(s: PlanSlice, a: AppAction): PlanSlice {
  switch (a.type) {
    case 'ready':
      return { ...s, deviceKey: a.deviceKey, measuring: null };
    case 'planning':
      return { ...s, measuring: { network: a.measuring, elapsedSeconds: a.elapsedSeconds } };
    case 'planned':
      return { ...s, measuring: null, calibrationSeconds: a.calibrationSeconds };
    case 'notice':
      // A plan that failed ends with an error notice.
      return a.level !== 'error' || s.measuring === null ? s : { ...s, measuring: null };
    case 'runState':
      return s.measuring === null ? s : { ...s, measuring: null };
    case 'trainerRestarted':
      return { ...s, deviceKey: null, measuring: null };
    default:
      return s;
  }
}
