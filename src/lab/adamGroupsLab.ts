// Adam for many weights at once (kernels/step/adamKernel.ts) against float64 JS: weights laid out as a
// training step lays them out (per layer one gradient buffer, each weight a segment of it, a bias as its
// weight's last column), updated through Adam.applyGuarded under a forced storage-buffer limit, so the same
// weights go in one dispatch or in several. For e2e/training.spec.ts.
import * as tf from '../worker/tfjs';
import { Adam } from '../worker/model/adam';
import { fixedGuard } from '../worker/kernels/step/stepGuard';
import type { GradView } from '../worker/kernels/step/adamKernel';
import { forceStorageBufferLimit, storageBufferLimit } from '../worker/kernels/dispatch/programRunner';
import { rawDispatchListeners } from '../worker/kernels/dispatch/rawPass';
import { createRng } from '../shared/data/rng';
import { adamInJs, LEARNING_RATE, relative } from './adamLab';

/** A weight [rows, cols] in a gradient buffer, with its bias [rows] as the segment's last column when `bias`. */
export type WeightSegment = [rows: number, cols: number, bias: boolean];

/** One weight's place: its shape, and its gradient inside buffer `buffer` (a view). */
interface Placed {
  name: string;
  shape: number[];
  buffer: number;
  view: Omit<GradView, 'tensor'>;
}

/** Lays out the weights of each buffer's segments one after another, as runGradJobs does. */
function place(buffers: WeightSegment[][]): { placed: Placed[]; sizes: number[] } {
  const placed: Placed[] = [];
  const sizes = buffers.map((segments, b) => {
    let offset = 0;
    segments.forEach(([rows, cols, bias], s) => {
      const name = `b${b}s${s}`;
      if (!bias)
        placed.push({ name, shape: [rows, cols], buffer: b, view: { cols: rows * cols, stride: rows * cols, offset } });
      else {
        placed.push({ name, shape: [rows, cols], buffer: b, view: { cols, stride: cols + 1, offset } });
        placed.push({
          name: `${name}.bias`,
          shape: [rows],
          buffer: b,
          view: { cols: 1, stride: cols + 1, offset: offset + cols },
        });
      }
      offset += rows * (cols + (bias ? 1 : 0));
    });
    return offset;
  });
  return { placed, sizes };
}

/** Element i of a view into `g`. */
const viewed = (g: Float32Array, v: Omit<GradView, 'tensor'>, size: number) =>
  Float32Array.from({ length: size }, (_, i) => g[v.offset + Math.floor(i / v.cols) * v.stride + (i % v.cols)]);

/**
 * Several steps of Adam.applyGuarded over every weight of `buffers`, with at most `limit` storage buffers per
 * program (undefined: the device's own), against float64 JS per weight. Returns the worst error over the
 * weights for w, m and v, the Adam dispatches of one step, and the limit in effect.
 */
export async function checkAllWeightsAdam(
  buffers: WeightSegment[][],
  limit: number | undefined,
  steps = 4,
  scale = 0.5,
): Promise<{ errors: Record<'w' | 'm' | 'v', number>; dispatchesPerStep: number; limit: number }> {
  const rng = createRng(buffers.flat().length * 97 + (limit ?? 0));
  const draw = (n: number) => Float32Array.from({ length: n }, () => rng.next() * 2 - 1);
  const { placed, sizes } = place(buffers);
  const sizeOf = (p: Placed) => p.shape.reduce((a, b) => a * b, 1);
  const w0 = placed.map((p) => draw(sizeOf(p)));
  const grads = Array.from({ length: steps }, () => sizes.map(draw));
  const targets = Object.fromEntries(placed.map((p, i) => [p.name, tf.variable(tf.tensor(w0[i], p.shape))]));
  const adam = new Adam(targets);
  const guard = fixedGuard(scale);
  let dispatches = 0;
  const count = (key: string) => void (key.startsWith('folioAdam') && dispatches++);
  rawDispatchListeners.add(count);
  forceStorageBufferLimit(limit);
  try {
    for (const step of grads) {
      const tensors = step.map((g) => tf.tensor1d(g));
      const views = Object.fromEntries(placed.map((p) => [p.name, { tensor: tensors[p.buffer], ...p.view }]));
      adam.applyGuarded(views, LEARNING_RATE, guard);
      tf.dispose(tensors);
    }
    const moments = await adam.readMoments();
    const errors = { w: 0, m: 0, v: 0 };
    for (const [i, p] of placed.entries()) {
      const exact = adamInJs(
        Float64Array.from(w0[i]),
        grads.map((step) => viewed(step[p.buffer], p.view, sizeOf(p))),
        scale,
      );
      const w = (await targets[p.name].data()) as Float32Array;
      errors.w = Math.max(errors.w, relative(w, exact.w, LEARNING_RATE));
      errors.m = Math.max(errors.m, relative(moments.m[p.name].data, exact.m, 1e-3));
      errors.v = Math.max(errors.v, relative(moments.v[p.name].data, exact.v, 1e-6));
    }
    return { errors, dispatchesPerStep: dispatches / steps, limit: storageBufferLimit() };
  } finally {
    forceStorageBufferLimit(undefined);
    rawDispatchListeners.delete(count);
    tf.dispose([...Object.values(targets), guard.sums]);
    adam.dispose();
  }
}
