// The whole window of a small cell (GRU, LSTM, RNN: cellKernel.ts) in one dispatch each way. Batch rows are independent, so a
// workgroup owns a few rows and walks every timestep itself, with only a workgroupBarrier between timesteps:
// the state it needs next (h forward, dgh backward) stays in workgroup memory, W_hh is read from storage
// through the cache. Same inputs, outputs and math as the per-timestep programs (gruForwardStep.ts,
// gruBackwardStep.ts), so the state and gradient buffers they write are read by the same programs after.
//   forward:  per t = 0 … T−1: gh = h·W_hhᵀ + b_hh, gates, h' (the cell's planes of slice t; GRU h, r, z, n, gh_n)
//   backward: per t = T−1 … 0: dh = dY_t + carries + dgh_{t+1}·W_hh (GRU's carry dh_{t+1} ⊙ z_{t+1}), then
//   the gate gradients; the LSTM's dc carry (dc_{t+1} ⊙ f_{t+1}) stays in registers like GRU's
import { type WebGPUProgram } from '../dispatch/programRunner';
import { gateMathWgsl, useBindings, vec4LoaderWgsl } from '../dispatch/wgsl';
import { backwardKey, backwardMathWgsl, dyIndexWgsl, type BackwardOptions, type DyLayout } from './gruBackwardStep';
import { type GruStepSizes } from './gruForwardStep';
import { GRU_KERNEL, previousWgsl, type CellKernel } from './cellKernel';

/** Units per invocation: a vec4 of W_hh columns per gate, as in the per-timestep programs. */
const UNITS_PER_INVOCATION = 4;
/** Invocations a workgroup may have (WebGPU's default maxComputeInvocationsPerWorkgroup). */
const MAX_INVOCATIONS = 256;
/** Rows per workgroup at most: every invocation walks them all, so each W_hh load feeds up to this many rows. */
/** Workgroup memory a program may declare (WebGPU's default maxComputeWorkgroupStorageSize). */
const WORKGROUP_BYTES = 16384;
const MAX_ROWS = 4;

export interface WindowTiling {
  /** Batch rows per workgroup, all of them walked by every invocation (each W_hh load feeds every row). */
  rows: number;
  /** Invocations per workgroup: ceil(H / 4), one per 4 units. */
  unitTiles: number;
  workgroup: number;
  /** Workgroups: ceil(B / rows). */
  groups: number;
}

/**
 * How the whole-window programs spread over a shape, or null where they cannot run: a row's units must fit
 * one workgroup, and the backward walk's dgh (two buffers of G·H per row; G = 3 for the GRU) must fit workgroup memory.
 */
export function windowTiling(batch: number, units: number, gates = 3): WindowTiling | null {
  const unitTiles = Math.ceil(units / UNITS_PER_INVOCATION);
  const byMemory = Math.floor(WORKGROUP_BYTES / (2 * gates * units * 4));
  if (unitTiles > MAX_INVOCATIONS || byMemory < 1) return null;
  let rows = 1;
  while (rows * 2 <= Math.min(MAX_ROWS, byMemory, batch)) rows *= 2;
  return { rows, unitTiles, workgroup: unitTiles, groups: Math.ceil(batch / rows) };
}

/** WGSL (inside main): the invocation's first unit j0, the group's first batch row b0 and its row count. */
function prologueWgsl(t: WindowTiling, batch: number): string {
  return `
    let j0 = i32(localIndex) * ${UNITS_PER_INVOCATION};
    let b0 = i32(workgroupId.x) * ${t.rows};
    let rowCount = min(${t.rows}, ${batch} - b0);`;
}

function tilingOrThrow(s: GruStepSizes, cell: CellKernel): WindowTiling {
  const t = windowTiling(s.batch, s.units, cell.gates.length);
  if (!t) throw new Error(`the whole-window ${cell.name} programs do not serve ${s.units} units`);
  return t;
}

