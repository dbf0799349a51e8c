// What the page may do now, derived from the state: which buttons are on, and why Start is off.
import { planCorpus, type CorpusPlan } from '../../../shared/data/corpusPlan';
import type { AppState } from '../app/appState';
import { formProblems, parseForm } from '../model/configForm';

export interface Availability {
  configProblems: string[];
  plan: CorpusPlan | null;
  /** Why Start is off, in words; empty when it is on. */
  startBlockers: string[];
  canStart: boolean;
  canPause: boolean;
  canResume: boolean;
  canStop: boolean;
  canSave: boolean;
  canGenerate: boolean;
  canStopGenerating: boolean;
  canChangeBackend: boolean;
}

export function availability(state: AppState): Availability {
  const configProblems = formProblems(state.form);
  const plan =
    state.text && configProblems.length === 0 ? planCorpus(state.text.characters, parseForm(state.form).train) : null;
  const training = state.runState === 'training';
  const alive = state.workerCrash === null;
  const startBlockers = [
    ...(state.text ? [] : ['Load a training text first.']),
    ...configProblems,
    ...(plan?.errors ?? []),
    ...(training ? ['Training is running.'] : []),
    ...(state.measuring ? ['Measuring this device before the run.'] : []),
    ...(alive ? [] : ['The trainer stopped; reload the page.']),
  ];
  const hasModel = state.model !== null && alive;
  return {
    configProblems,
    plan,
    startBlockers,
    canStart: startBlockers.length === 0,
    canPause: training && alive,
    // A loaded checkpoint may leave the trainer idle, so any state but training can resume.
    canResume: hasModel && !training && !state.measuring && state.text !== null && configProblems.length === 0,
    canStop: (training || state.runState === 'paused') && alive,
    canSave: hasModel,
    canGenerate: hasModel && state.generation.status !== 'running',
    canStopGenerating: state.generation.status === 'running' && alive,
    canChangeBackend: !training && alive,
  };
}
