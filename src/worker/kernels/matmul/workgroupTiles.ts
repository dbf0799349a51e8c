// Workgroup-shared-memory tiles: 16×16 invocations, each a 4×4 block, a 64×64 tile of C. K advances in slabs
// of 16: A[64 m × 16 k] and B[16 k × 64 n] are staged in workgroup memory as vec4s (one per invocation each),
// then every staged value feeds 4 products from fast memory. The variant for real GPUs.
//   C[m, n] = Σ_k A(m, k) · B(k, n) (+ bias(n))
import type { MatmulSpec, TileVariant } from './matmulSpec';

const SIDE = 16; // invocations per workgroup side
const OUT = 4 * SIDE; // 64 outputs per workgroup side
const SLAB = 16; // K per staged slab: 16 × 64 floats = 256 vec4 = one per invocation

/**
 * WGSL staging one vec4 per invocation into `tile` ([k][outer / 4] of vec4). The invocation's 16 lanes in a
 * row walk the operand's contiguous index, so neighbouring invocations read neighbouring addresses.
 */
function stageWgsl(tile: string, load: string, outerBase: string, contiguousOuter: boolean): string {
  const [q, k] = contiguousOuter ? ['fast', 'slow'] : ['slow', 'fast'];
  return `{
        let q = ${q}; let kk = ${k};
        let o = ${outerBase} + q * 4;
        let kg = k0 + kk;
        ${tile}[kk * ${SIDE} + q] = vec4<f32>(${load}(o, kg), ${load}(o + 1, kg), ${load}(o + 2, kg), ${load}(o + 3, kg));
      }`;
}

/** WGSL `fn tile{s}(mBase, nBase)`: segment s's outputs of the tile at (mBase, nBase), written from `offset`. */
function tileWgsl(spec: MatmulSpec, s: number, offset: number): string {
  const { m: M, n: N, k: K, bias } = spec;
  return `
    // Zero outside C's edges and past K, so edge tiles need no special path.
    fn safeA${s}(m : i32, k : i32) -> f32 { if (m < ${M} && k < ${K}) { return loadA${s}(m, k); } return 0.0; }
    fn safeB${s}(n : i32, k : i32) -> f32 { if (n < ${N} && k < ${K}) { return loadB${s}(k, n); } return 0.0; }
    fn tile${s}(mBase : i32, nBase : i32) {
      let tx = i32(localId.x);
      let ty = i32(localId.y);
      let fast = i32(localIndex) % ${SIDE};
      let slow = i32(localIndex) / ${SIDE};
      var acc : array<vec4<f32>, 4>;
      for (var k0 = 0; k0 < ${K}; k0 += ${SLAB}) {
        ${stageWgsl('tileA', `safeA${s}`, 'mBase', spec.aContiguous === 'm')}
        ${stageWgsl('tileB', `safeB${s}`, 'nBase', (spec.bContiguous ?? 'n') === 'n')}
        workgroupBarrier();
        for (var kk = 0; kk < ${SLAB}; kk++) {
          let av = tileA[kk * ${SIDE} + ty];
          let bv = tileB[kk * ${SIDE} + tx];
          acc[0] += av.x * bv;
          acc[1] += av.y * bv;
          acc[2] += av.z * bv;
          acc[3] += av.w * bv;
        }
        workgroupBarrier();
      }
      let n0 = nBase + tx * 4;
      ${
        bias
          ? `var bv = vec4<f32>(0.0);
      for (var c = 0; c < 4; c++) { if (n0 + c < ${N}) { bv[c] = bias${s}(n0 + c); } }`
          : ''
      }
      for (var i = 0; i < 4; i++) {
        let m = mBase + ty * 4 + i;
        if (m >= ${M}) { break; }
        let v = acc[i]${bias ? ' + bv' : ''};
        for (var c = 0; c < 4; c++) {
          if (n0 + c < ${N}) { result[${offset} + m * ${N} + n0 + c] = v[c]; }
        }
      }
    }`;
}

export const sharedTiles: TileVariant = {
  name: 'shared',
  workgroupSize: [SIDE, SIDE, 1],
  tileM: OUT,
  tileN: OUT,
  barriers: true,
  decls: `
    var<workgroup> tileA : array<vec4<f32>, ${SLAB * SIDE}>; // [k][m / 4]
    var<workgroup> tileB : array<vec4<f32>, ${SLAB * SIDE}>; // [k][n / 4]`,
  tileWgsl,
};
