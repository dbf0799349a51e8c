// Register tiles: each invocation computes a 4×4 block of C straight from global memory (no workgroup memory,
// no barriers), a workgroup of 16×8 invocations a 32 m × 64 n tile. The variant for CPU emulations.
//   C[m, n] = Σ_k A(m, k) · B(k, n) (+ bias(n))
import type { MatmulSpec, TileVariant } from './matmulSpec';

export const TILE = 4; // outputs per invocation along m and along n
const SIDE_N = 16;
const SIDE_M = 8;

/** WGSL `fn tile{s}(mBase, nBase)`: segment s's outputs of the tile at (mBase, nBase), written from `offset`. */
function tileWgsl(spec: MatmulSpec, s: number, offset: number): string {
  const { m: M, n: N, k: K, bias } = spec;
  return `
    fn tile${s}(mBase : i32, nBase : i32) {
      let n0 = nBase + i32(localId.x) * ${TILE};
      let m0 = mBase + i32(localId.y) * ${TILE};
      if (n0 >= ${N} || m0 >= ${M}) { return; }
      // Clamped indices: edge tiles compute duplicates instead of reading out of bounds.
      let ns = min(vec4<i32>(n0) + vec4<i32>(0, 1, 2, 3), vec4<i32>(${N - 1}));
      let ms = min(vec4<i32>(m0) + vec4<i32>(0, 1, 2, 3), vec4<i32>(${M - 1}));
      var acc : array<vec4<f32>, ${TILE}>;
      for (var k = 0; k < ${K}; k++) {
        let bv = vec4<f32>(loadB${s}(k, ns.x), loadB${s}(k, ns.y), loadB${s}(k, ns.z), loadB${s}(k, ns.w));
        acc[0] += loadA${s}(ms.x, k) * bv;
        acc[1] += loadA${s}(ms.y, k) * bv;
        acc[2] += loadA${s}(ms.z, k) * bv;
        acc[3] += loadA${s}(ms.w, k) * bv;
      }
      ${bias ? `let bv = vec4<f32>(bias${s}(ns.x), bias${s}(ns.y), bias${s}(ns.z), bias${s}(ns.w));` : ''}
      for (var i = 0; i < ${TILE}; i++) {
        let m = m0 + i;
        if (m >= ${M}) { break; }
        let v = acc[i]${bias ? ' + bv' : ''};
        for (var c = 0; c < ${TILE}; c++) {
          if (n0 + c < ${N}) { result[${offset} + m * ${N} + n0 + c] = v[c]; }
        }
      }
    }`;
}

export const registerTiles: TileVariant = {
  name: 'register',
  workgroupSize: [SIDE_N, SIDE_M, 1],
  tileM: TILE * SIDE_M,
  tileN: TILE * SIDE_N,
  barriers: false,
  decls: '',
  tileWgsl,
};
