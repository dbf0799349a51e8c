// Initial weights like the reference (Keras): Glorot-uniform kernels, uniform(±0.05) embedding, zero biases.
// Drawn from our own seeded generator in plain JS: fast at 1024×3072 and identical on every backend.
import type { ModelConfig } from '../../shared/config';
import { weightShapes, WEIGHT_NAMES, type StoredTensor, type WeightName } from '../../shared/checkpoint/types';
import { createRng, mixSeed, type Rng } from '../../shared/data/rng';

function uniform(size: number, limit: number, rng: Rng): Float32Array {
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = (rng.next() * 2 - 1) * limit;
  return out;
}

/** Glorot limit sqrt(6 / (fanIn + fanOut)); Keras counts a GRU kernel's fan-out over all three gates. */
const glorot = (fanIn: number, fanOut: number) => Math.sqrt(6 / (fanIn + fanOut));

export function initialWeights(m: ModelConfig, seed: number): Record<WeightName, StoredTensor> {
  const shapes = weightShapes(m);
  const { embeddingDim: e, units: h, vocabSize: v } = m;
  const limits: Record<WeightName, number> = {
    'embedding.weight': 0.05,
    'gru.weight_ih_l0': glorot(e, 3 * h),
    'gru.weight_hh_l0': glorot(h, 3 * h),
    'gru.bias_ih_l0': 0,
    'gru.bias_hh_l0': 0,
    'fc.weight': glorot(h, v),
    'fc.bias': 0,
  };
  const out = {} as Record<WeightName, StoredTensor>;
  WEIGHT_NAMES.forEach((name, i) => {
    const shape = shapes[name];
    const size = shape.reduce((a, b) => a * b, 1);
    const rng = createRng(mixSeed(seed, i, 0x1417));
    out[name] = { shape, data: limits[name] === 0 ? new Float32Array(size) : uniform(size, limits[name], rng) };
  });
  return out;
}
