// The embedding folded into the first cell layer's input projection: one row per vocabulary entry instead of
// one per position, so the window never materialises its embeddings.
//   table[v] = E[v]·W_ihᵀ + b_ih   [V, G·H]      gi[t, b] = table[id[t, b]]   (the forward step reads it)
// Backward: dtable[v] = Σ of dgi over the positions holding v (rows grouped by character on the CPU, so the
// sum is a plain loop in a fixed order), then dE = dtable·W_ih and [dW_ih | db_ih] = dtableᵀ·[E | 1].
import type * as tf from '@tensorflow/tfjs-core';
import { GRU_KERNEL, type CellKernel } from '../gru/cellKernel';
import { groups, runProgram, type WebGPUProgram } from '../dispatch/programRunner';
import { useBindings } from '../dispatch/wgsl';
import type { MatmulJob, MatmulSpec } from '../matmul/matmul';
import { projectRows } from './inputProjection';

/** table [V, G·H] = E [V, E]·W_ihᵀ [E, G·H] + b_ih: the input projection over the vocabulary's rows. */
export function embeddingTable(embedding: tf.Tensor, weightIh: tf.Tensor, biasIh: tf.Tensor): tf.Tensor2D {
  const vocab = embedding.shape[0];
  return projectRows(embedding, vocab, weightIh, biasIh, [vocab, weightIh.shape[0]]) as tf.Tensor2D;
}

/**
 * Positions grouped by character, for tableGrad: [V + 1 offsets, then the N positions sorted by id (stable)].
 * Built on the CPU from the batch's ids (a counting sort).
 */
export function idSegments(ids: Int32Array, vocab: number): Int32Array {
  const out = new Int32Array(vocab + 1 + ids.length);
  for (const id of ids) out[id + 1]++;
  for (let v = 0; v < vocab; v++) out[v + 1] += out[v];
  const next = out.slice(0, vocab);
  ids.forEach((id, position) => (out[vocab + 1 + next[id]++] = position));
  return out;
}

const WORKGROUP = 64;

/** dtable [V, G·H]: for each (v, gate column), the sum of dgi over the positions of v, in position order. */
class TableGradProgram implements WebGPUProgram {
  variableNames = ['grad', 'segments'];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];

  constructor(
    private readonly vocab: number,
    private readonly units: number,
    private readonly cell: CellKernel,
  ) {
    const rows = cell.gates.length * units;
    this.outputShape = [vocab, rows];
    this.dispatch = [groups(vocab * rows, WORKGROUP), 1, 1];
    this.shaderKey = `folioTableGrad_${vocab}_${units}${cell === GRU_KERNEL ? '' : `_${cell.name}`}`;
  }

  getUserCode(): string {
    const { vocab: V, units: H, cell } = this;
    const GH = cell.gates.length * H;
    return `
      ${cell.dgiColumnWgsl(H)}
      fn main(index : i32) {
        ${useBindings(this.variableNames)}
        if (index >= ${V * GH}) { return; }
        let v = index / ${GH};
        let column = dgiColumn(index % ${GH});
        var sum = 0.0;
        for (var i = segments[v]; i < segments[v + 1]; i++) {
          sum += grad[segments[${V + 1} + i] * ${cell.columns.length * H} + column];
        }
        result[index] = sum;
      }
    `;
  }
}

/** dtable [V, G·H] from the first layer's gradient buffer [T, B, C·H] and idSegments (as a tensor). */
export function tableGrad(
  grad: tf.Tensor,
  segments: tf.Tensor,
  vocab: number,
  units: number,
  cell: CellKernel = GRU_KERNEL,
): tf.Tensor2D {
  return runProgram(new TableGradProgram(vocab, units, cell), [grad, segments]) as tf.Tensor2D;
}

/** Jobs for runMatmuls: [dW_ih | db_ih] [G·H, E + 1] = dtableᵀ·[E | 1], then dE [V, E] = dtable·W_ih. */
export function tableWeightJobs(dtable: tf.Tensor, embedding: tf.Tensor, weightIh: tf.Tensor): [MatmulJob, MatmulJob] {
  const [vocab, embed] = embedding.shape;
  const gates = weightIh.shape[0];
  const weightAndBias: MatmulSpec = {
    name: 'tableWeightBiasIh',
    inputs: ['dt', 'emb'],
    m: gates,
    n: embed + 1,
    k: vocab,
    a: `dt[k * ${gates} + m]`,
    b: `select(emb[k * ${embed} + min(n, ${embed - 1})], 1.0, n == ${embed})`,
    aContiguous: 'm',
    bContiguous: 'n',
  };
  const embeddingGrad: MatmulSpec = {
    name: 'tableEmbedding',
    inputs: ['dt', 'wih'],
    m: vocab,
    n: embed,
    k: gates,
    a: `dt[m * ${gates} + k]`,
    b: `wih[k * ${embed} + n]`,
    aContiguous: 'k',
    bContiguous: 'n',
  };
  return [
    { spec: weightAndBias, tensors: [dtable, embedding] },
    { spec: embeddingGrad, tensors: [dtable, weightIh] },
  ];
}