const programName = (cell: CellKernel) => (cell === GRU_KERNEL ? 'Gru' : cell.name);

/**
 * Forward over the whole window. Inputs and output as GruForwardStepProgram's, except that W_hh comes in its
 * own layout: gi [T, B, G·H] (or, `byId`, the per-character table [V, G·H] and ids [T·B]), whh [G·H, H], bhh [G·H],
 * h0 [B, P·H] when hasH0; output the state buffer [planes, T, B, H], every slice written by this one dispatch.
 */
export class GruWindowForwardProgram implements WebGPUProgram {
  variableNames: string[];
  variableComponents: number[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  private readonly aligned: boolean;
  private readonly tiling: WindowTiling;

  constructor(
    private readonly s: GruStepSizes,
    private readonly hasH0: boolean,
    private readonly byId = false,
    private readonly cell: CellKernel = GRU_KERNEL,
  ) {
    this.variableNames = [...(hasH0 ? ['gi', 'whh', 'bhh', 'h0'] : ['gi', 'whh', 'bhh']), ...(byId ? ['ids'] : [])];
    this.aligned = s.units % 4 === 0;
    this.variableComponents = this.variableNames.map((n) => (n === 'whh' && this.aligned ? 4 : 1));
    this.outputShape = [cell.planes.length, s.time, s.batch, s.units];
    this.tiling = tilingOrThrow(s, cell);
    this.dispatch = [this.tiling.groups, 1, 1];
    this.workgroupSize = [this.tiling.workgroup, 1, 1];
    this.shaderKey = `folio${programName(cell)}WindowFwd_${s.time}_${s.batch}_${s.units}_${hasH0}_r${this.tiling.rows}${byId ? '_ids' : ''}`;
  }

  /** The accumulator of each gate (accR, accZ, accN for the GRU). */
  private get accs(): string[] {
    return this.cell.gates.map((g) => `acc${g.toUpperCase()}`);
  }

  getUserCode(): string {
    const { time: T, batch: B, units: H } = this.s;
    const R = this.tiling.rows;
    const cell = this.cell;
    const G = cell.gates.length;
    const math = cell.forward({
      gi: (q) => `gi[g + ${q === 0 ? '' : `${q * H} + `}j]`,
      gh: (q) => `${this.accs[q]}[i][c]`,
      bhh: (q) => `bhh[${q === 0 ? '' : `${q * H} + `}j]`,
      hPrev: `hs[cur + i * ${H} + j]`,
      cPrev: 'cPrev',
    });
    const h0At = (p: number) => `h0[(b0 + i) * ${cell.statePlanes * H} + ${p === 0 ? '' : `${p * H} + `}j]`;
    return `
      ${gateMathWgsl}
      ${this.aligned ? vec4LoaderWgsl('whh', true) : ''}
      const PLANE_SIZE = ${T * B * H};
      var<workgroup> hs : array<f32, ${2 * R * H}>;
      fn main(index : i32) {
        ${prologueWgsl(this.tiling, B)}
        ${useBindings(this.variableNames)}
        for (var i = 0; i < rowCount; i++) {
          for (var c = 0; c < ${UNITS_PER_INVOCATION}; c++) {
            let j = j0 + c;
            if (j < ${H}) { hs[i * ${H} + j] = ${this.hasH0 ? h0At(0) : '0.0'}; }
          }
        }
        workgroupBarrier();
        for (var t = 0; t < ${T}; t++) {
          let cur = (t % 2) * ${R * H};
          let nxt = ((t + 1) % 2) * ${R * H};
          ${this.accs.map((a) => `var ${a} = array<vec4<f32>, ${R}>(); // explicit: a loop-scoped var must restart at zero`).join('\n          ')}
          ${this.aligned ? this.recurrentAligned() : this.recurrentScalar()}
          for (var i = 0; i < rowCount; i++) {
            let b = b0 + i;
            for (var c = 0; c < ${UNITS_PER_INVOCATION}; c++) {
              let j = j0 + c;
              if (j >= ${H}) { break; }
              let g = ${this.byId ? `ids[t * ${B} + b]` : `(t * ${B} + b)`} * ${G * H};
              let o = (t * ${B} + b) * ${H} + j;
              ${cell.reads.cPrev ? previousWgsl('cPrev', cell, 'result', 1, 1, this.s, this.hasH0) : ''}
              ${math}
              ${cell.planes.map((v, p) => `result[${p} * PLANE_SIZE + o] = ${v};`).join('\n              ')}
              hs[nxt + i * ${H} + j] = hNew;
            }
          }
          workgroupBarrier();
        }
      }
    `;
  }

  /**
   * WGSL: `let r0 … r3, z0 … z3, n0 … n3` (one name per gate letter): what `load(row)` reads from W_hh [G·H, H]
   * (own layout) for each gate's rows of units j0 … j0 + 3 (clamped to H − 1 when H is not a multiple of 4; those
   * are never used).
   */
  private gatherRows(load: (row: string) => string): string {
    const H = this.s.units;
    const unit = (c: number) => (this.aligned ? `j0 + ${c}` : `min(j0 + ${c}, ${H - 1})`);
    return this.cell.gates
      .map((name, gate) => [0, 1, 2, 3].map((c) => `let ${name}${c} = ${load(`${gate * H} + ${unit(c)}`)};`).join(' '))
      .join('\n            ');
  }

  /** WGSL: acc += h_k·W_hh[., k] for k in order, one k per round (the add order of the transposed layout). */
  private accumulateWgsl(k: string, lane: string): string {
    const R = this.tiling.rows;
    const w = (name: string) => `vec4<f32>(${name}0${lane}, ${name}1${lane}, ${name}2${lane}, ${name}3${lane})`;
    const gates = this.cell.gates;
    return `
            {
              ${gates.map((g) => `let w${g} = ${w(g)};`).join('\n              ')}
              for (var i = 0; i < ${R}; i++) {
                let hk = hs[cur + i * ${this.s.units} + ${k}];
                ${gates.map((g, q) => `${this.accs[q]}[i] += hk * w${g};`).join('\n                ')}
              }
            }`;
  }

  /** H a multiple of 4: one vec4 load reads 4 k of a unit's row; the 4 × 4 block is regrouped per k. */
  private recurrentAligned(): string {
    const H = this.s.units;
    const rows = this.gatherRows((row) => `whh4((${row}) * ${H} + k)`);
    const lanes = ['.x', '.y', '.z', '.w'].map((lane, q) => this.accumulateWgsl(`k + ${q}`, lane)).join('');
    return `
          for (var k = 0; k < ${H}; k += 4) {
            ${rows}
            ${lanes}
          }`;
  }

  /** Other H: one k per round, each unit's W_hh element loaded on its own. */
  private recurrentScalar(): string {
    const H = this.s.units;
    const rows = this.gatherRows((row) => `whh[(${row}) * ${H} + k]`);
    return `
          for (var k = 0; k < ${H}; k++) {
            ${rows}
            ${this.accumulateWgsl('k', '')}
          }`;
  }
}

/**
 * Backward over the whole window (t = T−1 … 0). Inputs and output as GruBackwardStepProgram's: dy [T, B, H] (or
 * as `dyLayout` says), state [planes, T, B, H], whh [G·H, H], h0 [B, P·H] when hasH0; output the gradient buffer
 * [T, B, C·H] (GRU: [dar | daz | dan·r | dh | dan] per row), every row written by this one dispatch.
 */
export class GruWindowBackwardProgram implements WebGPUProgram {
  variableNames: string[];
  variableComponents: number[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  private readonly aligned: boolean;
  private readonly tiling: WindowTiling;
  private readonly options: BackwardOptions;

  constructor(
    private readonly s: GruStepSizes,
    private readonly hasH0: boolean,
    options: DyLayout | BackwardOptions = {},
    private readonly cell: CellKernel = GRU_KERNEL,
  ) {
    this.options = 'stride' in options ? { dyLayout: options } : options;
    this.variableNames = hasH0 ? ['dy', 'state', 'whh', 'h0'] : ['dy', 'state', 'whh'];
    this.aligned = s.units % 4 === 0;
    this.variableComponents = this.variableNames.map((n) => (n === 'whh' && this.aligned ? 4 : 1));
    this.outputShape = [s.time, s.batch, cell.columns.length * s.units];
    this.tiling = tilingOrThrow(s, cell);
    this.dispatch = [this.tiling.groups, 1, 1];
    this.workgroupSize = [this.tiling.workgroup, 1, 1];
    this.shaderKey = `folio${programName(cell)}WindowBwd_${s.time}_${s.batch}_${s.units}_${hasH0}_r${this.tiling.rows}${backwardKey(this.options)}`;
  }

  getUserCode(): string {
    const { time: T, batch: B, units: H } = this.s;
    const R = this.tiling.rows;
    const cell = this.cell;
    const GH = cell.gates.length * H;
    // Carries live in registers from one step to the next: into dh (GRU's dh ⊙ z) and into c (the LSTM's dc ⊙ f).
    const dhCarry = cell.carries.find((c) => c.into === 0);
    const dcCarry = cell.carries.find((c) => c.into === 1);
    const dcStart = this.options.lastFromDy ? `dy[${T * B * H} + o]` : '0.0';
    return `
      ${gateMathWgsl}
      ${vec4LoaderWgsl('whh', this.aligned)}
      var<workgroup> dgh : array<f32, ${2 * R * GH}>;
      fn main(index : i32) {
        ${prologueWgsl(this.tiling, B)}
        ${useBindings(this.variableNames)}
        ${dhCarry ? `var dhCarryNext : array<vec4<f32>, ${R}>;` : ''}
        ${dcCarry ? `var dcCarryNext : array<vec4<f32>, ${R}>;` : ''}
        for (var s = 0; s < ${T}; s++) {
          let t = ${T - 1} - s;
          let cur = (s % 2) * ${R * GH};
          let nxt = ((s + 1) % 2) * ${R * GH};
          var rec = array<vec4<f32>, ${R}>(); // explicit: a loop-scoped var must restart at zero
          if (s > 0) {
            for (var k = 0; k < ${GH}; k++) {
              let w = whh4(k * ${H} + j0);
              for (var i = 0; i < ${R}; i++) { rec[i] += dgh[cur + i * ${GH} + k] * w; }
            }
            ${dhCarry ? `for (var i = 0; i < ${R}; i++) { rec[i] += dhCarryNext[i]; }` : ''}
          }
          for (var i = 0; i < rowCount; i++) {
            let b = b0 + i;
            let dghRow = i * ${GH};
            for (var c = 0; c < ${UNITS_PER_INVOCATION}; c++) {
              let j = j0 + c;
              if (j >= ${H}) { break; }
              let o = (t * ${B} + b) * ${H} + j;
              let dh = dy[${dyIndexWgsl(B, this.options.dyLayout)}] + rec[i][c];
              ${dcCarry ? `var dcCarry = ${dcStart}; if (s > 0) { dcCarry = dcCarryNext[i][c]; }` : ''}
              ${backwardMathWgsl(cell, this.s, this.hasH0, (q) => `dgh[nxt + dghRow + ${q === 0 ? '' : `${q * H} + `}j]`)}
              ${dhCarry ? `dhCarryNext[i][c] = ${cell.columns[dhCarry.column]} * ${dhCarry.factor};` : ''}
              ${dcCarry ? `dcCarryNext[i][c] = ${cell.columns[dcCarry.column]} * ${dcCarry.factor};` : ''}
            }
          }
          workgroupBarrier();
        }
      }
    `;
  }
}
