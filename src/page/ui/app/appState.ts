// The page's state: one reducer per slice (state/), combined here, over worker events and a few page events;
// tested without React. Each slice reads only its own fields, so the slices can run in any order.
import { trainingInfoReducer, initialTrainingInfoState, type TrainingInfoState } from '../run/trainingInfoState';
import { studioReducer, initialStudioState, type StudioState } from '../generate/studioState';
import type { AppAction } from './actions';
import { checkpointReducer, initialCheckpointSlice, type CheckpointSlice } from '../checkpoints/checkpointsState';
import { configReducer, initialConfigSlice, type ConfigSlice } from '../model/configState';
import { generationReducer, initialGenerationState, type GenerationState } from '../generate/generationState';
import { initialNoticeSlice, noticeReducer, type NoticeSlice } from '../common/noticesState';
import { initialRunSlice, runReducer, type RunSlice } from '../run/runState';
import { initialTextSlice, textReducer, type TextSlice } from '../text/textState';
import { initialInsideState, insideReducer, type InsideState } from '../inside/insideState';
import { initialTrainerSlice, trainerReducer, type TrainerSlice } from './trainerState';
import { initialPlanSlice, planReducer, type PlanSlice } from '../run/planState';

export type { AppAction, PageAction } from './actions';
export type { Notice } from '../common/noticesState';
export type { ModelInfo, ProgressInfo } from '../run/runState';
export type { DownloadState, TextInfo } from '../text/textState';
export type { GenerationState } from '../generate/generationState';

export interface AppState
  extends TrainerSlice, TextSlice, ConfigSlice, RunSlice, PlanSlice, CheckpointSlice, NoticeSlice {
  /** Samples during training, the dataset advisor and the learning rate (insightState.ts). */
  trainingInfo: TrainingInfoState;
  generation: GenerationState;
  /** Temperature grid and probability view. */
  studio: StudioState;
  /** Neuron explorer and memorisation meter (state/inside.ts). */
  inside: InsideState;
}

export const initialAppState: AppState = {
  ...initialTrainerSlice,
  ...initialTextSlice,
  ...initialConfigSlice,
  ...initialRunSlice,
  ...initialPlanSlice,
  ...initialCheckpointSlice,
  ...initialNoticeSlice,
  trainingInfo: initialTrainingInfoState,
  generation: initialGenerationState,
  studio: initialStudioState,
  inside: initialInsideState,
};

/** The fields of one slice, read from the whole state (the keys are those of the slice's initial value). */
function sliceOf<S extends object>(state: AppState, initial: S): S {
  const keys = Object.keys(initial) as (keyof S & keyof AppState)[];
  return Object.fromEntries(keys.map((k) => [k, state[k]])) as S;
}

/** Runs every slice; the state keeps its identity when no field changed. */
export function appReducer(state: AppState, action: AppAction): AppState {
  const next: AppState = {
    ...trainerReducer(sliceOf(state, initialTrainerSlice), action),
    ...textReducer(sliceOf(state, initialTextSlice), action),
    ...configReducer(sliceOf(state, initialConfigSlice), action),
    ...runReducer(sliceOf(state, initialRunSlice), action),
    ...planReducer(sliceOf(state, initialPlanSlice), action),
    ...checkpointReducer(sliceOf(state, initialCheckpointSlice), action),
    ...noticeReducer(sliceOf(state, initialNoticeSlice), action),
    trainingInfo: trainingInfoReducer(state.trainingInfo, action),
    generation: generationReducer(state.generation, action),
    studio: studioReducer(state.studio, action),
    inside: insideReducer(state.inside, action),
  };
  const keys = Object.keys(next) as (keyof AppState)[];
  return keys.every((k) => next[k] === state[k]) ? state : next;
}
