// Matmul programs over accessor specs (matmulSpec.ts), with the tile variant for this adapter: shared-memory
// tiles on real GPUs, register tiles on a CPU emulation (kernelVariants.ts); both give the same results.
// One program may compute several independent matmuls ("segments") into one flat output, segment after
// segment: the weight gradients of a layer then cost one dispatch, and Adam reads each through a view.
import * as tf from '../../tfjs';
import { kernelVariants, type MatmulVariant } from '../kernelVariants';
import { groups, runProgram, type WebGPUProgram } from '../dispatch/programRunner';
import { useBindings } from '../dispatch/wgsl';
import { registerTiles } from './registerTiles';
import { sharedTiles } from './workgroupTiles';
import type { MatmulSpec, TileVariant } from './matmulSpec';

export type { MatmulSpec };

/** WebGPU's default maxComputeWorkgroupsPerDimension: the tiles run as a one-dimensional dispatch. */
const MAX_WORKGROUPS = 65535;

const variantOf = (v: MatmulVariant): TileVariant => (v === 'shared' ? sharedTiles : registerTiles);

class MatmulProgram implements WebGPUProgram {
  variableNames: string[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  private readonly tilesN: number[];
  private readonly tiles: number[];

  constructor(
    name: string,
    private readonly specs: MatmulSpec[],
    inputs: string[],
    outputShape: number[],
    private readonly variant: TileVariant,
  ) {
    this.variableNames = inputs;
    this.outputShape = outputShape;
    this.workgroupSize = variant.workgroupSize;
    this.tilesN = specs.map((s) => groups(s.n, variant.tileN));
    this.tiles = specs.map((s, i) => this.tilesN[i] * groups(s.m, variant.tileM));
    const total = this.tiles.reduce((a, b) => a + b, 0);
    if (total > MAX_WORKGROUPS) throw new Error(`matmul ${name}: ${total} tiles, more than one dispatch holds`);
    this.dispatch = [total, 1, 1];
    const sizes = specs.map((s) => `${s.name}_${s.m}_${s.n}_${s.k}_${s.aContiguous ?? 'k'}${s.bContiguous ?? 'n'}`);
    this.shaderKey = `folioMatmul_${variant.name}_${name}_${sizes.join('_')}`;
  }

  getUserCode(): string {
    const helpers = [...new Set(this.specs.map((s) => s.helpers ?? ''))].join('\n');
    let offset = 0;
    const code = this.specs.map((spec, s) => {
      const fns = `
        fn loadA${s}(m : i32, k : i32) -> f32 { return ${spec.a}; }
        fn loadB${s}(k : i32, n : i32) -> f32 { return ${spec.b}; }
        ${spec.bias ? `fn bias${s}(n : i32) -> f32 { return ${spec.bias}; }` : ''}
        ${this.variant.tileWgsl(spec, s, offset)}`;
      offset += spec.m * spec.n;
      return fns;
    });
    // Tile index → segment, then (mBase, nBase) within it; uniform across the workgroup where tiles have barriers.
    let first = 0;
    const branches = this.specs.map((_, s) => {
      const branch = `if (tile < ${first + this.tiles[s]}) {
          let t = tile - ${first};
          tile${s}((t / ${this.tilesN[s]}) * ${this.variant.tileM}, (t % ${this.tilesN[s]}) * ${this.variant.tileN});
        }`;
      first += this.tiles[s];
      return branch;
    });
    const tileIndex = this.variant.barriers
      ? `if (localIndex == 0u) { tileShared = i32(workgroupId.x); }
        let tile = workgroupUniformLoad(&tileShared);`
      : 'let tile = i32(workgroupId.x);';
    return `
      ${helpers}
      ${this.variant.decls}
      ${this.variant.barriers ? 'var<workgroup> tileShared : i32;' : ''}
      ${code.join('\n')}
      fn main(index : i32) {
        ${useBindings(this.variableNames)}
        ${tileIndex}
        ${branches.join(' else ')}
      }
    `;
  }
}

/** A program computing `spec` (output shape spec.outputShape, or [m, n]). */
export function matmulProgram(spec: MatmulSpec, variant: MatmulVariant = kernelVariants().matmul): WebGPUProgram {
  return new MatmulProgram(spec.name, [spec], spec.inputs, spec.outputShape ?? [spec.m, spec.n], variantOf(variant));
}

/** One matmul of a batch: its spec and the tensors its input names stand for. */
export interface MatmulJob {
  spec: MatmulSpec;
  tensors: tf.Tensor[];
}

/** Where each job's result lies in the flat output of runMatmuls. */
export function segmentOffsets(jobs: MatmulJob[]): number[] {
  const offsets: number[] = [];
  let offset = 0;
  for (const { spec } of jobs) {
    offsets.push(offset);
    offset += spec.m * spec.n;
  }
  return offsets;
}

/**
 * Several matmuls in one dispatch, into one flat tensor [Σ m·n] (job i's C row-major from segmentOffsets[i]).
 * Jobs share inputs by name: one name must stand for one tensor. WebGPU binds at most 8 storage buffers.
 */
export function runMatmuls(
  name: string,
  jobs: MatmulJob[],
  variant: MatmulVariant = kernelVariants().matmul,
): tf.Tensor1D {
  const byName = new Map<string, tf.Tensor>();
  for (const { spec, tensors } of jobs) {
    spec.inputs.forEach((input, i) => {
      const known = byName.get(input);
      if (known && known !== tensors[i]) throw new Error(`runMatmuls ${name}: input ${input} stands for two tensors`);
      byName.set(input, tensors[i]);
    });
  }
  if (byName.size > 7) throw new Error(`runMatmuls ${name}: ${byName.size} inputs, more than WebGPU binds`);
  const total = jobs.reduce((sum, { spec }) => sum + spec.m * spec.n, 0);
  const program = new MatmulProgram(
    name,
    jobs.map((j) => j.spec),
    [...byName.keys()],
    [total],
    variantOf(variant),
  );
  return runProgram(program, [...byName.values()]) as tf.Tensor1D;
}
