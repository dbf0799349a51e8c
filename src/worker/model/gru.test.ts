import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tfjs';
import { CharModel } from './charModel';
import { generateIds } from '../generation/generate';
import { GOLDEN2_PATH, GOLDEN_PATH, loadGolden, worstRatio, type Golden } from '../../test/golden';
import { weightNames, type StoredTensor, type WeightName } from '../../shared/checkpoint/types';
import type { ModelConfig } from '../../shared/config';

// Tolerance: elementwise |ours − PyTorch float64| ≤ 1e-4·|expected| + 1e-7, in float32.
// The same checks run on the one-layer file and on the two-layer one (nn.GRU(num_layers=2), dropout off).
const flat = (a: unknown): number[] => (Array.isArray(a) ? a.flat(Infinity as 1) : [a]) as number[];
const transposeBT = <T>(rows: T[][]): T[][] => rows[0].map((_, t) => rows.map((r) => r[t]));

const configOf = (g: Golden): ModelConfig => ({
  vocabSize: g.sizes.vocab,
  embeddingDim: g.sizes.embedding,
  units: g.sizes.units,
  layers: g.sizes.layers ?? 1,
  dropout: 0,
});

function goldenModelOf(g: Golden): CharModel {
  const weights = {} as Record<WeightName, StoredTensor>;
  const config = configOf(g);
  for (const name of weightNames(config)) {
    const w = g.weights[name];
    const shape = Array.isArray(w[0]) ? [w.length, (w[0] as number[]).length] : [w.length];
    weights[name] = { shape, data: Float32Array.from(flat(w)) };
  }
  return new CharModel(config, weights);
}

describe.each([
  ['one layer', GOLDEN_PATH],
  ['two layers', GOLDEN2_PATH],
])('reference GRU against the PyTorch golden model (%s)', (_, path) => {
  const golden = loadGolden(path);
  const goldenModel = () => goldenModelOf(golden!);
  if (!golden) return it.skip('golden file absent');
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('reproduces GRU outputs, final state, logits and loss', () => {
    const g = golden!;
    const model = goldenModel();
    const ids = tf.tensor2d(transposeBT(g.inputs), undefined, 'int32'); // [T, B]
    const targets = tf.tensor2d(transposeBT(g.targets), undefined, 'int32');
    let x = model.embed(ids);
    for (let l = 0; l < model.layers; l++) x = model.recurrence(x, model.cellLayer(l)).outputs; // top layer's outputs
    const { logits, last } = model.forward(ids); // last: [L, B, H]
    const loss = model.loss(ids, targets);
    expect(worstRatio(tf.transpose(x, [1, 0, 2]).dataSync(), flat(g.gru_outputs))).toBeLessThanOrEqual(1);
    expect(worstRatio(last.dataSync(), flat(g.final_state))).toBeLessThanOrEqual(1);
    expect(worstRatio(tf.transpose(logits, [1, 0, 2]).dataSync(), flat(g.logits))).toBeLessThanOrEqual(1);
    expect(worstRatio(loss.dataSync(), [g.loss])).toBeLessThanOrEqual(1);
    model.dispose();
  });

  it('reproduces every gradient', () => {
    const g = golden!;
    const model = goldenModel();
    const ids = tf.tensor2d(transposeBT(g.inputs), undefined, 'int32');
    const targets = tf.tensor2d(transposeBT(g.targets), undefined, 'int32');
    const { grads } = tf.variableGrads(() => model.loss(ids, targets), model.variables);
    expect(model.names.length).toBe(Object.keys(g.gradients).length);
    for (const name of model.names) {
      const ratio = worstRatio(grads[model.weights[name].name].dataSync(), flat(g.gradients[name]));
      expect(ratio, name).toBeLessThanOrEqual(1);
    }
    model.dispose();
  });

  it('continues row 0 greedily as PyTorch does', async () => {
    const g = golden!;
    const model = goldenModel();
    const ids = await generateIds(model, g.inputs[0], { length: 8, temperature: 0, samplingSeed: 1, onId: () => {} });
    expect(ids).toEqual(g.greedy_continuation_of_row0);
    model.dispose();
  });
});
