// Slice: the trainer itself: which backend and GRU code it runs, the user's wishes for them, and whether it crashed.
import type { BackendChoice, BackendName, KernelPath } from '../../../shared/config';
import type { AppAction } from './actions';

export interface TrainerSlice {
  backendChoice: BackendChoice;
  backend: BackendName | null;
  /** GRU code in use, as the worker reports it. */
  kernels: KernelPath | null;
  /** The user's wish for fused kernels (they run on WebGPU only). */
  fusedWanted: boolean;
  fallbackNotes: string[];
  /** The CPU implementation WebGPU runs on here, or null (a GPU, or another backend). */
  softwareAdapter: string | null;
  workerCrash: string | null;
}

export const initialTrainerSlice: TrainerSlice = {
  backendChoice: 'auto',
  backend: null,
  kernels: null,
  fusedWanted: true,
  fallbackNotes: [],
  softwareAdapter: null,
  workerCrash: null,
};

export function trainerReducer(s: TrainerSlice, a: AppAction): TrainerSlice {
  switch (a.type) {
    case 'ready':
      return {
        ...s,
        backend: a.backend,
        kernels: a.kernels,
        fallbackNotes: a.fallbackNotes,
        softwareAdapter: a.softwareAdapter,
      };
    case 'progress':
      return s.backend === a.backend && s.kernels === a.kernels ? s : { ...s, backend: a.backend, kernels: a.kernels };
    case 'backendChosen':
      return { ...s, backendChoice: a.backend };
    case 'kernelsChosen':
      return { ...s, fusedWanted: a.fused };
    case 'workerCrashed':
      return { ...s, workerCrash: a.message };
    case 'trainerRestarted':
      // A fresh worker reports its backend again when it is ready.
      return { ...s, workerCrash: null, backend: null, kernels: null, softwareAdapter: null };
    default:
      return s;
  }
}
