// One backward timestep of a cell as one dispatch: the recurrent product for dh_t plus the gate-gradient epilogue
// (the cell's math in cellKernel.ts). GRU:
//   dh_t = dY_t + dh_{t+1} ⊙ z_{t+1} + dgh_{t+1}·W_hh;  dn = dh(1−z), dz = dh(h_{t-1}−n), dan = dn(1−n²),
//   dar = dan·gh_n·r(1−r), daz = dz·z(1−z);  writes row t of the gradient buffer [dar | daz | dan·r | dh | dan].
// LSTM: dh_t = dY_t + dgh_{t+1}·W_hh, dc_t = dh_t·o·(1 − tanh²c_t) + dc_{t+1} ⊙ f_{t+1}; RNN: dh_t = dY_t + da_{t+1}·W_hh.
import { groups, type WebGPUProgram } from '../dispatch/programRunner';
import { gateMathWgsl, useBindings, vec4LoaderWgsl } from '../dispatch/wgsl';
import { type GruStepSizes } from './gruForwardStep';
import {
  partialSumsDeclWgsl,
  reduceSlicesWgsl,
  stepDispatch,
  stepTiling,
  tilePrologueWgsl,
  unrolledKLoopWgsl,
  UNITS_PER_THREAD,
  type StepTiling,
} from './stepTiling';
import { GRU_KERNEL, previousWgsl, type CellKernel } from './cellKernel';

/** The GRU's gradient buffer layout [T, B, 5H]: columns [0, 3H) are dgh = [dar, daz, dan·r], then dh, then dan. */
export const GRAD_COLUMNS = 5;

/** WGSL: column of the GRU's gradient buffer holding dgi[:, k] = [dar, daz, dan][k]. */
export const dgiColumnWgsl = (units: number) => GRU_KERNEL.dgiColumnWgsl(units);

/**
 * WGSL: recurrentGrad = the k ∈ [kBegin, kEnd) part of dgh_{t+1}·W_hh (k < G·H), and carryTerm adds the carries
 * into dh (GRU: dh_{t+1} ⊙ z_{t+1}), for `rows` batch rows from b0 and 4 units from j0 (a multiple of 4), reading
 * step t + 1 of the gradient buffer `grad` (a buffer name). W_hh columns are read as vec4.
 */
function recurrentGradWgsl(grad: string, s: GruStepSizes, rows: number, aligned: boolean, cell: CellKernel): string {
  const { time: T, batch: B, units: H } = s;
  const width = cell.columns.length * H;
  const rs = Array.from({ length: rows }, (_, i) => i);
  const load = (u: number) => `
        let w${u} = whh4((k + ${u}) * ${H} + j0);
        ${rs.map((i) => `let g${u}_${i} = ${grad}[(tNext * ${B} + bRow${i}) * ${width} + k + ${u}];`).join(' ')}`;
  const use = (u: number) => rs.map((i) => `acc[${i}] += g${u}_${i} * w${u};`).join(' ');
  const carries = cell.carries
    .filter((c) => c.into === 0)
    .map(
      (c) =>
        `acc[i][c] += ${grad}[(tNext * ${B} + b) * ${width} + ${c.column * H} + j] * ` +
        `state[${c.plane * T * B * H} + (tNext * ${B} + b) * ${H} + j];`,
    )
    .join(' ');
  return `
    ${vec4LoaderWgsl('whh', aligned)}
    fn recurrentGrad(tNext : i32, b0 : i32, j0 : i32, kBegin : i32, kEnd : i32) -> array<vec4<f32>, ${rows}> {
      var acc : array<vec4<f32>, ${rows}>;
      ${rs.map((i) => `let bRow${i} = min(b0 + ${i}, ${B - 1});`).join(' ')}
      ${unrolledKLoopWgsl(load, use)}
      return acc;
    }
    fn carryTerm(tNext : i32, b0 : i32, j0 : i32, product : array<vec4<f32>, ${rows}>) -> array<vec4<f32>, ${rows}> {
      var acc = product;
      ${
        carries
          ? `for (var i = 0; i < ${rows}; i++) {
        let b = min(b0 + i, ${B - 1});
        for (var c = 0; c < 4; c++) {
          let j = min(j0 + c, ${H - 1});
          ${carries}
        }
      }`
          : ''
      }
      return acc;
    }
  `;
}

/**
 * WGSL: the cell's backward math for one (t, b, j) given `dh` (and `dcCarry`), writing every column of the
 * gradient row at `row` of `result`, and (`dghTo`) the dgh columns to a second place as well.
 */
