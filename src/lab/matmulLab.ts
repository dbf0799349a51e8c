// Several matmuls in one dispatch (kernels/matmul.ts runMatmuls) against tfjs's own matMul, under a tile
// variant: odd sizes (edge tiles), an input two segments share, a transposed operand and a ones column
// ([X | 1], as the weight-and-bias gradients read it).
import * as tf from '../worker/tfjs';
import { runMatmuls, segmentOffsets, type MatmulJob } from '../worker/kernels/matmul/matmul';
import type { MatmulVariant } from '../worker/kernels/kernelVariants';
import { createRng } from '../shared/data/rng';
import { errorStats, type Comparison } from './compare';

export async function checkSegmentedMatmul(variant: MatmulVariant): Promise<Comparison> {
  const rng = createRng(7);
  const random = (shape: [number, number]) =>
    tf.tensor2d(
      Float32Array.from({ length: shape[0] * shape[1] }, () => rng.next() * 2 - 1),
      shape,
    );
  const a = random([37, 29]); // A [m, k]
  const x = random([29, 70]); // shared by two segments
  const at = random([130, 5]); // Aᵀ stored [k, m]
  const [m, k, n] = [37, 29, 70];
  const jobs: MatmulJob[] = [
    {
      spec: { name: 'plain', inputs: ['a', 'x'], m, n, k, a: `a[m * ${k} + k]`, b: `x[k * ${n} + n]` },
      tensors: [a, x],
    },
    {
      // C [5, 71] = atᵀ·[x' | 1] with x' the first 130 values of x seen as [130, 1]: a ones column, a transposed A.
      spec: {
        name: 'transposedOnes',
        inputs: ['at', 'x'],
        m: 5,
        n: 2,
        k: 130,
        a: 'at[k * 5 + m]',
        b: 'select(x[k], 1.0, n == 1)',
        aContiguous: 'm',
      },
      tensors: [at, x],
    },
    {
      spec: { name: 'column', inputs: ['x', 'a'], m: 70, n: 1, k: 29, a: `x[k * ${n} + m]`, b: `a[k]` },
      tensors: [x, a],
    },
  ];
  const out = runMatmuls('lab', jobs, variant);
  const offsets = segmentOffsets(jobs);
  const expected = tf.tidy(() => [
    tf.matMul(a, x),
    tf.matMul(
      at,
      tf.concat([tf.reshape(tf.slice(tf.reshape(x, [-1]), [0], [130]), [130, 1]), tf.ones([130, 1])], 1),
      true,
    ),
    tf.matMul(x, tf.reshape(tf.slice(tf.reshape(a, [-1]), [0], [29]), [29, 1]), true),
  ]);
  const result: Comparison = {};
  for (const [i, job] of jobs.entries()) {
    const got = tf.tidy(() =>
      tf.reshape(tf.slice(out, [offsets[i]], [job.spec.m * job.spec.n]), [job.spec.m, job.spec.n]),
    );
    result[job.spec.name] = await errorStats(got, expected[i]);
    got.dispose();
  }
  tf.dispose([a, x, at, out, ...expected]);
  return result;
}
