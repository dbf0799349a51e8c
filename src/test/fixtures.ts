// Small texts and models for unit tests (tfjs CPU backend).
import { CharModel } from '../worker/model/charModel';
import { Adam } from '../worker/model/adam';
import { Trainer } from '../worker/model/trainer';
import { initialWeights } from '../worker/model/init';
import { CharDataset } from '../shared/data/batches';
import { buildVocabulary, encodeText } from '../shared/data/vocabulary';
import { PRESETS, type ModelConfig, type TrainConfig } from '../shared/config';

/** A repetitive text a tiny model learns within a few dozen steps. */
export const RHYME = 'the cat sat on the mat. the dog sat on the log. '.repeat(40);

export function tinySetup(text = RHYME, overrides: Partial<TrainConfig> = {}, shape: Partial<ModelConfig> = {}) {
  const vocab = buildVocabulary(text);
  const { ids } = encodeText(text, vocab);
  const train: TrainConfig = {
    ...PRESETS.tiny.train,
    batchSize: 8,
    windowLength: 12,
    learningRate: 0.02,
    epochs: 20,
    ...overrides,
  };
  const config: ModelConfig = { vocabSize: vocab.chars.length, embeddingDim: 8, units: 24, ...shape };
  const model = new CharModel(config, initialWeights(config, train.seed));
  const adam = new Adam(model.weights);
  const trainer = new Trainer(model, adam, new CharDataset(ids, train), train);
  return { vocab, ids, train, config, model, adam, trainer, dispose: () => (model.dispose(), adam.dispose()) };
}
