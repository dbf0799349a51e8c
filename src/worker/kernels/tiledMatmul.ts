// A register-tiled matmul whose operands are read through WGSL accessor expressions, so the GRU's
// weight and input gradients can read the packed state/gradient buffers without copies or transposes.
//   C[m, n] = Σ_k A(m, k) · B(k, n) (+ bias(n));  each invocation computes a 4×4 tile of C.
import { groups, useBindings, type WebGPUProgram } from './programRunner';

export const TILE = 4; // outputs per invocation along m and along n
const WORKGROUP: [number, number, number] = [16, 8, 1]; // 64 × 32 outputs per workgroup

export interface TiledMatmulSpec {
  name: string; // shader key prefix; sizes are appended
  inputs: string[]; // WGSL buffer names, in the order the tensors are passed
  m: number;
  n: number;
  k: number;
  /** WGSL expression for A(m, k), using i32 variables `m` and `k`. */
  a: string;
  /** WGSL expression for B(k, n), using i32 variables `k` and `n`. */
  b: string;
  /** Optional WGSL expression for a bias added to column n, using `n`. */
  bias?: string;
  /** Extra WGSL functions the expressions call. */
  helpers?: string;
  /** Shape of the result (any shape of m·n elements); [m, n] by default. */
  outputShape?: number[];
  /** Which index of A(m, k) walks memory contiguously ('k' by default): a coalescing hint, not a contract. */
  aContiguous?: 'm' | 'k';
  /** Which index of B(k, n) walks memory contiguously ('n' by default). */
  bContiguous?: 'k' | 'n';
}

export class TiledMatmulProgram implements WebGPUProgram {
  variableNames: string[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout = { x: [1], y: [0] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = WORKGROUP;

  constructor(private readonly spec: TiledMatmulSpec) {
    this.variableNames = spec.inputs;
    this.outputShape = spec.outputShape ?? [spec.m, spec.n];
    this.dispatch = [groups(spec.n, TILE * WORKGROUP[0]), groups(spec.m, TILE * WORKGROUP[1]), 1];
    this.shaderKey = `folioMatmul_${spec.name}_${spec.m}_${spec.n}_${spec.k}`;
  }

  getUserCode(): string {
    const { m: M, n: N, k: K, a, b, bias, helpers = '' } = this.spec;
    return `
      ${helpers}
      fn loadA(m : i32, k : i32) -> f32 { return ${a}; }
      fn loadB(k : i32, n : i32) -> f32 { return ${b}; }
      fn main() {
        let n0 = i32(globalId.x) * ${TILE};
        let m0 = i32(globalId.y) * ${TILE};
        ${useBindings(this.variableNames)}
        if (n0 >= ${N} || m0 >= ${M}) { return; }
        // Clamped indices: edge tiles compute duplicates instead of reading out of bounds.
        let ns = min(vec4<i32>(n0) + vec4<i32>(0, 1, 2, 3), vec4<i32>(${N - 1}));
        let ms = min(vec4<i32>(m0) + vec4<i32>(0, 1, 2, 3), vec4<i32>(${M - 1}));
        var acc : array<vec4<f32>, ${TILE}>;
        for (var k = 0; k < ${K}; k++) {
          let bv = vec4<f32>(loadB(k, ns.x), loadB(k, ns.y), loadB(k, ns.z), loadB(k, ns.w));
          acc[0] += loadA(ms.x, k) * bv;
          acc[1] += loadA(ms.y, k) * bv;
          acc[2] += loadA(ms.z, k) * bv;
          acc[3] += loadA(ms.w, k) * bv;
        }
        ${bias ? `let bv = vec4<f32>(biasAt(ns.x), biasAt(ns.y), biasAt(ns.z), biasAt(ns.w));` : ''}
        for (var i = 0; i < ${TILE}; i++) {
          let m = m0 + i;
          if (m >= ${M}) { break; }
          let v = acc[i]${bias ? ' + bv' : ''};
          for (var c = 0; c < ${TILE}; c++) {
            if (n0 + c < ${N}) { result[m * ${N} + n0 + c] = v[c]; }
          }
        }
      }
      ${bias ? `fn biasAt(n : i32) -> f32 { return ${bias}; }` : ''}
    `;
  }
}
