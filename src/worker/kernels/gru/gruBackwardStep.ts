// One GRU backward timestep as one dispatch: the recurrent product for dh_t plus the gate-gradient epilogue.
//   dh_t = dY_t + dh_{t+1} ⊙ z_{t+1} + dgh_{t+1}·W_hh;  dn = dh(1−z), dz = dh(h_{t-1}−n), dan = dn(1−n²),
//   dar = dan·gh_n·r(1−r), daz = dz·z(1−z);  writes row t of the gradient buffer [dar | daz | dan·r | dh | dan].
import { groups, type WebGPUProgram } from '../dispatch/programRunner';
import { gateMathWgsl, useBindings, vec4LoaderWgsl } from '../dispatch/wgsl';
import { PLANE, type GruStepSizes } from './gruForwardStep';
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

/** Gradient buffer layout [T, B, 5H]: columns [0, 3H) are dgh = [dar, daz, dan·r], then dh, then dan. */
export const GRAD_COLUMNS = 5;

/** WGSL: column of the gradient buffer holding dgi[:, k] = [dar, daz, dan][k]. */
export const dgiColumnWgsl = (units: number) => `
  fn dgiColumn(k : i32) -> i32 { return select(k, k + ${2 * units}, k >= ${2 * units}); }
`;

/**
 * WGSL: recurrentGrad = the k ∈ [kBegin, kEnd) part of dgh_{t+1}·W_hh, and zTerm adds dh_{t+1} ⊙ z_{t+1}, for
 * `rows` batch rows from b0 and 4 units from j0 (a multiple of 4), reading step t + 1 of the gradient
 * buffer `grad` (a buffer name). W_hh columns are read as vec4.
 */
