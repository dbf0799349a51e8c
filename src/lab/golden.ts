// The golden PyTorch model (float64) run through a GRU path in float32: outputs, final state, loss, gradients.
import * as tf from '../worker/tfjs';
import type { GruSequenceFn } from '../worker/model/gru';
import { errorStats, type Comparison } from './compare';

/** The parts of golden/gru_char_model.json (or gru2_char_model.json, 2 layers) the check reads. */
export interface GoldenModel {
  inputs: number[][]; // [B, T] char ids
  targets: number[][]; // [B, T]
  weights: Record<string, number[] | number[][]>;
  gradients: Record<string, number[] | number[][]>;
  gru_outputs: number[][][]; // [B, T, H] of the top layer
  final_state: number[][] | number[][][]; // [B, H], or [L, B, H] with several layers
  loss: number;
}

/** Weight names in the order the check takes them: embedding, output layer, then 4 per GRU layer. */
function namesOf(g: GoldenModel): string[] {
  const layers = Object.keys(g.weights).filter((n) => n.startsWith('gru.weight_ih_l')).length;
  const gru = Array.from({ length: layers }, (_, l) =>
    ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh'].map((k) => `gru.${k}_l${l}`),
  );
  return ['embedding.weight', 'fc.weight', 'fc.bias', ...gru.flat()];
}

/** Embedding -> GRU per layer -> Dense, mean softmax cross-entropy over all B·T positions (PyTorch's loss). */
function forward(fn: GruSequenceFn, g: GoldenModel, params: tf.Tensor[]) {
  const [emb, fcw, fcb, ...gru] = params;
  const ids = tf.tensor2d(g.inputs, undefined, 'int32');
  let x = tf.transpose(tf.gather(emb, ids), [1, 0, 2]) as tf.Tensor3D; // [T, B, E]
  const lasts: tf.Tensor2D[] = [];
  for (let l = 0; l < gru.length / 4; l++) {
    const [wih, whh, bih, bhh] = gru.slice(4 * l, 4 * l + 4);
    const w = {
      weightIh: wih as tf.Tensor2D,
      weightHh: whh as tf.Tensor2D,
      biasIh: bih as tf.Tensor1D,
      biasHh: bhh as tf.Tensor1D,
    };
    const r = fn(x, w); // one sequence call per layer; the next layer reads these outputs
    x = r.outputs;
    lasts.push(r.last);
  }
  const last = lasts.length === 1 ? lasts[0] : tf.stack(lasts); // [B, H] or [L, B, H] as the file has it
  const out = tf.transpose(x, [1, 0, 2]); // [B, T, H]
  const logits = tf.add(tf.matMul(tf.reshape(out, [-1, out.shape[2]]), fcw, false, true), fcb);
  const vocab = fcw.shape[0];
  const onehot = tf.oneHot(tf.tensor1d(g.targets.flat(), 'int32'), vocab);
  const loss = tf.neg(tf.mean(tf.sum(tf.mul(onehot, tf.logSoftmax(logits)), -1))) as tf.Scalar;
  return { out, last, loss };
}

export async function goldenCheck(fn: GruSequenceFn, g: GoldenModel): Promise<Comparison> {
  const NAMES = namesOf(g);
  const params = NAMES.map((n) => tf.tensor(g.weights[n]));
  const { out, last, loss } = tf.tidy(() => forward(fn, g, params));
  const grads = tf.grads((...ps: tf.Tensor[]) => forward(fn, g, ps).loss)(params);
  const expected = (v: number | number[] | number[][] | number[][][]) => tf.tensor(v as number[]);
  const result: Comparison = {};
  const check = async (name: string, actual: tf.Tensor, want: tf.Tensor) => {
    result[name] = await errorStats(actual, want);
    want.dispose();
  };
  await check('gru_outputs', out, expected(g.gru_outputs));
  await check('final_state', last, expected(g.final_state));
  await check('loss', loss, tf.scalar(g.loss));
  for (let i = 0; i < NAMES.length; i++) await check(`d ${NAMES[i]}`, grads[i], expected(g.gradients[NAMES[i]]));
  tf.dispose([...params, out, last, loss, ...grads]);
  return result;
}
