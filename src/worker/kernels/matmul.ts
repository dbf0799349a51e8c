// The matmul program for this adapter: shared-memory tiles on real GPUs, register tiles on a CPU emulation
// (see kernelVariants.ts). Both read the same accessor spec and give the same results.
import { kernelVariants, type MatmulVariant } from './kernelVariants';
import { SharedMatmulProgram } from './sharedMatmul';
import { TiledMatmulProgram, type TiledMatmulSpec } from './tiledMatmul';
import type { WebGPUProgram } from './programRunner';

export function matmulProgram(spec: TiledMatmulSpec, variant: MatmulVariant = kernelVariants().matmul): WebGPUProgram {
  return variant === 'shared' ? new SharedMatmulProgram(spec) : new TiledMatmulProgram(spec);
}
