// The LSTM and the tanh RNN on the reference path against PyTorch's float64 golden files (nn.LSTM with one and
// two layers, nn.RNN): outputs, final state (and the LSTM's c), logits, loss, every gradient, greedy text.
// Tolerance as the GRU's (gru.test.ts): |ours − PyTorch| ≤ 1e-4·|expected| + 1e-7 elementwise, in float32.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tfjs';
import { CharModel } from './charModel';
import { generateIds } from '../generation/generate';
import { CELL_GOLDEN_PATHS, loadGolden, worstRatio, type Golden } from '../../test/golden';
import { weightNames, type StoredTensor, type WeightName } from '../../shared/checkpoint/types';
import type { ModelConfig } from '../../shared/config';

const flat = (a: unknown): number[] => (Array.isArray(a) ? a.flat(Infinity as 1) : [a]) as number[];
const transposeBT = <T>(rows: T[][]): T[][] => rows[0].map((_, t) => rows.map((r) => r[t]));

function goldenModel(g: Golden): CharModel {
  const config: ModelConfig = {
    cell: g.cell,
    vocabSize: g.sizes.vocab,
    embeddingDim: g.sizes.embedding,
    units: g.sizes.units,
    layers: g.sizes.layers ?? 1,
    dropout: 0,
  };
  const weights = {} as Record<WeightName, StoredTensor>;
  for (const name of weightNames(config)) {
    const w = g.weights[name];
    const shape = Array.isArray(w[0]) ? [w.length, (w[0] as number[]).length] : [w.length];
    weights[name] = { shape, data: Float32Array.from(flat(w)) };
  }
  return new CharModel(config, weights);
}

describe.each(Object.entries(CELL_GOLDEN_PATHS))('reference %s against the PyTorch golden model', (_, path) => {
  const golden = loadGolden(path);
  if (!golden) return it.skip('golden file absent');
  const g = golden;
  const windows = () => ({
    ids: tf.tensor2d(transposeBT(g.inputs), undefined, 'int32'), // [T, B]
    targets: tf.tensor2d(transposeBT(g.targets), undefined, 'int32'),
  });
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('builds the cell the file declares, with its weight names and shapes', () => {
    const model = goldenModel(g);
    expect(model.cell.name).toBe(g.cell);
    expect([...model.names].sort()).toEqual(Object.keys(g.weights).sort());
    model.dispose();
  });

  it('reproduces the outputs, final state, logits and loss', () => {
    const model = goldenModel(g);
    const { ids, targets } = windows();
    tf.tidy(() => {
      let x = model.embed(ids);
      for (let l = 0; l < model.layers; l++) x = model.recurrence(x, model.cellLayer(l)).outputs;
      const { logits, last } = model.forward(ids); // last: [L, B, P·H]
      const h = g.sizes.units;
      const planes = tf.split(last, model.cell.planes, 2);
      expect(worstRatio(tf.transpose(x, [1, 0, 2]).dataSync(), flat(g.outputs))).toBeLessThanOrEqual(1);
      expect(worstRatio(planes[0].dataSync(), flat(g.final_state))).toBeLessThanOrEqual(1);
      if (g.final_cell) expect(worstRatio(planes[1].dataSync(), flat(g.final_cell))).toBeLessThanOrEqual(1);
      expect(last.shape[2]).toBe(model.cell.planes * h);
      expect(worstRatio(tf.transpose(logits, [1, 0, 2]).dataSync(), flat(g.logits))).toBeLessThanOrEqual(1);
      expect(worstRatio(model.loss(ids, targets).dataSync(), [g.loss])).toBeLessThanOrEqual(1);
    });
    tf.dispose([ids, targets]);
    model.dispose();
  });

  it('reproduces every gradient', () => {
    const model = goldenModel(g);
    const { ids, targets } = windows();
    const { value, grads } = tf.variableGrads(() => model.loss(ids, targets), model.variables);
    expect(model.names.length).toBe(Object.keys(g.gradients).length);
    for (const name of model.names) {
      const ratio = worstRatio(grads[model.weights[name].name].dataSync(), flat(g.gradients[name]));
      expect(ratio, name).toBeLessThanOrEqual(1);
    }
    tf.dispose([value, ids, targets, ...Object.values(grads)]);
    model.dispose();
  });

  it('continues row 0 greedily as PyTorch does, carrying the whole state', async () => {
    const model = goldenModel(g);
    const ids = await generateIds(model, g.inputs[0], { length: 8, temperature: 0, samplingSeed: 1, onId: () => {} });
    expect(ids).toEqual(g.greedy_continuation_of_row0);
    model.dispose();
  });
});
