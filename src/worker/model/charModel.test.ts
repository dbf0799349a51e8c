// The model's loss and gradients agree between tfjs's CPU backend and its WASM backend (which has no
// UnsortedSegmentSum and a OneHot that ignores its dtype: both worked around in charModel.ts).
import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '../tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { CharModel } from './charModel';
import { Adam } from './adam';
import { initialWeights } from './init';
import { trainStep } from './trainStep';

const config = { vocabSize: 10, embeddingDim: 4, units: 8 };
const batch = {
  inputs: Int32Array.from({ length: 12 }, (_, i) => i % 10),
  targets: Int32Array.from({ length: 12 }, (_, i) => (i * 3) % 10),
  time: 4,
  batch: 3,
};

async function lossesOn(backend: string, steps: number): Promise<{ losses: number[]; norms: number[] }> {
  await tf.setBackend(backend);
  await tf.ready();
  const model = new CharModel(config, initialWeights(config, 1));
  const adam = new Adam(model.weights);
  const out = { losses: [] as number[], norms: [] as number[] };
  for (let i = 0; i < steps; i++) {
    const r = await trainStep(model, adam, batch, { learningRate: 0.05, clipNorm: 5 });
    out.losses.push(r.loss);
    out.norms.push(r.gradNorm);
  }
  model.dispose();
  adam.dispose();
  return out;
}

describe('CharModel on the WASM backend', () => {
  afterAll(() => tf.setBackend('cpu'));

  it("has the CPU backend's loss and gradient norm, and learns", async () => {
    const cpu = await lossesOn('cpu', 5);
    const wasm = await lossesOn('wasm', 5);
    expect(cpu.losses[0]).toBeCloseTo(Math.log(config.vocabSize), 0); // an untrained model is near uniform
    wasm.losses.forEach((loss, i) =>
      expect(Math.abs(loss - cpu.losses[i]) / cpu.losses[i], `loss at step ${i + 1}`).toBeLessThan(1e-4),
    );
    wasm.norms.forEach((norm, i) =>
      expect(Math.abs(norm - cpu.norms[i]) / cpu.norms[i], `norm at step ${i + 1}`).toBeLessThan(1e-4),
    );
    expect(wasm.losses[4]).toBeLessThan(wasm.losses[0]);
  });
});
