// The benchmark's problem sizes: the app's presets, with the vocabulary of Tiny Shakespeare.
import { PRESETS, type PresetName } from '../shared/config';

/** Distinct characters in Tiny Shakespeare. */
export const BENCH_VOCAB = 65;

export interface BenchShape {
  config: PresetName;
  batch: number;
  window: number;
  units: number;
  embed: number;
  vocab: number;
  learningRate: number;
  clipNorm: number;
}

export function benchShape(config: PresetName): BenchShape {
  const p = PRESETS[config];
  if (!p) throw new Error(`unknown config "${config}" (tiny, small or reference)`);
  return {
    config,
    batch: p.train.batchSize,
    window: p.train.windowLength,
    units: p.model.units,
    embed: p.model.embeddingDim,
    vocab: BENCH_VOCAB,
    learningRate: p.train.learningRate,
    clipNorm: p.train.clipNorm,
  };
}
