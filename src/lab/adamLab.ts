// Adam on WebGPU against float64 JS, and whole training runs on the fused path against the reference path
// (same initial weights, same batches), for e2e/training.spec.ts and the console.
import * as tf from '../worker/tfjs';
import { Adam } from '../worker/model/adam';
import { CharModel } from '../worker/model/charModel';
import { initialWeights } from '../worker/model/init';
import { trainStep } from '../worker/model/trainStep';
import { CharDataset } from '../shared/data/batches';
import { buildVocabulary, encodeText } from '../shared/data/vocabulary';
import { PRESETS } from '../shared/config';
import { createRng } from '../shared/data/rng';
import { fixedGuard } from '../worker/kernels/step/stepGuard';

/** max |a − b| / max(max |b|, floor): the floor (the step size) keeps a value near zero from inflating it. */
export function relative(a: Float32Array, b: Float64Array, floor: number): number {
  let diff = 0;
  let scale = floor;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / scale;
}

export const LEARNING_RATE = 0.01;

/** Adam in float64 JS, the yardstick for both tfjs paths. */
export function adamInJs(w: Float64Array, grads: Float32Array[], scale: number) {
  const [b1, b2, eps] = [0.9, 0.999, 1e-7];
  const m = new Float64Array(w.length);
  const v = new Float64Array(w.length);
  grads.forEach((g, s) => {
    const t = s + 1;
    const alpha = (LEARNING_RATE * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
    const epsHat = eps * Math.sqrt(1 - b2 ** t);
    for (let i = 0; i < w.length; i++) {
      const sg = scale * g[i];
      m[i] = b1 * m[i] + (1 - b1) * sg;
      v[i] = b2 * v[i] + (1 - b2) * sg * sg;
      w[i] -= (alpha * m[i]) / (Math.sqrt(v[i]) + epsHat);
    }
  });
  return { w, m, v };
}

/** Several steps of the app's Adam (plain or fused, with a clipping scale) against float64 JS. */
export async function checkAdam(
  size: number,
  steps: number,
  scale: number,
  fused: boolean,
): Promise<Record<'w' | 'm' | 'v', number>> {
  const rng = createRng(size);
  const draw = () => Float32Array.from({ length: size }, () => rng.next() * 2 - 1);
  const w0 = draw();
  const grads = Array.from({ length: steps }, draw);
  const exact = adamInJs(Float64Array.from(w0), grads, scale);
  const target = { w: tf.variable(tf.tensor1d(w0)) };
  const adam = new Adam(target);
  for (const g of grads) {
    const gt = tf.tensor1d(g);
    adam.apply({ w: gt }, LEARNING_RATE, scale, fused);
    gt.dispose();
  }
  const moments = await adam.readMoments();
  const errors = {
    w: relative((await target.w.data()) as Float32Array, exact.w, LEARNING_RATE),
    m: relative(moments.m.w.data, exact.m, 1e-3),
    v: relative(moments.v.w.data, exact.v, 1e-6),
  };
  target.w.dispose();
  adam.dispose();
  return errors;
}

/**
 * A weight [rows, cols] and its bias [rows] whose gradients share one buffer [rows, cols + 1] (the bias in the
 * last column), updated by one fused dispatch through Adam.applyGuarded, against float64 JS per weight.
 */
export async function checkPairedAdam(
  rows: number,
  cols: number,
  steps: number,
  scale: number,
): Promise<Record<string, number>> {
  const rng = createRng(rows * 31 + cols);
  const draw = (n: number) => Float32Array.from({ length: n }, () => rng.next() * 2 - 1);
  const [w0, b0] = [draw(rows * cols), draw(rows)];
  const combined = Array.from({ length: steps }, () => draw(rows * (cols + 1)));
  const part = (g: Float32Array, first: number, width: number) =>
    Float32Array.from({ length: rows * width }, (_, i) => g[Math.floor(i / width) * (cols + 1) + first + (i % width)]);
  const exactW = adamInJs(
    Float64Array.from(w0),
    combined.map((g) => part(g, 0, cols)),
    scale,
  );
  const exactB = adamInJs(
    Float64Array.from(b0),
    combined.map((g) => part(g, cols, 1)),
    scale,
  );
  const targets = { w: tf.variable(tf.tensor2d(w0, [rows, cols])), b: tf.variable(tf.tensor1d(b0)) };
  const adam = new Adam(targets);
  const guard = fixedGuard(scale);
  for (const g of combined) {
    const gt = tf.tensor2d(g, [rows, cols + 1]);
    const views = {
      w: { tensor: gt, cols, stride: cols + 1, offset: 0 },
      b: { tensor: gt, cols: 1, stride: cols + 1, offset: cols },
    };
    adam.applyGuarded(views, LEARNING_RATE, guard);
    gt.dispose();
  }
  const moments = await adam.readMoments();
  const errors = {
    w: relative((await targets.w.data()) as Float32Array, exactW.w, LEARNING_RATE),
    'm w': relative(moments.m.w.data, exactW.m, 1e-3),
    'v w': relative(moments.v.w.data, exactW.v, 1e-6),
    b: relative((await targets.b.data()) as Float32Array, exactB.w, LEARNING_RATE),
    'm b': relative(moments.m.b.data, exactB.m, 1e-3),
    'v b': relative(moments.v.b.data, exactB.v, 1e-6),
  };
  tf.dispose([targets.w, targets.b, guard.sums]);
  adam.dispose();
  return errors;
}

const TEXT = 'the owl and the cat went to sea in a boat that was green. '.repeat(30);

/** Trains the same model on the same batches on both paths; returns both loss curves. */
export async function compareTrainingPaths(steps: number): Promise<{ fused: number[]; reference: number[] }> {
  const vocab = buildVocabulary(TEXT);
  const train = { ...PRESETS.tiny.train, batchSize: 4, windowLength: 12, learningRate: 0.01 };
  const data = new CharDataset(encodeText(TEXT, vocab).ids, train);
  const config = { vocabSize: vocab.chars.length, embeddingDim: 8, units: 24 };
  const curves = { fused: [] as number[], reference: [] as number[] };
  for (const path of ['fused', 'reference'] as const) {
    const model = new CharModel(config, initialWeights(config, 7));
    model.useKernels(path === 'fused');
    const adam = new Adam(model.weights);
    let position = { epoch: 0, batchInEpoch: 0 };
    for (let s = 0; s < steps; s++) {
      curves[path].push((await trainStep(model, adam, data.trainBatch(position), train)).loss);
      position = data.advance(position);
    }
    model.dispose();
    adam.dispose();
  }
  return curves;
}
