// A cell's gradients over the whole window, after the backward time loop, as a few large matmuls that
// read the packed gradient buffer [T·B, C·H] in place (GRU: columns dgh = [dar, daz, dan·r], dh, dan; dgh is
// always the first G·H columns and dgiColumn says where dgi's are, cellKernel.ts):
//   dW_hh = dghᵀ·h_prev   db_hh = Σ dgh   dW_ih = dgiᵀ·x   db_ih = Σ dgi   dx = dgi·W_ih
import type * as tf from '@tensorflow/tfjs-core';
import { GRU_KERNEL, type CellKernel } from './cellKernel';
import { runProgram } from '../dispatch/programRunner';
import { matmulProgram, type MatmulJob, type MatmulSpec } from '../matmul/matmul';

export interface GradientSizes {
  time: number;
  batch: number;
  units: number;
  embed: number;
  /** The cell whose buffers these are (GRU when absent). */
  cell?: CellKernel;
}

export const cellOfSizes = (s: { cell?: CellKernel }): CellKernel => s.cell ?? GRU_KERNEL;
/** Gate rows G·H and gradient-row width C·H of a shape's cell. */
const gateRows = (s: GradientSizes) => cellOfSizes(s).gates.length * s.units;
const width = (s: GradientSizes) => cellOfSizes(s).columns.length * s.units;
const dgiColumnWgsl = (s: GradientSizes) => cellOfSizes(s).dgiColumnWgsl(s.units);
/** Names a matmul per cell (the GRU's names unchanged). */
const named = (s: GradientSizes, name: string) =>
  cellOfSizes(s) === GRU_KERNEL ? name : `${cellOfSizes(s).name}${name}`;

/**
 * dW_hh [G·H, H] = Σ_{t,b} dgh_t[b, g] · h_{t-1}[b, j]; h_{t-1} is plane 0 of the state one step back, or h0's h.
 * `withBias`: [G·H, H + 1], the last column db_hh (a column of ones in h_{t-1}), one matmul for both.
 */
export function weightHhJob(
  s: GradientSizes,
  grad: tf.Tensor,
  state: tf.Tensor,
  h0?: tf.Tensor,
  withBias = false,
): MatmulJob {
  const { time: T, batch: B, units: H } = s;
  const first = h0 ? `h0[k * ${cellOfSizes(s).statePlanes * H} + n]` : '0.0';
  const spec: MatmulSpec = {
    name: named(s, `weightHh${h0 ? 'H0' : ''}${withBias ? 'Bias' : ''}`),
    inputs: h0 ? ['grad', 'state', 'h0'] : ['grad', 'state'],
    m: gateRows(s),
    n: H + (withBias ? 1 : 0),
    k: T * B,
    a: `grad[k * ${width(s)} + m]`,
    b: `hPrev${withBias ? 'Bias' : ''}(k, n)`,
    aContiguous: 'm',
    bContiguous: 'n',
    helpers: `fn hPrev${withBias ? 'Bias' : ''}(k : i32, n : i32) -> f32 {
      ${withBias ? `if (n == ${H}) { return 1.0; }` : ''}
      if (k < ${B}) { return ${first}; }
      return state[(k - ${B}) * ${H} + n];
    }`,
  };
  return { spec, tensors: h0 ? [grad, state, h0] : [grad, state] };
}

export function weightHhGrad(
  s: GradientSizes,
  grad: tf.Tensor,
  state: tf.Tensor,
  h0?: tf.Tensor,
  withBias = false,
): tf.Tensor2D {
  const { spec, tensors } = weightHhJob(s, grad, state, h0, withBias);
  return runProgram(matmulProgram(spec), tensors) as tf.Tensor2D;
}

/** dW_ih [G·H, E] = Σ_{t,b} dgi_t[b, g] · x_t[b, e]; `withBias`: [G·H, E + 1], the last column db_ih. */
export function weightIhJob(s: GradientSizes, grad: tf.Tensor, x: tf.Tensor, withBias = false): MatmulJob {
  const { time: T, batch: B, embed: E } = s;
  const spec: MatmulSpec = {
    name: named(s, `weightIh${withBias ? 'Bias' : ''}`),
    inputs: ['grad', 'x'],
    m: gateRows(s),
    n: E + (withBias ? 1 : 0),
    k: T * B,
    a: `grad[k * ${width(s)} + dgiColumn(m)]`,
    b: withBias ? `select(x[k * ${E} + min(n, ${E - 1})], 1.0, n == ${E})` : `x[k * ${E} + n]`,
    aContiguous: 'm',
    bContiguous: 'n',
    helpers: dgiColumnWgsl(s),
  };
  return { spec, tensors: [grad, x] };
}

export function weightIhGrad(s: GradientSizes, grad: tf.Tensor, x: tf.Tensor, withBias = false): tf.Tensor2D {
  const { spec, tensors } = weightIhJob(s, grad, x, withBias);
  return runProgram(matmulProgram(spec), tensors) as tf.Tensor2D;
}

/** db [G·H] = Σ_{t,b} of dgh (recurrent bias) or dgi (input bias), as a [G·H, 1] matmul with ones. */
export function biasGrad(s: GradientSizes, grad: tf.Tensor, which: 'hh' | 'ih'): tf.Tensor1D {
  const { time: T, batch: B } = s;
  const column = which === 'hh' ? 'm' : 'dgiColumn(m)';
  const program = matmulProgram({
    name: named(s, `bias${which}`),
    inputs: ['grad'],
    m: gateRows(s),
    n: 1,
    k: T * B,
    a: `grad[k * ${width(s)} + ${column}]`,
    b: '1.0',
    aContiguous: 'm',
    helpers: dgiColumnWgsl(s),
    outputShape: [gateRows(s)],
  });
  return runProgram(program, [grad]) as tf.Tensor1D;
}

/** dx [T, B, E] = dgi [T·B, G·H] · W_ih [G·H, E]. */
export function inputGrad(s: GradientSizes, grad: tf.Tensor, weightIh: tf.Tensor): tf.Tensor3D {
  const { time: T, batch: B, embed: E } = s;
  const program = matmulProgram({
    name: named(s, 'inputGrad'),
    inputs: ['grad', 'wih'],
    m: T * B,
    n: E,
    k: gateRows(s),
    a: `grad[m * ${width(s)} + dgiColumn(k)]`,
    b: `wih[k * ${E} + n]`,
    aContiguous: 'k',
    bContiguous: 'n',
    helpers: dgiColumnWgsl(s),
    outputShape: [T, B, E],
  });
  return runProgram(program, [grad, weightIh]) as tf.Tensor3D;
}
