// What the worker keeps about a run beside the trainer: the samples' seed and latest sample, the rare-character
// map, and a snapshot of the weights at the best validation loss (until it is saved as a checkpoint, or for the
// whole run when Restore best will need it at the end).
import type { CheckpointData } from '../shared/checkpoint/types';
import type { CharMap } from '../shared/data/rareCharacters';
import type { Vocabulary } from '../shared/data/vocabulary';
import type { Trainer } from './model/trainer';
import type { TrainingSample } from '../shared/training';
import { drawTrainingSample, sampleDue, sampleSeedText } from './trainingSamples';

export class RunExtras {
  /** The best snapshot, captured when validation improved; saved at the next autosave or when the run ends. */
  private unsavedBest: CheckpointData | null = null;
  /** The latest best snapshot, saved or not; kept only for runs that restore it at the end. */
  private keptBest: CheckpointData | null = null;
  private bestDue = false;

  constructor(
    readonly charMap: CharMap | null,
    /** Fixed for the run: every sample continues it. Empty until the run has a text. */
    public seed: string,
    public latestSample: TrainingSample | null = null,
  ) {}

  static fromCheckpoint(data: CheckpointData): RunExtras {
    return new RunExtras(data.charMap ?? null, data.sample?.seed ?? '', data.sample ?? null);
  }

  /** A run that gets a text to train on keeps its seed, or takes one from the text. */
  attachText(text: string): void {
    if (!this.seed) this.seed = sampleSeedText(text);
  }

  /** From the trainer's onValidation. */
  validated(improved: boolean): void {
    if (improved) this.bestDue = true;
  }

  /** After a step: a sample when one is due, and a snapshot when validation just improved. */
  async afterStep(
    step: number,
    trainer: Trainer,
    vocab: Vocabulary,
    capture: () => Promise<CheckpointData>,
  ): Promise<TrainingSample | null> {
    let sample: TrainingSample | null = null;
    // A skipped (non-finite) step repeats the step number: one sample per step is enough.
    if (this.seed && sampleDue(step, trainer.train.sampleEvery) && this.latestSample?.step !== step) {
      sample = await drawTrainingSample(trainer.model, vocab, this.seed, step);
      this.latestSample = sample;
    }
    if (this.bestDue) {
      this.bestDue = false;
      this.unsavedBest = await capture(); // after the sample, so the snapshot carries it
      this.keptBest = trainer.train.restoreBest ? this.unsavedBest : null;
    }
    return sample;
  }

  /** The unsaved best snapshot, once; null when a save at `coveredStep` holds the same weights anyway. */
  takeBest(coveredStep: number | null): CheckpointData | null {
    const best = this.unsavedBest;
    this.unsavedBest = null;
    return best && best.step !== coveredStep ? best : null;
  }

  /** The best snapshot to go back to at the end of the run: null when the run is already there or has none. */
  bestToRestore(currentStep: number): CheckpointData | null {
    return this.keptBest && this.keptBest.step !== currentStep ? this.keptBest : null;
  }

  /** What a checkpoint of this run carries beside the trainer's state. */
  checkpointExtras(): Pick<CheckpointData, 'sample' | 'charMap'> {
    return {
      ...(this.latestSample ? { sample: this.latestSample } : {}),
      ...(this.charMap ? { charMap: this.charMap } : {}),
    };
  }
}
