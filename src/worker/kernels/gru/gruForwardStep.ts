// One GRU timestep as one dispatch: the recurrent matmul for all three gates plus the gate math.
//   gh = h_{t-1}·W_hhᵀ + b_hh;  r = σ(gi_r + gh_r)  z = σ(gi_z + gh_z)  n = tanh(gi_n + r ⊙ gh_n)
//   h_t = n + z ⊙ (h_{t-1} − n);  writes h_t, r, z, n, gh_n into slice t of the state buffer.
import { type WebGPUProgram } from '../dispatch/programRunner';
import { gateMathWgsl, useBindings, vec4LoaderWgsl } from '../dispatch/wgsl';
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

/** Sizes baked into the shader. `time` is the window length of the state buffer. */
export interface GruStepSizes {
  time: number;
  batch: number;
  units: number;
}

/** State buffer layout [5, T, B, H]: planes h, r, z, n, gh_n. Plane 0 is the GRU's outputs [T, B, H]. */
export const STATE_PLANES = 5;
/** Each plane's index in the state buffer; the forward step writes them, the backward step reads them. */
export const PLANE = { h: 0, r: 1, z: 2, n: 3, ghn: 4 } as const;

export { ROWS_PER_THREAD, UNITS_PER_THREAD } from './stepTiling';

/**
 * Inputs: gi [T, B, 3H] (x·W_ihᵀ + b_ih), whhT [H, 3H] (W_hh transposed, so one gate's units are
 * contiguous), bhh [3H], and h0 [B, H] when hasH0 (else zeros). Output: the state buffer [5, T, B, H],
 * written at timestep `t` (uniform); h_{t-1} is read back from it.
 * One tile: 4 units × ROWS_PER_THREAD batch rows; per k, 3 vec4 loads of W feed 12·RB products, K_UNROLL
 * k per load round. A workgroup covers all batch rows of its units (W_hh read once per timestep); the K
 * reduction may be split across it (stepTiling.ts); `split` forces the slice count.
 */
export class GruForwardStepProgram implements WebGPUProgram {
  variableNames: string[];
  variableComponents: number[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout = { x: [0], y: [1] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  uniforms = 't : i32,';
  private readonly aligned: boolean;
  private readonly tiling: StepTiling;

  /**
   * `byId`: gi is a table [V, 3H] of x·W_ihᵀ + b_ih per vocabulary entry (the embedding folded into the input
   * projection) and an extra input `ids` [T·B] (int32) picks each row's entry.
   */
  constructor(
    private readonly s: GruStepSizes,
    private readonly hasH0: boolean,
    split?: number,
    private readonly byId = false,
  ) {
    this.variableNames = [...(hasH0 ? ['gi', 'whhT', 'bhh', 'h0'] : ['gi', 'whhT', 'bhh']), ...(byId ? ['ids'] : [])];
    this.aligned = s.units % 4 === 0;
    this.variableComponents = this.variableNames.map((n) => (n === 'whhT' && this.aligned ? 4 : 1));
    this.outputShape = [STATE_PLANES, s.time, s.batch, s.units];
    this.tiling = stepTiling(s.batch, s.units, s.units, split);
    this.dispatch = stepDispatch(this.tiling);
    this.workgroupSize = [this.tiling.workgroup, 1, 1];
    this.shaderKey = `folioGruFwd_${s.time}_${s.batch}_${s.units}_${hasH0}_s${this.tiling.split}${byId ? '_ids' : ''}`;
  }

  /** WGSL loop accumulating h_{t-1}·W_hhᵀ for the thread's rows, h_{t-1}[b, k] given by `h(b, k)`. */
  private recurrentLoop(h: (b: string, k: string) => string): string {
    const H = this.s.units;
    const rows = Array.from({ length: this.tiling.rows }, (_, i) => i);
    const load = (u: number) => `
        let wr${u} = whhT4((k + ${u}) * ${3 * H} + j0);
        let wz${u} = whhT4((k + ${u}) * ${3 * H} + ${H} + j0);
        let wn${u} = whhT4((k + ${u}) * ${3 * H} + ${2 * H} + j0);
        ${rows.map((i) => `let h${u}_${i} = ${h(`bRow${i}`, `k + ${u}`)};`).join(' ')}`;
    const use = (u: number) =>
      rows
        .map(
          (i) =>
            `accR[${i}] += h${u}_${i} * wr${u}; accZ[${i}] += h${u}_${i} * wz${u}; accN[${i}] += h${u}_${i} * wn${u};`,
        )
        .join('\n');
    return unrolledKLoopWgsl(load, use);
  }

  getUserCode(): string {
    const { time: T, batch: B, units: H } = this.s;
    const tl = this.tiling;
    return `
      const RB = ${tl.rows};
      const PLANE_SIZE = ${T * B * H};
      ${gateMathWgsl}
      ${vec4LoaderWgsl('whhT', this.aligned)}
      ${partialSumsDeclWgsl(tl, 3)}
      fn main() {
        ${tilePrologueWgsl(tl)}
        let t = uniforms.t;
        ${useBindings(this.variableNames)}
        var accR : array<vec4<f32>, RB>;
        var accZ : array<vec4<f32>, RB>;
        var accN : array<vec4<f32>, RB>;
        ${Array.from({ length: tl.rows }, (_, i) => `let bRow${i} = min(b0 + ${i}, ${B - 1});`).join(' ')}
        if (inRange) {
          if (t > 0) {
            ${this.recurrentLoop((b, k) => `result[((t - 1) * ${B} + ${b}) * ${H} + ${k}]`)}
          } ${this.hasH0 ? `else { ${this.recurrentLoop((b, k) => `h0[${b} * ${H} + ${k}]`)} }` : ''}
        }
        ${reduceSlicesWgsl(tl, ['accR', 'accZ', 'accN'])}
        if (!inRange || slice != 0) { return; }
        ${this.epilogue()}
      }
    `;
  }

  /** WGSL: gate math for the tile's rows and units; writes h_t, r, z, n, gh_n. */
  private epilogue(): string {
    const { batch: B, units: H } = this.s;
    return `
        for (var i = 0; i < RB; i++) {
          let b = b0 + i;
          if (b >= ${B}) { break; }
          for (var c = 0; c < ${UNITS_PER_THREAD}; c++) {
            let j = j0 + c;
            if (j >= ${H}) { break; }
            let g = ${this.byId ? `ids[t * ${B} + b]` : `(t * ${B} + b)`} * ${3 * H};
            let r = sigmoidF(gi[g + j] + accR[i][c] + bhh[j]);
            let z = sigmoidF(gi[g + ${H} + j] + accZ[i][c] + bhh[${H} + j]);
            let ghn = accN[i][c] + bhh[${2 * H} + j];
            let n = tanhF(gi[g + ${2 * H} + j] + r * ghn);
            let o = (t * ${B} + b) * ${H} + j;
            var hp = 0.0;
            if (t > 0) { hp = result[o - ${B * H}]; } else { hp = ${this.hasH0 ? `h0[b * ${H} + j]` : '0.0'}; }
            result[${PLANE.h} * PLANE_SIZE + o] = n + z * (hp - n);
            result[${PLANE.r} * PLANE_SIZE + o] = r;
            result[${PLANE.z} * PLANE_SIZE + o] = z;
            result[${PLANE.n} * PLANE_SIZE + o] = n;
            result[${PLANE.ghn} * PLANE_SIZE + o] = ghn;
          }
        }`;
  }
}