function recurrentGradWgsl(grad: string, s: GruStepSizes, rows: number, aligned: boolean): string {
  const { time: T, batch: B, units: H } = s;
  const rs = Array.from({ length: rows }, (_, i) => i);
  const load = (u: number) => `
        let w${u} = whh4((k + ${u}) * ${H} + j0);
        ${rs.map((i) => `let g${u}_${i} = ${grad}[(tNext * ${B} + bRow${i}) * ${5 * H} + k + ${u}];`).join(' ')}`;
  const use = (u: number) => rs.map((i) => `acc[${i}] += g${u}_${i} * w${u};`).join(' ');
  return `
    ${vec4LoaderWgsl('whh', aligned)}
    fn recurrentGrad(tNext : i32, b0 : i32, j0 : i32, kBegin : i32, kEnd : i32) -> array<vec4<f32>, ${rows}> {
      var acc : array<vec4<f32>, ${rows}>;
      ${rs.map((i) => `let bRow${i} = min(b0 + ${i}, ${B - 1});`).join(' ')}
      ${unrolledKLoopWgsl(load, use)}
      return acc;
    }
    fn zTerm(tNext : i32, b0 : i32, j0 : i32, product : array<vec4<f32>, ${rows}>) -> array<vec4<f32>, ${rows}> {
      var acc = product;
      for (var i = 0; i < ${rows}; i++) {
        let b = min(b0 + i, ${B - 1});
        for (var c = 0; c < 4; c++) {
          let j = min(j0 + c, ${H - 1});
          let dh = ${grad}[(tNext * ${B} + b) * ${5 * H} + ${3 * H} + j];
          acc[i][c] += dh * state[${PLANE.z * T * B * H} + (tNext * ${B} + b) * ${H} + j];
        }
      }
      return acc;
    }
  `;
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
 * Inputs: dy [T, B, H] (gradient of the outputs; or laid out as `dyLayout` says), state [5, T, B, H] (forward), whh [3H, H], and h0 [B, H]
 * when hasH0. Output: the gradient buffer [T, B, 5H], row `t` (uniform) per dispatch,
 * run for t = T−1 … 0; row t + 1 is read back from the output.
 * One tile: 4 units × ROWS_PER_THREAD batch rows, K_UNROLL k per load round. A workgroup covers all batch
 * rows of its units (W_hh read once per timestep); the K = 3H reduction may be split across it
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

  constructor(
    private readonly s: GruStepSizes,
    private readonly hasH0: boolean,
    split?: number,
    private readonly dyLayout?: DyLayout,
  ) {
    this.variableNames = hasH0 ? ['dy', 'state', 'whh', 'h0'] : ['dy', 'state', 'whh'];
    this.variableComponents = this.variableNames.map((n) => (n === 'whh' && alignedUnits(s.units) ? 4 : 1));
    this.outputShape = [s.time, s.batch, GRAD_COLUMNS * s.units];
    this.tiling = stepTiling(s.batch, s.units, 3 * s.units, split);
    this.dispatch = stepDispatch(this.tiling);
    this.workgroupSize = [this.tiling.workgroup, 1, 1];
    this.shaderKey = `folioGruBwd_${s.time}_${s.batch}_${s.units}_${hasH0}_s${this.tiling.split}${dyLayoutKey(dyLayout)}`;
  }

  getUserCode(): string {
    const { time: T, batch: B, units: H } = this.s;
    const plane = T * B * H;
    const tl = this.tiling;
    const RB = tl.rows;
    return `
      ${gateMathWgsl}
      ${recurrentGradWgsl('result', this.s, RB, alignedUnits(H))}
      ${partialSumsDeclWgsl(tl, 1)}
      fn main() {
        ${tilePrologueWgsl(tl)}
        let t = uniforms.t;
        ${useBindings(this.variableNames)}
        var rec : array<vec4<f32>, ${RB}>;
        if (inRange && t < ${T - 1}) { rec = recurrentGrad(t + 1, b0, j0, kBegin, kEnd); }
        ${reduceSlicesWgsl(tl, ['rec'])}
        if (!inRange || slice != 0) { return; }
        if (t < ${T - 1}) { rec = zTerm(t + 1, b0, j0, rec); }
        for (var i = 0; i < ${RB}; i++) {
          let b = b0 + i;
          if (b >= ${B}) { break; }
          for (var c = 0; c < ${UNITS_PER_THREAD}; c++) {
            let j = j0 + c;
            if (j >= ${H}) { break; }
            let o = (t * ${B} + b) * ${H} + j;
            let dh = dy[${dyIndexWgsl(B, this.dyLayout)}] + rec[i][c];
            let r = state[${PLANE.r * plane} + o];
            let z = state[${PLANE.z * plane} + o];
            let n = state[${PLANE.n * plane} + o];
            let ghn = state[${PLANE.ghn * plane} + o];
            var hp = 0.0;
            if (t > 0) { hp = state[o - ${B * H}]; } else { hp = ${this.hasH0 ? `h0[b * ${H} + j]` : '0.0'}; }
            let dn = dh * (1.0 - z);
            let dz = dh * (hp - n);
            let dan = dn * (1.0 - n * n);
            let dar = dan * ghn * r * (1.0 - r);
            let daz = dz * z * (1.0 - z);
            let row = (t * ${B} + b) * ${5 * H};
            result[row + j] = dar;
            result[row + ${H} + j] = daz;
            result[row + ${2 * H} + j] = dan * r;
            result[row + ${3 * H} + j] = dh;
            result[row + ${4 * H} + j] = dan;
          }
        }
      }
    `;
  }
}

/** dh0 = dh_0 ⊙ z_0 + dgh_0·W_hh: the gradient that reaches the initial state. Output [B, H]. */
export class GruInitialStateGradProgram implements WebGPUProgram {
  variableNames = ['grad', 'state', 'whh'];
  variableComponents: number[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout = { x: [0], y: [1] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [DH0_WORKGROUP, 1, 1];

  constructor(private readonly s: GruStepSizes) {
    this.variableComponents = [1, 1, alignedUnits(s.units) ? 4 : 1];
    this.outputShape = [s.batch, s.units];
    this.dispatch = [groups(s.units, DH0_WORKGROUP * UNITS_PER_THREAD), s.batch, 1];
    this.shaderKey = `folioGruDh0_${s.time}_${s.batch}_${s.units}`;
  }

  getUserCode(): string {
    return `
      ${recurrentGradWgsl('grad', this.s, 1, alignedUnits(this.s.units))}
      fn main() {
        let j0 = i32(globalId.x) * ${UNITS_PER_THREAD};
        let b = i32(globalId.y);
        ${useBindings(this.variableNames)}
        if (j0 >= ${this.s.units}) { return; }
        let acc = zTerm(0, b, j0, recurrentGrad(0, b, j0, 0, ${3 * this.s.units}))[0];
        for (var c = 0; c < ${UNITS_PER_THREAD}; c++) {
          if (j0 + c < ${this.s.units}) { result[b * ${this.s.units} + j0 + c] = acc[c]; }
        }
      }
    `;
  }
}