export function backwardMathWgsl(
  cell: CellKernel,
  s: GruStepSizes,
  hasH0: boolean,
  dghTo?: (q: number) => string,
): string {
  const { time: T, batch: B, units: H } = s;
  const plane = T * B * H;
  const prev = (name: string, p: number) => previousWgsl(name, cell, 'state', p, p, s, hasH0);
  const writes = cell.columns
    .map((v, q) => `result[row + ${q === 0 ? '' : `${q * H} + `}j] = ${v};`)
    .concat(dghTo ? cell.gates.map((_, q) => `${dghTo(q)} = ${cell.columns[q]};`) : []);
  return `
              ${cell.reads.hPrev ? prev('hPrev', 0) : ''}
              ${cell.reads.cPrev ? prev('cPrev', 1) : ''}
              ${cell.backward({ plane: (p) => `state[${p * plane} + o]`, hPrev: 'hPrev', cPrev: 'cPrev' })}
              let row = (t * ${B} + b) * ${cell.columns.length * H};
              ${writes.join('\n              ')}`;
}

const DH0_WORKGROUP = 64;

/**
 * Where dY (the gradient of the outputs) lies in its buffer when it is not a [T, B, H] tensor of its own: row
 * (t, b) starts at (t·B + b)·stride + offset (softmaxLoss's rows hold the top layer's dY beside dlogits).
 */
export interface DyLayout {
  stride: number;
  offset: number;
}

/** WGSL: the index of dY[t, b, j] (`o` is its index in a [T, B, H] tensor). */
export function dyIndexWgsl(batch: number, layout?: DyLayout): string {
  return layout ? `(t * ${batch} + b) * ${layout.stride} + ${layout.offset} + j` : 'o';
}

export const dyLayoutKey = (layout?: DyLayout): string => (layout ? `_dy${layout.stride}.${layout.offset}` : '');
const alignedUnits = (units: number) => units % 4 === 0;

/**
 * WGSL: `var dcCarry` for (t, b, j): the carry into the LSTM's c from step t + 1 (column × plane at t + 1, read
 * from `grad`), or at the window's last step 0, or (`lastFromDy`) dy's plane 1 there: dY holds the gradient of the
 * whole state buffer, whose c plane at T − 1 is the gradient of the last state's c. Empty for cells without one.
 */
export function dcCarryWgsl(cell: CellKernel, s: GruStepSizes, grad: string, lastFromDy: boolean): string {
  const carry = cell.carries.find((c) => c.into === 1);
  if (!carry) return '';
  const { time: T, batch: B, units: H } = s;
  const width = cell.columns.length * H;
  const last = lastFromDy ? `dy[${T * B * H} + o]` : '0.0';
  return `var dcCarry = ${last};
              if (t < ${T - 1}) {
                dcCarry = ${grad}[((t + 1) * ${B} + b) * ${width} + ${carry.column * H} + j] * state[${carry.plane * T * B * H} + o + ${B * H}];
              }`;
}

/** Options of the backward programs beyond the sizes. */
export interface BackwardOptions {
  /** dY's layout when it is not a [T, B, H] tensor of its own. */
  dyLayout?: DyLayout;
  /** dY is the gradient of the whole state buffer: its c plane at T − 1 starts the LSTM's dc (taped path). */
  lastFromDy?: boolean;
}

export const backwardKey = (o: BackwardOptions): string => `${dyLayoutKey(o.dyLayout)}${o.lastFromDy ? '_lastc' : ''}`;

/**
 * Inputs: dy [T, B, H] (gradient of the outputs; or laid out as `dyLayout` says), state [planes, T, B, H]
 * (forward), whh [G·H, H], and h0 [B, P·H] when hasH0. Output: the gradient buffer [T, B, C·H] (the cell's
 * columns), row `t` (uniform) per dispatch, run for t = T−1 … 0; row t + 1 is read back from the output.
 * One tile: 4 units × ROWS_PER_THREAD batch rows, K_UNROLL k per load round. A workgroup covers all batch
 * rows of its units (W_hh read once per timestep); the K = G·H reduction may be split across it
 * (stepTiling.ts); `split` forces the slice count.
 */
