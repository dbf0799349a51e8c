// What the fused time-loop programs need to know of a cell, as PyTorch's RNNBase knows a mode: the gate count,
// the planes a window keeps per timestep, the gradient buffer's columns and the gate math forward and backward as
// WGSL. Tiling, the k loop, the raw passes and the gradient matmuls are written once and read this.
//   GRU  (r, z, n):    planes h, r, z, n, gh_n      grad [dar | daz | dan·r | dh | dan]   dh carry dh ⊙ z
//   LSTM (i, f, g, o): planes h, c, i, f, g, o      grad [dai | daf | dag | dao | dh | dc] dc carry dc ⊙ f
//   RNN:               plane h                      grad [da | dh]
// dgh is always the first G·H columns (what dh_{t−1} = dgh·W_hh reads) and dh the next H.
import type { CellName } from '../../../shared/cell';

/**
 * A gradient carried from step t + 1 to step t outside the recurrent product: column `column` of the gradient
 * buffer times state plane `plane` (read as `factor` by the backward math). Into state plane `into`: 0 adds it
 * to dh before dY (GRU's dh ⊙ z), 1 is the LSTM's dc, which the backward math reads as `dcCarry`.
 */
export interface Carry {
  column: number;
  plane: number;
  factor: string;
  into: 0 | 1;
}

/** WGSL names the gate math may use; each is an expression or a `let` the caller has in scope. */
export interface ForwardContext {
  gi: (gate: number) => string; // x·W_ihᵀ + b_ih of a gate
  gh: (gate: number) => string; // h·W_hhᵀ of a gate, without b_hh
  bhh: (gate: number) => string;
  hPrev: string;
  cPrev: string;
}

export interface BackwardContext {
  plane: (p: number) => string; // state plane p at (t, b, j)
  hPrev: string;
  cPrev: string;
}

export interface CellKernel {
  name: CellName;
  /** Gate letters in W_ih / W_hh row-block order; G = gates.length. */
  gates: readonly string[];
  /** Planes of the state buffer [planes, T, B, H]: WGSL names the forward math defines, h first (hNew). */
  planes: readonly string[];
  /** Planes of the carried state [B, P·H] (h, and the LSTM's c). */
  statePlanes: number;
  /** The gradient buffer's columns [T, B, C·H]: WGSL names the backward math defines (dh given), dgh first. */
  columns: readonly string[];
  /** Which of hPrev / cPrev the math reads (each costs a load). */
  reads: { hPrev: boolean; cPrev: boolean };
  carries: readonly Carry[];
  /** WGSL `let`s of every plane name, for one (t, b, j). */
  forward(c: ForwardContext): string;
  /** WGSL `let`s of every column name but dh, for one (t, b, j), given `dh` (and `dcCarry` with an into-1 carry). */
  backward(c: BackwardContext): string;
  /** WGSL fn dgiColumn(k): the gradient-buffer column of dgi[:, k], k < G·H. */
  dgiColumnWgsl(units: number): string;
}

const identityDgi = () => `
  fn dgiColumn(k : i32) -> i32 { return k; }
`;

const gru: CellKernel = {
  name: 'gru',
  gates: ['r', 'z', 'n'],
  planes: ['hNew', 'r', 'z', 'n', 'ghn'],
  statePlanes: 1,
  columns: ['dar', 'daz', 'danR', 'dh', 'dan'],
  reads: { hPrev: true, cPrev: false },
  carries: [{ column: 3, plane: 2, factor: 'z', into: 0 }],
  forward: (c) => `
              let r = sigmoidF(${c.gi(0)} + ${c.gh(0)} + ${c.bhh(0)});
              let z = sigmoidF(${c.gi(1)} + ${c.gh(1)} + ${c.bhh(1)});
              let ghn = ${c.gh(2)} + ${c.bhh(2)};
              let n = tanhF(${c.gi(2)} + r * ghn);
              let hNew = n + z * (${c.hPrev} - n);`,
  backward: (c) => `
              let r = ${c.plane(1)};
              let z = ${c.plane(2)};
              let n = ${c.plane(3)};
              let ghn = ${c.plane(4)};
              let dn = dh * (1.0 - z);
              let dz = dh * (${c.hPrev} - n);
              let dan = dn * (1.0 - n * n);
              let dar = dan * ghn * r * (1.0 - r);
              let daz = dz * z * (1.0 - z);
              let danR = dan * r;`,
  // dgi = [dar, daz, dan]: columns 0, 1 and 4.
  dgiColumnWgsl: (units) => `
  fn dgiColumn(k : i32) -> i32 { return select(k, k + ${2 * units}, k >= ${2 * units}); }
`,
};

