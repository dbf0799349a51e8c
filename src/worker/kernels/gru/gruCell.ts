// One cell step for generation as one dispatch, the embedding lookup and input projection included (the cell's
// gate math from cellKernel.ts; GRU below):
//   x = emb[id] (layer 0) or x = the layer below's new state (layers l > 0, `dense` input);  gi = x·W_ihᵀ + b_ih;  gh = h·W_hhᵀ + b_hh;  r, z, n as in the window kernel;  h' = n + z ⊙ (h − n)
import { groups, type WebGPUProgram } from '../dispatch/programRunner';
import { gateMathWgsl, useBindings } from '../dispatch/wgsl';
import { GRU_KERNEL, type CellKernel } from './cellKernel';

export interface GruCellSizes {
  batch: number;
  units: number;
  embed: number;
  /** Rows of the id history buffer [slots, B] the previous ids are read from. */
  slots: number;
  /** Layers above the first read x [B, E] (the layer below's state) instead of looking ids up. */
  dense?: boolean;
  /**
   * With `dense`: x is the layer below's state buffer [planes, slots, B, E] read at row `slot` (plane 0), or
   * without `xRows` its state [B, P·E] (the h plane).
   */
  xRows?: boolean;
  /**
   * Writes the new state into row `slot` of a chunk buffer [P, slots, B, H] (planes h, and the LSTM's c) and
   * reads the state from its row slot − 1 (from the input `h` [B, P·H] at slot 0), so a generation chunk runs as
   * one loop with no tensor per step.
   */
  chunk?: boolean;
  /** GRU when absent. */
  cell?: CellKernel;
}

/**
 * Inputs: emb [V, E], firstIds [B] int32, history [slots, B] int32, wih [G·H, E], whh [G·H, H],
 * biases [2, G·H] (b_ih then b_hh: WebGPU allows only 8 storage buffers per program), h [B, P·H]. The id fed in is firstIds[b] when the uniform `slot` is 0, else history[slot − 1, b].
 * Output the new state [B, P·H]. One invocation per (unit, row); weights rows are contiguous per invocation.
 */
export class GruCellProgram implements WebGPUProgram {
  variableNames = ['emb', 'firstIds', 'history', 'wih', 'whh', 'biases', 'h'];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout = { x: [1], y: [0] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [64, 1, 1];
  uniforms = 'slot : i32,';

  private readonly cell: CellKernel;

  constructor(private readonly s: GruCellSizes) {
    this.cell = s.cell ?? GRU_KERNEL;
    const P = this.cell.statePlanes;
    if (s.dense) this.variableNames = ['x', 'wih', 'whh', 'biases', 'h'];
    this.outputShape = s.chunk
      ? P === 1
        ? [s.slots, s.batch, s.units]
        : [P, s.slots, s.batch, s.units]
      : [s.batch, P * s.units];
    this.dispatch = [groups(s.units, 64), s.batch, 1];
    this.shaderKey = `folio${this.cell === GRU_KERNEL ? 'Gru' : this.cell.name}Cell_${s.batch}_${s.units}_${s.embed}_${s.slots}${s.dense ? '_dense' : ''}${s.xRows ? '_rows' : ''}${s.chunk ? '_chunk' : ''}`;
  }

  getUserCode(): string {
    const { batch: B, units: H, embed: E, chunk, slots } = this.s;
    const cell = this.cell;
    const G = cell.gates.length;
    const P = cell.statePlanes;
    // The gates side by side in one vector (GRU vec3, LSTM vec4; the RNN's one gate a scalar).
    const type = G === 1 ? 'f32' : `vec${G}<f32>`;
    const lane = (q: number) => (G === 1 ? '' : `.${'xyzw'[q]}`);
    const gates = (f: (q: number) => string) => `${type}(${cell.gates.map((_, q) => f(q)).join(', ')})`;
    const plane = slots * B * H;
    const hPrev = chunk
      ? `if (slot == 0) { return h[b * ${P * H} + k]; }
        return result[((slot - 1) * ${B} + b) * ${H} + k];`
      : `return h[b * ${P * H} + k];`;
    const cPrev = chunk
      ? `var cp = h[b * ${P * H} + ${H} + j];
        if (slot > 0) { cp = result[${plane} + ((slot - 1) * ${B} + b) * ${H} + j]; }`
      : `let cp = h[b * ${P * H} + ${H} + j];`;
    const xAt = this.s.xRows ? `(slot * ${B} + b) * ${E}` : `b * ${P * E}`;
    const at = (p: number) =>
      chunk
        ? `${p === 0 ? '' : `${p * plane} + `}(slot * ${B} + b) * ${H} + j`
        : `b * ${P * H} + ${p === 0 ? '' : `${p * H} + `}j`;
    const math = cell.forward({
      gi: (q) => `gi${lane(q)}`,
      gh: (q) => `gh${lane(q)}`,
      bhh: () => '0.0', // gh starts at b_hh
      hPrev: 'hp',
      cPrev: 'cp',
    });
    return `
      ${gateMathWgsl}
      fn hPrev(slot : i32, b : i32, k : i32) -> f32 {
        ${hPrev}
      }
      fn main() {
        let j = i32(globalId.x);
        let b = i32(globalId.y);
        let slot = uniforms.slot;
        ${useBindings(this.variableNames)}
        if (j >= ${H}) { return; }
        ${
          this.s.dense
            ? ''
            : `var id = firstIds[b];
        if (slot > 0) { id = history[(slot - 1) * ${B} + b]; }`
        }
        var gi = ${gates((q) => `biases[${q === 0 ? '' : `${q * H} + `}j]`)};
        for (var k = 0; k < ${E}; k++) {
          let x = ${this.s.dense ? `x[${xAt} + k]` : `emb[id * ${E} + k]`};
          gi += x * ${gates((q) => `wih[(${q === 0 ? '' : `${q * H} + `}j) * ${E} + k]`)};
        }
        var gh = ${gates((q) => `biases[${(G + q) * H} + j]`)};
        for (var k = 0; k < ${H}; k++) {
          let hk = hPrev(slot, b, k);
          gh += hk * ${gates((q) => `whh[(${q === 0 ? '' : `${q * H} + `}j) * ${H} + k]`)};
        }
        ${cell.reads.hPrev ? 'let hp = hPrev(slot, b, j);' : ''}
        ${cell.reads.cPrev ? cPrev : ''}
        ${math}
        result[${at(0)}] = hNew;
        ${P > 1 ? `result[${at(1)}] = cNew;` : ''}
      }
    `;
  }
}