export class GruBackwardStepProgram implements WebGPUProgram {
  variableNames: string[];
  variableComponents: number[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout = { x: [0], y: [1] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  uniforms = 't : i32,';
  private readonly tiling: StepTiling;
  private readonly options: BackwardOptions;

  constructor(
    private readonly s: GruStepSizes,
    private readonly hasH0: boolean,
    split?: number,
    options: DyLayout | BackwardOptions = {},
    private readonly cell: CellKernel = GRU_KERNEL,
  ) {
    this.options = 'stride' in options ? { dyLayout: options } : options;
    this.variableNames = hasH0 ? ['dy', 'state', 'whh', 'h0'] : ['dy', 'state', 'whh'];
    this.variableComponents = this.variableNames.map((n) => (n === 'whh' && alignedUnits(s.units) ? 4 : 1));
    this.outputShape = [s.time, s.batch, cell.columns.length * s.units];
    this.tiling = stepTiling(s.batch, s.units, cell.gates.length * s.units, split);
    this.dispatch = stepDispatch(this.tiling);
    this.workgroupSize = [this.tiling.workgroup, 1, 1];
    const name = cell === GRU_KERNEL ? 'Gru' : cell.name;
    this.shaderKey = `folio${name}Bwd_${s.time}_${s.batch}_${s.units}_${hasH0}_s${this.tiling.split}${backwardKey(this.options)}`;
  }

  getUserCode(): string {
    const { time: T, batch: B, units: H } = this.s;
    const tl = this.tiling;
    const RB = tl.rows;
    return `
      ${gateMathWgsl}
      ${recurrentGradWgsl('result', this.s, RB, alignedUnits(H), this.cell)}
      ${partialSumsDeclWgsl(tl, 1)}
      fn main() {
        ${tilePrologueWgsl(tl)}
        let t = uniforms.t;
        ${useBindings(this.variableNames)}
        var rec : array<vec4<f32>, ${RB}>;
        if (inRange && t < ${T - 1}) { rec = recurrentGrad(t + 1, b0, j0, kBegin, kEnd); }
        ${reduceSlicesWgsl(tl, ['rec'])}
        if (!inRange || slice != 0) { return; }
        if (t < ${T - 1}) { rec = carryTerm(t + 1, b0, j0, rec); }
        for (var i = 0; i < ${RB}; i++) {
          let b = b0 + i;
          if (b >= ${B}) { break; }
          for (var c = 0; c < ${UNITS_PER_THREAD}; c++) {
            let j = j0 + c;
            if (j >= ${H}) { break; }
            let o = (t * ${B} + b) * ${H} + j;
            let dh = dy[${dyIndexWgsl(B, this.options.dyLayout)}] + rec[i][c];
            ${dcCarryWgsl(this.cell, this.s, 'result', this.options.lastFromDy ?? false)}
            ${backwardMathWgsl(this.cell, this.s, this.hasH0)}
          }
        }
      }
    `;
  }
}

/**
 * The gradient that reaches the initial state [B, P·H]: its h part dh0 = dgh_0·W_hh plus the carries into dh
 * (GRU: dh_0 ⊙ z_0), the LSTM's c part dc0 = dc_0 ⊙ f_0.
 */
export class GruInitialStateGradProgram implements WebGPUProgram {
  variableNames = ['grad', 'state', 'whh'];
  variableComponents: number[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout = { x: [0], y: [1] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [DH0_WORKGROUP, 1, 1];

  constructor(
    private readonly s: GruStepSizes,
    private readonly cell: CellKernel = GRU_KERNEL,
  ) {
    this.variableComponents = [1, 1, alignedUnits(s.units) ? 4 : 1];
    this.outputShape = [s.batch, cell.statePlanes * s.units];
    this.dispatch = [groups(s.units, DH0_WORKGROUP * UNITS_PER_THREAD), s.batch, 1];
    const name = cell === GRU_KERNEL ? 'Gru' : cell.name;
    this.shaderKey = `folio${name}Dh0_${s.time}_${s.batch}_${s.units}`;
  }

  getUserCode(): string {
    const { time: T, batch: B, units: H } = this.s;
    const P = this.cell.statePlanes;
    const width = this.cell.columns.length * H;
    const cCarry = this.cell.carries.find((c) => c.into === 1);
    const cPart = cCarry
      ? `result[b * ${P * H} + ${H} + j] = grad[b * ${width} + ${cCarry.column * H} + j] * state[${cCarry.plane * T * B * H} + b * ${H} + j];`
      : '';
    return `
      ${recurrentGradWgsl('grad', this.s, 1, alignedUnits(H), this.cell)}
      fn main() {
        let j0 = i32(globalId.x) * ${UNITS_PER_THREAD};
        let b = i32(globalId.y);
        ${useBindings(this.variableNames)}
        if (j0 >= ${H}) { return; }
        let acc = carryTerm(0, b, j0, recurrentGrad(0, b, j0, 0, ${this.cell.gates.length * H}))[0];
        for (var c = 0; c < ${UNITS_PER_THREAD}; c++) {
          let j = j0 + c;
          if (j < ${H}) {
            result[b * ${P * H} + j] = acc[c];
            ${cPart}
          }
        }
      }
    `;
  }
}