const lstm: CellKernel = {
  name: 'lstm',
  gates: ['i', 'f', 'g', 'o'],
  planes: ['hNew', 'cNew', 'gateI', 'gateF', 'gateG', 'gateO'],
  statePlanes: 2,
  columns: ['dai', 'daf', 'dag', 'dao', 'dh', 'dc'],
  reads: { hPrev: false, cPrev: true },
  carries: [{ column: 5, plane: 3, factor: 'gateF', into: 1 }],
  forward: (c) => `
              let gateI = sigmoidF(${c.gi(0)} + (${c.gh(0)} + ${c.bhh(0)}));
              let gateF = sigmoidF(${c.gi(1)} + (${c.gh(1)} + ${c.bhh(1)}));
              let gateG = tanhF(${c.gi(2)} + (${c.gh(2)} + ${c.bhh(2)}));
              let gateO = sigmoidF(${c.gi(3)} + (${c.gh(3)} + ${c.bhh(3)}));
              let cNew = gateF * ${c.cPrev} + gateI * gateG;
              let hNew = gateO * tanhF(cNew);`,
  backward: (c) => `
              let cNew = ${c.plane(1)};
              let gateI = ${c.plane(2)};
              let gateF = ${c.plane(3)};
              let gateG = ${c.plane(4)};
              let gateO = ${c.plane(5)};
              let tc = tanhF(cNew);
              let dc = dh * gateO * (1.0 - tc * tc) + dcCarry;
              let dao = dh * tc * gateO * (1.0 - gateO);
              let dai = dc * gateG * gateI * (1.0 - gateI);
              let daf = dc * ${c.cPrev} * gateF * (1.0 - gateF);
              let dag = dc * gateI * (1.0 - gateG * gateG);`,
  dgiColumnWgsl: identityDgi,
};

const rnn: CellKernel = {
  name: 'rnn',
  gates: ['a'],
  planes: ['hNew'],
  statePlanes: 1,
  columns: ['da', 'dh'],
  reads: { hPrev: false, cPrev: false },
  carries: [],
  forward: (c) => `
              let hNew = tanhF(${c.gi(0)} + (${c.gh(0)} + ${c.bhh(0)}));`,
  backward: (c) => `
              let hNew = ${c.plane(0)};
              let da = dh * (1.0 - hNew * hNew);`,
  dgiColumnWgsl: identityDgi,
};

export const CELL_KERNELS: Record<CellName, CellKernel> = { gru, lstm, rnn };
export const GRU_KERNEL = gru;

/** Floats per (t, b, j) of the larger of a window's two buffers (state planes or gradient columns). */
export const windowFloatsPerUnit = (k: CellKernel): number => Math.max(k.planes.length, k.columns.length);

/**
 * WGSL: `var name = …` the value of state plane `plane` at t − 1 for (t, b, j) at index o of a plane, or at
 * t = 0 the initial state's plane `initial` (h0 [B, P·H]) or 0. `from` is the buffer holding the planes.
 */
export function previousWgsl(
  name: string,
  k: CellKernel,
  from: string,
  plane: number,
  initial: number,
  sizes: { time: number; batch: number; units: number },
  hasH0: boolean,
): string {
  const { time: T, batch: B, units: H } = sizes;
  const at = plane === 0 ? `o - ${B * H}` : `${plane * T * B * H} + o - ${B * H}`;
  const first = hasH0 ? `h0[b * ${k.statePlanes * H} + ${initial === 0 ? '' : `${initial * H} + `}j]` : '0.0';
  return `var ${name} = 0.0;
              if (t > 0) { ${name} = ${from}[${at}]; } else { ${name} = ${first}; }`;
}
