// Initial weights like the reference (Keras): Glorot-uniform kernels, uniform(±0.05) embedding, zero biases.
// Drawn from our own seeded generator in plain JS: fast at 1024×3072 and identical on every backend.
import type { ModelConfig } from '../../shared/config';
import { weightNames, weightShapes, type StoredTensor, type WeightName } from '../../shared/checkpoint/types';
import { createRng, mixSeed, type Rng } from '../../shared/data/rng';
import { CELL_GATES, cellOf } from '../../shared/cell';

function uniform(size: number, limit: number, rng: Rng): Float32Array {
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = (rng.next() * 2 - 1) * limit;
  return out;
}

/** Glorot limit sqrt(6 / (fanIn + fanOut)); Keras counts a kernel's fan-out over all its gates (3 GRU, 4 LSTM). */
const glorot = (fanIn: number, fanOut: number) => Math.sqrt(6 / (fanIn + fanOut));

export function initialWeights(m: ModelConfig, seed: number): Record<WeightName, StoredTensor> {
  const shapes = weightShapes(m);
  const { embeddingDim: e, units: h, vocabSize: v } = m;
  const rows = CELL_GATES[cellOf(m)] * h;
  const limits: Record<WeightName, number> = { 'embedding.weight': 0.05, 'fc.weight': glorot(h, v), 'fc.bias': 0 };
  for (const name of weightNames(m)) {
    const layer = /_l(\d+)$/.exec(name);
    if (!layer) continue;
    const inputs = layer[1] === '0' ? e : h; // layer l > 0 reads the layer below
    limits[name] = name.includes('bias') ? 0 : glorot(name.includes('weight_ih') ? inputs : h, rows);
  }
  const out = {} as Record<WeightName, StoredTensor>;
  // The seed index of layer-0 and output weights is their position in a one-layer model, so one-layer runs
  // start from the same weights as before layers existed; deeper layers' tensors come after.
  orderForSeeds(weightNames(m)).forEach((name, i) => {
    const shape = shapes[name];
    const size = shape.reduce((a, b) => a * b, 1);
    const rng = createRng(mixSeed(seed, i, 0x1417));
    out[name] = { shape, data: limits[name] === 0 ? new Float32Array(size) : uniform(size, limits[name], rng) };
  });
  return out;
}

/** The one-layer names first, in their old order, then layers 1, 2, ... */
function orderForSeeds(names: WeightName[]): WeightName[] {
  const upper = names.filter((n) => /_l[1-9]\d*$/.test(n));
  return [...names.filter((n) => !upper.includes(n)), ...upper];
}
