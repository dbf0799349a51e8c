// Capturing a run into a CheckpointData and rebuilding a run from one, so a resume continues exactly.
import type { CheckpointData, WeightName } from '../../shared/checkpoint/types';
import type { CharDataset } from '../../shared/data/batches';
import { Adam } from './adam';
import { CharModel } from './charModel';
import type { TrainConfig } from '../../shared/config';
import { Trainer } from './trainer';

export interface RunIdentity {
  runId: string;
  name: string;
  textName: string;
  textFingerprint: string;
  textCharacters: number;
  vocabulary: string[];
}

export async function captureCheckpoint(trainer: Trainer, id: RunIdentity): Promise<CheckpointData> {
  return {
    ...id,
    createdAt: new Date().toISOString(),
    model: trainer.model.config,
    train: trainer.train,
    step: trainer.step,
    position: { ...trainer.position },
    adam: { ...trainer.adam.state },
    history: { train: [...trainer.history.train], validation: [...trainer.history.validation] },
    weights: await trainer.model.readWeights(),
    moments: await trainer.adam.readMoments(),
  };
}

/** A model and optimizer holding the checkpoint's values; the caller owns (and disposes) them. */
export function restoreModel(c: CheckpointData): { model: CharModel; adam: Adam<WeightName> } {
  const model = new CharModel(c.model, c.weights);
  const adam = new Adam(model.weights, c.adam);
  adam.setMoments(c.moments);
  return { model, adam };
}

/** A trainer that continues the checkpoint's run on a dataset (same text for an exact resume). */
export function restoreTrainer(c: CheckpointData, data: CharDataset, train: TrainConfig = c.train): Trainer {
  const { model, adam } = restoreModel(c);
  const trainer = new Trainer(model, adam, data, train);
  trainer.step = c.step;
  trainer.position = { ...c.position };
  trainer.history = { train: [...c.history.train], validation: [...c.history.validation] };
  return trainer;
}
