// A hand-built CharModel whose next-character distribution depends only on the last character, given as a
// table: the GRU's state becomes one-hot(last character) (update gate shut, n = tanh(10·x)), and the output
// layer holds ln table[last][next]. Lets tests know the right answer of a decoder exactly.
import { CharModel } from '../worker/model/charModel';
import type { StoredTensor, WeightName } from '../shared/checkpoint/types';

/** table[j][v] = P(next = v | last = j); each row sums to 1 and has no zeros. */
export function bigramModel(table: number[][]): CharModel {
  const v = table.length;
  const eye = (scale = 1) => Float32Array.from({ length: v * v }, (_, i) => (Math.floor(i / v) === i % v ? scale : 0));
  const t = (shape: number[], data: Float32Array): StoredTensor => ({ shape, data });
  const zeros = (n: number) => new Float32Array(n);
  const weightIh = new Float32Array(3 * v * v);
  weightIh.set(eye(10), 2 * v * v); // gate n only
  const biasIh = new Float32Array(3 * v);
  biasIh.fill(-30, v, 2 * v); // gate z ≈ 0: the new state is n
  const fc = new Float32Array(v * v);
  for (let j = 0; j < v; j++)
    for (let next = 0; next < v; next++) fc[next * v + j] = Math.log(table[j][next]) / Math.tanh(10);
  const weights: Record<WeightName, StoredTensor> = {
    'embedding.weight': t([v, v], eye()),
    'gru.weight_ih_l0': t([3 * v, v], weightIh),
    'gru.weight_hh_l0': t([3 * v, v], zeros(3 * v * v)),
    'gru.bias_ih_l0': t([3 * v], biasIh),
    'gru.bias_hh_l0': t([3 * v], zeros(3 * v)),
    'fc.weight': t([v, v], fc),
    'fc.bias': t([v], zeros(v)),
  };
  return new CharModel({ vocabSize: v, embeddingDim: v, units: v }, weights);
}
