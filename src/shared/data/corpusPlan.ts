// How a text of a given length splits into training and validation windows for a config.
import type { TrainConfig } from '../config';

export interface CorpusPlan {
  trainCharacters: number;
  validationCharacters: number;
  /** Non-overlapping windows in the training part; each takes windowLength + 1 characters (its inputs and the character after them). */
  windowsPerEpoch: number;
  stepsPerEpoch: number;
  validationWindows: number;
  /** Plain-words problems; training cannot start while any is present. */
  errors: string[];
  /** Plain-words cautions; training can start. */
  warnings: string[];
}

type PlanConfig = Pick<TrainConfig, 'batchSize' | 'windowLength' | 'validationShare'>;

export function planCorpus(characters: number, cfg: PlanConfig): CorpusPlan {
  const validationCharacters = Math.floor(characters * cfg.validationShare);
  const trainCharacters = characters - validationCharacters;
  const span = cfg.windowLength + 1;
  const windowsPerEpoch = Math.floor(trainCharacters / span);
  const stepsPerEpoch = Math.floor(windowsPerEpoch / cfg.batchSize);
  const validationWindows = Math.floor(validationCharacters / span);
  const errors: string[] = [];
  const warnings: string[] = [];
  if (characters === 0) {
    errors.push('The text is empty.');
  } else if (windowsPerEpoch === 0) {
    errors.push(
      `The training part (${trainCharacters} characters) is too short for one window: a window length of ${cfg.windowLength} ` +
        `needs ${span} characters (the window and the character after it, which it learns to predict). Use a longer text or a shorter window.`,
    );
  } else if (stepsPerEpoch === 0) {
    const fits = Math.max(1, windowsPerEpoch);
    errors.push(
      `The training part holds ${windowsPerEpoch} window(s) of length ${cfg.windowLength} (${span} characters each, with the ` +
        `character after it), fewer than one batch of ${cfg.batchSize}. Set the batch size to ${fits} or less, shorten the window, or use a longer text.`,
    );
  }
  if (errors.length === 0 && cfg.validationShare > 0 && validationWindows === 0) {
    warnings.push(
      `The validation part (${validationCharacters} characters) is shorter than one window (${span} characters), so no validation ` +
        `loss will be computed. Use a longer text, a larger validation share or a shorter window.`,
    );
  }
  if (errors.length === 0 && stepsPerEpoch < 10) {
    warnings.push(`Only ${stepsPerEpoch} step(s) per epoch: the model will see little variety and may overfit.`);
  }
  return { trainCharacters, validationCharacters, windowsPerEpoch, stepsPerEpoch, validationWindows, errors, warnings };
}
