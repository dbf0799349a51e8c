// What a matmul program computes, as accessor expressions over its input buffers, so the GRU's gradients can
// read packed state and gradient buffers in place (no copies, no transposes); and what a tile variant supplies.
//   C[m, n] = Σ_k A(m, k) · B(k, n) (+ bias(n))

export interface MatmulSpec {
  name: string; // shader key part; sizes are appended
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
  /** Extra WGSL functions the expressions call (identical texts are emitted once per program). */
  helpers?: string;
  /** Shape of the result (any shape of m·n elements); [m, n] by default. */
  outputShape?: number[];
  /** Which index of A(m, k) walks memory contiguously ('k' by default): a coalescing hint, not a contract. */
  aContiguous?: 'm' | 'k';
  /** Which index of B(k, n) walks memory contiguously ('n' by default). */
  bContiguous?: 'k' | 'n';
}

/** A way of computing one output tile (registerTiles.ts: registers; workgroupTiles.ts: workgroup memory). */
export interface TileVariant {
  name: 'register' | 'shared';
  workgroupSize: [number, number, number];
  /** Outputs per workgroup along m and along n. */
  tileM: number;
  tileN: number;
  /** Whether tile code has barriers (then the tile index must be workgroup-uniform). */
  barriers: boolean;
  /** Module-scope declarations (workgroup memory) shared by every segment's tile code. */
  decls: string;
  /**
   * WGSL `fn tile{s}(mBase : i32, nBase : i32)` computing segment s's tile at (mBase, nBase) through
   * loadA{s}/loadB{s}/bias{s}, writing C[m, n] to result[offset + m·n_s + n].
   */
  tileWgsl(spec: MatmulSpec, s: number, offset: number): string;
}
