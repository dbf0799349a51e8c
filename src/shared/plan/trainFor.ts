// "Train for": how long a person lets a run train, the first run setting. Minutes, or until the validation
// loss stops improving (then a long nominal budget sizes the network and early stopping ends the run).

export type TrainFor = number | 'untilPlateau';

/** The choices beside Start, in minutes. */
export const TRAIN_FOR_MINUTES = [1, 3, 5, 10, 30] as const;
export const TRAIN_FOR_CHOICES: readonly TrainFor[] = [...TRAIN_FOR_MINUTES, 'untilPlateau'];

/** Long enough for a model of a small text to reach its best and for Tiny Shakespeare to write words. */
export const DEFAULT_TRAIN_FOR: TrainFor = 5;

/** "Until it stops improving" plans as if for this long, and never trains longer. */
export const UNTIL_PLATEAU_SECONDS = 60 * 60;

/** Seconds a choice allows: the time limit of the run. */
export function budgetSeconds(trainFor: TrainFor): number {
  return trainFor === 'untilPlateau' ? UNTIL_PLATEAU_SECONDS : trainFor * 60;
}

export function trainForLabel(trainFor: TrainFor): string {
  if (trainFor === 'untilPlateau') return 'until it stops improving';
  return trainFor === 1 ? '1 minute' : `${trainFor} minutes`;
}

/** The Train for select's value (String(trainFor)) back as a choice. */
export function parseTrainFor(value: string): TrainFor | null {
  if (value === 'untilPlateau') return 'untilPlateau';
  const minutes = Number(value);
  return Number.isFinite(minutes) && minutes > 0 && minutes <= 24 * 60 ? minutes : null;
}

/** Longest calibration before a planned run, and its share of the time asked at most. */
export const CALIBRATION_SECONDS = 20;
export const CALIBRATION_SHARE = 0.1;
export const calibrationLimitSeconds = (trainFor: TrainFor): number =>
  Math.min(CALIBRATION_SECONDS, CALIBRATION_SHARE * budgetSeconds(trainFor));
