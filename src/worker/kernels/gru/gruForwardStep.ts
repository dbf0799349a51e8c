// One timestep of a cell as one dispatch: the recurrent matmul for all G gates plus the cell's gate math
// (cellKernel.ts). GRU: gh = h_{t-1}·W_hhᵀ + b_hh;  r = σ(gi_r + gh_r)  z = σ(gi_z + gh_z)
//   n = tanh(gi_n + r ⊙ gh_n)  h_t = n + z ⊙ (h_{t-1} − n);  writes the cell's planes into slice t of the state buffer.
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
import { GRU_KERNEL, previousWgsl, type CellKernel } from './cellKernel';

/** Sizes baked into the shader. `time` is the window length of the state buffer. */
export interface GruStepSizes {
  time: number;
  batch: number;
  units: number;
}

/** The GRU's state buffer layout [5, T, B, H]: planes h, r, z, n, gh_n (a cell's: CellKernel.planes). Plane 0 is the outputs [T, B, H]. */
export const STATE_PLANES = 5;
/** Each plane's index in the state buffer; the forward step writes them, the backward step reads them. */
export const PLANE = { h: 0, r: 1, z: 2, n: 3, ghn: 4 } as const;

export { ROWS_PER_THREAD, UNITS_PER_THREAD } from './stepTiling';

/**
 * Inputs: gi [T, B, G·H] (x·W_ihᵀ + b_ih), whhT [H, G·H] (W_hh transposed, so one gate's units are
 * contiguous), bhh [G·H], and h0 [B, P·H] when hasH0 (else zeros). Output: the state buffer [planes, T, B, H],
 * written at timestep `t` (uniform); h_{t-1} (and the LSTM's c_{t-1}) is read back from it.
 * One tile: 4 units × ROWS_PER_THREAD batch rows; per k, G vec4 loads of W feed 4·G·RB products, K_UNROLL
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
   * `byId`: gi is a table [V, G·H] of x·W_ihᵀ + b_ih per vocabulary entry (the embedding folded into the input
   * projection) and an extra input `ids` [T·B] (int32) picks each row's entry.
   */
  constructor(
    private readonly s: GruStepSizes,
    private readonly hasH0: boolean,
    split?: number,
    private readonly byId = false,
    private readonly cell: CellKernel = GRU_KERNEL,
  ) {
    this.variableNames = [...(hasH0 ? ['gi', 'whhT', 'bhh', 'h0'] : ['gi', 'whhT', 'bhh']), ...(byId ? ['ids'] : [])];
    this.aligned = s.units % 4 === 0;
    this.variableComponents = this.variableNames.map((n) => (n === 'whhT' && this.aligned ? 4 : 1));
    this.outputShape = [cell.planes.length, s.time, s.batch, s.units];
    this.tiling = stepTiling(s.batch, s.units, s.units, split);
    this.dispatch = stepDispatch(this.tiling);
    this.workgroupSize = [this.tiling.workgroup, 1, 1];
    const name = cell === GRU_KERNEL ? 'Gru' : cell.name;
    this.shaderKey = `folio${name}Fwd_${s.time}_${s.batch}_${s.units}_${hasH0}_s${this.tiling.split}${byId ? '_ids' : ''}`;
  }

  /** The accumulator of each gate (accR, accZ, accN for the GRU). */
  private get accs(): string[] {
    return this.cell.gates.map((g) => `acc${g.toUpperCase()}`);
  }

  /** WGSL loop accumulating h_{t-1}·W_hhᵀ for the thread's rows, h_{t-1}[b, k] given by `h(b, k)`. */
  private recurrentLoop(h: (b: string, k: string) => string): string {
    const H = this.s.units;
    const G = this.cell.gates.length;
    const rows = Array.from({ length: this.tiling.rows }, (_, i) => i);
    const gateOffset = (q: number) => (q === 0 ? '' : ` + ${q * H}`);
    const load = (u: number) => `
        ${this.cell.gates.map((g, q) => `let w${g}${u} = whhT4((k + ${u}) * ${G * H}${gateOffset(q)} + j0);`).join('\n        ')}
        ${rows.map((i) => `let h${u}_${i} = ${h(`bRow${i}`, `k + ${u}`)};`).join(' ')}`;
    const use = (u: number) =>
      rows
        .map((i) => this.cell.gates.map((g, q) => `${this.accs[q]}[${i}] += h${u}_${i} * w${g}${u};`).join(' '))
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
      ${partialSumsDeclWgsl(tl, this.cell.gates.length)}
      fn main() {
        ${tilePrologueWgsl(tl)}
        let t = uniforms.t;
        ${useBindings(this.variableNames)}
        ${this.accs.map((a) => `var ${a} : array<vec4<f32>, RB>;`).join('\n        ')}
        ${Array.from({ length: tl.rows }, (_, i) => `let bRow${i} = min(b0 + ${i}, ${B - 1});`).join(' ')}
        if (inRange) {
          if (t > 0) {
            ${this.recurrentLoop((b, k) => `result[((t - 1) * ${B} + ${b}) * ${H} + ${k}]`)}
          } ${this.hasH0 ? `else { ${this.recurrentLoop((b, k) => `h0[${b} * ${this.cell.statePlanes * H} + ${k}]`)} }` : ''}
        }
        ${reduceSlicesWgsl(tl, this.accs)}
        if (!inRange || slice != 0) { return; }
        ${this.epilogue()}
      }
    `;
  }

  /** WGSL: gate math for the tile's rows and units; writes the cell's planes (GRU: h_t, r, z, n, gh_n). */
  private epilogue(): string {
    const { batch: B, units: H } = this.s;
    const cell = this.cell;
    const G = cell.gates.length;
    const math = cell.forward({
      gi: (q) => `gi[g + ${q === 0 ? '' : `${q * H} + `}j]`,
      gh: (q) => `${this.accs[q]}[i][c]`,
      bhh: (q) => `bhh[${q === 0 ? '' : `${q * H} + `}j]`,
      hPrev: 'hPrev',
      cPrev: 'cPrev',
    });
    const prev = (name: string, plane: number) => previousWgsl(name, cell, 'result', plane, plane, this.s, this.hasH0);
    return `
        for (var i = 0; i < RB; i++) {
          let b = b0 + i;
          if (b >= ${B}) { break; }
          for (var c = 0; c < ${UNITS_PER_THREAD}; c++) {
            let j = j0 + c;
            if (j >= ${H}) { break; }
            let g = ${this.byId ? `ids[t * ${B} + b]` : `(t * ${B} + b)`} * ${G * H};
            let o = (t * ${B} + b) * ${H} + j;
            ${cell.reads.hPrev ? prev('hPrev', 0) : ''}
            ${cell.reads.cPrev ? prev('cPrev', 1) : ''}
            ${math}
            ${cell.planes.map((v, p) => `result[${p} * PLANE_SIZE + o] = ${v};`).join('\n            ')}
          }
        }`;
  }
}
