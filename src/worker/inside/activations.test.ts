// The explorer's activation pass against the reference GRU: the same hidden states, chunk by chunk, and
// probabilities that match the model's own forward pass; no tensor left behind.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tfjs';
import { CharModel } from '../model/charModel';
import { gruSequence } from '../model/gru';
import { initialWeights } from '../model/init';
import { activationPass, layerWeights } from './activations';

const config = { vocabSize: 11, embeddingDim: 5, units: 7 };
const ids = Int32Array.from({ length: 23 }, (_, i) => (i * 7 + 3) % config.vocabSize);

describe('activationPass', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  });

  it('gives the reference gruSequence hidden states and the forward pass top characters, in chunks', async () => {
    const model = new CharModel(config, initialWeights(config, 3));
    const before = tf.memory().numTensors;
    const acts = (await activationPass(model, layerWeights(model), ids, { chunk: 5, k: 3 }))!;
    expect(tf.memory().numTensors).toBe(before);

    const input = tf.tensor2d(ids, [ids.length, 1], 'int32');
    const { outputs } = gruSequence(model.embed(input), model.cellLayer(0));
    const reference = await outputs.data();
    const { logits } = model.forward(input);
    const probs = await tf.softmax(tf.reshape(logits, [ids.length, config.vocabSize])).data();
    expect(acts.steps).toBe(ids.length);
    expect(acts.units).toBe(config.units);
    for (let i = 0; i < reference.length; i++) expect(acts.values.h![0][i]).toBeCloseTo(reference[i], 5);
    for (let i = 0; i < acts.values.z![0].length; i++) {
      expect(acts.values.z![0][i]).toBeGreaterThan(0);
      expect(acts.values.r![0][i]).toBeLessThan(1);
    }
    for (let t = 0; t < ids.length; t++) {
      const row = probs.slice(t * config.vocabSize, (t + 1) * config.vocabSize);
      const best = row.indexOf(Math.max(...row));
      expect(acts.topIds[t * 3]).toBe(best);
      expect(acts.topProbabilities[t * 3]).toBeCloseTo(row[best], 5);
    }
    model.dispose();
  });

  it('reads every layer of a stacked model: layer 1 sees layer 0 outputs, the top layer feeds the logits', async () => {
    const stacked = { ...config, layers: 2, dropout: 0.3 }; // dropout never applies here
    const model = new CharModel(stacked, initialWeights(stacked, 5));
    const acts = (await activationPass(model, layerWeights(model), ids, { chunk: 4, k: 2 }))!;
    expect(acts.values.h).toHaveLength(2);
    const input = tf.tensor2d(ids, [ids.length, 1], 'int32');
    const lower = gruSequence(model.embed(input), model.cellLayer(0)).outputs;
    const upper = await gruSequence(lower, model.cellLayer(1)).outputs.data();
    for (let i = 0; i < upper.length; i++) expect(acts.values.h![1][i]).toBeCloseTo(upper[i], 5);
    const probs = await tf.softmax(tf.reshape(model.forward(input).logits, [ids.length, config.vocabSize])).data();
    expect(acts.topProbabilities[0]).toBeCloseTo(Math.max(...probs.slice(0, config.vocabSize)), 5);
    model.dispose();
  });

  it("keeps an LSTM's own signals and carries its c across chunks: h and c as the reference recurrence gives them", async () => {
    const lstm = { ...config, cell: 'lstm' as const, layers: 2 };
    const model = new CharModel(lstm, initialWeights(lstm, 9));
    const before = tf.memory().numTensors;
    const acts = (await activationPass(model, layerWeights(model), ids, { chunk: 4, k: 2 }))!;
    expect(tf.memory().numTensors).toBe(before);
    expect(acts.signals).toEqual(['i', 'f', 'o', 'g', 'c', 'h']);
    const { logits, last } = model.forward(tf.tensor2d(ids, [ids.length, 1], 'int32')); // last [L, 1, 2H]
    const lastC = (await last.data()).slice(config.units, 2 * config.units); // layer 0's c after the text
    const c0 = acts.values.c![0].slice((ids.length - 1) * config.units);
    for (let j = 0; j < config.units; j++) expect(c0[j]).toBeCloseTo(lastC[j], 5);
    const probs = await tf.softmax(tf.reshape(logits, [ids.length, config.vocabSize])).data();
    const t = ids.length - 1;
    expect(acts.topProbabilities[t * 2]).toBeCloseTo(Math.max(...probs.slice(t * config.vocabSize)), 5);
    for (const gate of ['i', 'f', 'o'] as const) {
      for (const v of acts.values[gate]![1]) expect(v > 0 && v < 1, gate).toBe(true);
    }
    model.dispose();
  });

  it('stops before the next chunk when asked, leaving no tensor', async () => {
    const model = new CharModel(config, initialWeights(config, 4));
    const before = tf.memory().numTensors;
    let chunks = 0;
    const acts = await activationPass(model, layerWeights(model), ids, { chunk: 5, shouldStop: () => chunks++ >= 2 });
    expect(acts).toBeNull();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
