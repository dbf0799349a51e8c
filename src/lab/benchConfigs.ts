// The benchmark's problem sizes: the app's presets, with the vocabulary of Tiny Shakespeare.
import { PRESETS, type PresetName } from '../shared/config';
import type { CellName } from '../shared/cell';

/** Distinct characters in Tiny Shakespeare. */
export const BENCH_VOCAB = 65;

/**
 * The presets; `mid`: batch 32 × window 64 × GRU 512 (a planner's likely pick on a laptop); `plan64`: the plan
 * a newcomer gets for Tiny Shakespeare on a software GPU (the ladder's GRU 64: batch 16 × window 32).
 */
export type BenchConfig = PresetName | 'mid' | 'plan64';
export interface BenchShape {
  config: BenchConfig;
  /** The recurrent cell the config is built with (the presets' GRU unless the bench is told otherwise). */
  cell: CellName;
  batch: number;
  window: number;
  units: number;
  embed: number;
  vocab: number;
  learningRate: number;
  clipNorm: number;
}

const MID = { batch: 32, window: 64, units: 512, embed: 128, learningRate: 2e-3, clipNorm: 5 };

const PLAN64 = { batch: 16, window: 32, units: 64, embed: 32, learningRate: 2e-2, clipNorm: 5 };

export function benchShape(config: BenchConfig, cell: CellName = 'gru'): BenchShape {
  if (config === 'mid') return { config, cell, ...MID, vocab: BENCH_VOCAB };
  if (config === 'plan64') return { config, cell, ...PLAN64, vocab: BENCH_VOCAB };
  const p = PRESETS[config];
  if (!p) throw new Error(`unknown config "${config}" (tiny, small, mid, deep or reference)`);
  return {
    config,
    cell,
    batch: p.train.batchSize,
    window: p.train.windowLength,
    units: p.model.units,
    embed: p.model.embeddingDim,
    vocab: BENCH_VOCAB,
    learningRate: p.train.learningRate,
    clipNorm: p.train.clipNorm,
  };
}
